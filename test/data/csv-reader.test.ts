import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { readCsv, readCsvChunks, resolveDelimiter } from "../../src/data/csv-reader.js";
import { sampleFieldCounts, sniffDelimiter } from "../../src/data/csv-sniff.js";
import { fixture, plain, rejectsWith, stacked, throwsWith } from "./fixtures.js";

test("semicolon file: sniffed, quotes removed, doubled quotes unescaped, values trimmed, NA missing", async () => {
  const table = plain(await readCsv(fixture("semicolon.csv")));
  assert.deepEqual(table, {
    header: ["id", "city", "amount", "note"],
    cells: [
      ["1", "2", "3"],
      ["Paris", "Lyon", "Nice"],
      ["12.5", null, "-3e2"],
      ["a;b", 'say "hi"', null],
    ],
    lines: [2, 3, 4],
    rows: 3,
  });
});

test("tab and pipe files are sniffed; a file without a trailing newline keeps its last row", async () => {
  assert.deepEqual(plain(await readCsv(fixture("tab.tsv"))).cells, [
    ["1", "2"],
    ["x y", null],
    [null, "z"],
  ]);
  const pipe = plain(await readCsv(fixture("pipe.csv")));
  assert.deepEqual(pipe.header, ["a", "b"]);
  assert.deepEqual(pipe.cells, [
    ["1", "3"],
    ["2", "4"],
  ]);
  assert.deepEqual(pipe.lines, [2, 3]);
});

test("BOM, CRLF, embedded newline and delimiter in quotes, trailing blank lines", async () => {
  const table = plain(await readCsv(fixture("quoted-crlf-bom.csv")));
  assert.deepEqual(table.header, ["name", "comment", "score"]);
  assert.deepEqual(table.cells, [
    ["Smith, J.", "Lee", 'O"Brien'],
    ["line one\r\nline two", null, "plain"],
    ["7", null, "8"],
  ]);
  // The first row spans lines 2-3, so the next rows start on lines 4 and 5.
  assert.deepEqual(table.lines, [2, 4, 5]);
});

test("empty header cells are named column_N; blank and whitespace-only lines are skipped", async () => {
  assert.deepEqual((await readCsv(fixture("empty-header.csv"))).header, ["a", "column_2", "c"]);
  const blank = plain(await readCsv(fixture("blank-lines.csv")));
  assert.deepEqual(blank.cells, [
    ["1", "3"],
    ["2", "4"],
  ]);
  assert.deepEqual(blank.lines, [3, 5]);
});

test("missing tokens: the defaults, and extra ones from options.na", async () => {
  const table = await readCsv(fixture("missing.csv"));
  const nulls = Array.from({ length: 10 }, () => null);
  assert.deepEqual(table.cells[0], [...nulls, "None", "missing"]);
  assert.deepEqual(table.cells[1], ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]);
  const extra = await readCsv(fixture("missing.csv"), { na: ["missing", "None"] });
  assert.deepEqual(extra.cells[0], [...nulls, null, null]);
});

test("a header-only file gives an empty table with its header; an empty file is an error", async () => {
  const table = plain(await readCsv(fixture("header-only.csv")));
  assert.deepEqual(table, { header: ["a", "b", "c"], cells: [[], [], []], lines: [], rows: 0 });
  const path = fixture("empty.csv");
  await rejectsWith(() => readCsv(path), "data", `${path}: the file is empty; a header row naming the columns is required`);
});

test("errors name the file and line: duplicate header, ragged rows, unclosed quote, bad UTF-8", async () => {
  let path = fixture("duplicate-header.csv");
  await rejectsWith(() => readCsv(path), "data", `${path}:1: the header names two columns 'x' (positions 1 and 3); column names must be unique`);
  path = fixture("ragged.csv");
  const ragged = await rejectsWith(
    () => readCsv(path),
    "data",
    `${path}:4: expected 3 fields (as in the header) but found 4; check for an unquoted delimiter inside a value`,
  );
  assert.deepEqual(ragged.where, { file: path, line: 4 });
  path = fixture("ragged-after-quote.csv");
  await rejectsWith(
    () => readCsv(path),
    "data",
    `${path}:4: expected 2 fields (as in the header) but found 1; check for a missing delimiter or a line break inside an unquoted value`,
  );
  path = fixture("unclosed-quote.csv");
  await rejectsWith(() => readCsv(path), "data", `${path}:2: a quoted value starting on this line is never closed; check for a stray '"'`);
  path = fixture("bad-utf8.csv");
  await rejectsWith(() => readCsv(path), "data", `${path}:2: the file is not valid UTF-8 text; save it as UTF-8 (in a spreadsheet: "CSV UTF-8")`);
});

