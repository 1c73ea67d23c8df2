import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import { LeadscoreError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { readFrame } from "../../src/data/read-frame.js";
import { readTable } from "../../src/data/read-table.js";
import type { TrainOptions } from "../../src/train/options.js";
import { frameTrainingData, hashedColumns, trainFromData, trainFromTable } from "../../src/train/train.js";

const dir = mkdtempSync(join(tmpdir(), "leadscore-read-frame-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Reads like the large-file path of `train`, in small chunks. */
async function streamed(path: string, options: TrainOptions, chunkRows: number) {
  const read = await readFrame(path, {
    na: options.na ?? [],
    chunkRows,
    kinds: { ...(options.kinds ?? {}), [options.target]: "categorical" },
    requiredColumn: options.target,
    hashColumns: (schema) => hashedColumns(schema, options),
  });
  return trainFromData(() => frameTrainingData(read, options), options);
}

describe("training from a file streamed into typed columns", () => {
  it("gives the same model.json and report as reading the whole table (bank marketing)", async () => {
    const path = resolve(import.meta.dirname, "..", "..", "examples", "bank-marketing.csv");
    const options: TrainOptions = { target: "y", exclude: ["duration"], model: "gbdt", folds: 2, seed: 3, params: { trees: "8" } };
    const whole = trainFromTable(await readTable(path), options);
    const chunked = await streamed(path, options, 700);
    assert.equal(JSON.stringify(chunked.model), JSON.stringify(whole.model));
    assert.deepEqual(chunked.report.dataset, whole.report.dataset);
  });

  it("handles missing targets, booleans, dates, ids and levels first seen in a late chunk", async () => {
    const rng = new Rng(5);
    const lines = ["id,amount,channel,active,signed,note,outcome"];
    for (let i = 0; i < 1500; i++) {
      const channel = i > 1300 ? "zz-late" : ["web", "phone", "Event"][rng.int(3)];
      const outcome = rng.next() < 0.05 ? "" : rng.next() < 0.3 ? "yes" : "no";
      const amount = rng.next() < 0.1 ? "NA" : (rng.next() * 1000).toFixed(2);
      lines.push(`${i + 1},${amount},${channel},${rng.next() < 0.5 ? "True" : "false"},2024-0${1 + rng.int(9)}-1${rng.int(9)},"free text ${rng.int(50)}",${outcome}`);
    }
    const path = join(dir, "leads.csv");
    writeFileSync(path, `${lines.join("\n")}\n`);
    const options: TrainOptions = { target: "outcome", model: "gbdt", folds: 2, seed: 1, params: { trees: "5" } };
    const whole = trainFromTable(await readTable(path), options);
    const chunked = await streamed(path, options, 256);
    assert.equal(JSON.stringify(chunked.model), JSON.stringify(whole.model));
    assert.deepEqual(chunked.report.dataset, whole.report.dataset);
    assert.deepEqual(chunked.report.quality, whole.report.quality);
  });

  it("names the line and column of a value that contradicts the kind inferred from the sample", async () => {
    const lines = ["x,y"];
    for (let i = 0; i < 300; i++) lines.push(`${i % 7},${i % 2}`);
    lines.push("seven,1");
    const path = join(dir, "late-text.csv");
    writeFileSync(path, `${lines.join("\n")}\n`);
    await assert.rejects(
      readFrame(path, { sampleRows: 100, chunkRows: 50 }),
      (e: unknown) => e instanceof LeadscoreError && e.code === "data" && /:302/.test(e.message) && /'x'/.test(e.message) && /'seven' is not a number/.test(e.message),
    );
  });
});
