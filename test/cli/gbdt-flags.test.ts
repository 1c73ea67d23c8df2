import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ROOT, isCleanUserError, runCli, tempDir } from "./run-cli.js";

const BANK = join(ROOT, "examples", "bank-marketing.csv");

describe("train --monotone / --scale-pos-weight", () => {
  it("plumbs both into the gradient-boosting model", () => {
    const out = tempDir();
    const result = runCli(["train", BANK, "--target", "y", "--model", "gbdt", "--folds", "2", "--param", "trees=10", "--monotone", "age:-1, balance:+1", "--scale-pos-weight", "4", "--out", out, "--quiet"]);
    assert.equal(result.status, 0, result.stderr);
    const model = JSON.parse(readFileSync(join(out, "model.json"), "utf8")) as { scorer: { params: Record<string, unknown> }; calibration: { method: string } };
    assert.equal(model.scorer.params["monotone"], "age:-1,balance:+1");
    assert.equal(model.scorer.params["scalePosWeight"], 4);
    assert.notEqual(model.calibration.method, "none");
  });

  it("refuses a categorical column, an unknown one, a bad weight, and a weight without cross-validation", () => {
    const out = tempDir();
    const common = ["train", BANK, "--target", "y", "--model", "gbdt", "--param", "trees=3", "--out", out];
    const categorical = runCli([...common, "--monotone", "job:+1"]);
    assert.ok(isCleanUserError(categorical) && /'job' is categorical/.test(categorical.stderr), categorical.stderr);
    const unknown = runCli([...common, "--monotone", "salary:+1"]);
    assert.ok(isCleanUserError(unknown) && /'salary' is not a model feature/.test(unknown.stderr), unknown.stderr);
    const weight = runCli([...common, "--scale-pos-weight", "0"]);
    assert.ok(isCleanUserError(weight) && /scalePosWeight/.test(weight.stderr), weight.stderr);
    const noFolds = runCli([...common, "--folds", "0", "--scale-pos-weight", "3"]);
    assert.ok(isCleanUserError(noFolds) && /--scale-pos-weight needs cross-validation/.test(noFolds.stderr), noFolds.stderr);
  });
});