test("text after a closing quote is an error", async () => {
  const dir = mkdtempSync(join(tmpdir(), "leadscore-csv-"));
  try {
    const path = join(dir, "junk.csv");
    writeFileSync(path, 'a,b\n1,2\n"x"y,3\n');
    await rejectsWith(() => readCsv(path), "data", `${path}:3: unexpected text after the closing quote of a value; a quote inside a quoted value must be doubled ("")`);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("chunks of 1 and 2 rows hold the same cells and lines as one read", async () => {
  for (const name of ["semicolon.csv", "quoted-crlf-bom.csv", "missing.csv", "blank-lines.csv", "pipe.csv"]) {
    const whole = plain(await readCsv(fixture(name)));
    for (const chunkRows of [1, 2]) {
      const { tables, table } = await stacked(readCsvChunks(fixture(name), { chunkRows }));
      assert.deepEqual(table, whole, `${name} in chunks of ${chunkRows}`);
      assert.equal(tables, Math.max(1, Math.ceil(whole.rows / chunkRows)), `${name}: no empty trailing chunk`);
    }
  }
  const headerOnly = await stacked(readCsvChunks(fixture("header-only.csv"), { chunkRows: 2 }));
  assert.equal(headerOnly.tables, 1);
  assert.deepEqual(headerOnly.table.header, ["a", "b", "c"]);
});

test("a file larger than one read: records, quotes and multi-byte characters across read boundaries", async () => {
  const dir = mkdtempSync(join(tmpdir(), "leadscore-csv-"));
  try {
    const path = join(dir, "big.csv");
    const rows = 100_000;
    const names = ["Zoë", "日本語", "emoji 🎉 party", "plain", 'quote "inside"', "multi\nline"];
    let text = "\uFEFFid;name;amount\r\n";
    for (let r = 0; r < rows; r++) {
      const name = names[r % names.length] as string;
      const quoted = /["\n;]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name;
      text += `${r};${quoted};${r % 7 === 0 ? "NA" : (r * 0.5).toString()}\r\n`;
    }
    writeFileSync(path, text);
    let seen = 0;
    let line = 2;
    let chunks = 0;
    for await (const chunk of readCsvChunks(path, { chunkRows: 30_000 })) {
      chunks++;
      for (let i = 0; i < chunk.rows; i++, seen++) {
        const name = names[seen % names.length] as string;
        assert.equal(chunk.cells[0]?.[i], String(seen));
        assert.equal(chunk.cells[1]?.[i], name);
        assert.equal(chunk.cells[2]?.[i], seen % 7 === 0 ? null : (seen * 0.5).toString());
        assert.equal(chunk.lines[i], line, `line of row ${seen}`);
        line += name.includes("\n") ? 2 : 1;
      }
    }
    assert.equal(seen, rows);
    assert.equal(chunks, Math.ceil(rows / 30_000));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("an explicit delimiter overrides sniffing; tab may be spelled out; a bad one is a usage error", async () => {
  const table = await readCsv(fixture("tab.tsv"), { delimiter: "|" });
  assert.deepEqual(table.header, ["a\tb\tc"]);
  assert.deepEqual(table.cells[0], ["1\tx y", "2\t?\tz"]);
  assert.equal(resolveDelimiter("tab"), "\t");
  assert.equal(resolveDelimiter("\\t"), "\t");
  throwsWith(() => resolveDelimiter(";;"), "usage", "The delimiter must be one character other than a quote or a line break, got ';;'.");
});

test("sniffing counts fields the way the reader does, quotes included", () => {
  assert.deepEqual(sampleFieldCounts('a,b,c\n1,"x,y",3\n4,5,6', ",", true), [3, 3, 3]);
  assert.deepEqual(sampleFieldCounts('a,b,c\n1,"x,y",3\n4,5', ",", false), [3, 3]);
  assert.equal(sniffDelimiter('name;note\nx;"a,b,c"\ny;"d,e"\n', true), ";");
  assert.equal(sniffDelimiter('a,b\n"x;y",1\n"p;q",2\n', true), ",");
  // Both split the header in two, but only ';' is consistent.
  assert.equal(sniffDelimiter("a,b;c\n1;2,3,4\n5;6,7,8\n", true), ";");
  assert.equal(sniffDelimiter("a|b|c\n1|2|3\n", true), "|");
  assert.equal(sniffDelimiter("single\n1\n2\n", true), ",");
});
