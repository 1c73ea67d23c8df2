import assert from "node:assert/strict";
import { test } from "node:test";
import type { Frame } from "../../src/core/frame.js";
import { featureInfos, fitPreprocessor, transform } from "../../src/features/preprocessor.js";

const DAY = 86_400_000;

function frame(): Frame {
  // 12 rows: a numeric with one missing, a categorical with a frequent, a rare and a missing level, a date.
  const codes = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, -1]);
  return {
    source: "fixture",
    rows: 12,
    lines: Int32Array.from({ length: 12 }, (_, i) => i + 2),
    columns: [
      { kind: "numeric", name: "x", values: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, Number.NaN]) },
      { kind: "categorical", name: "c", codes, levels: ["often", "rare"] },
      { kind: "datetime", name: "d", values: Float64Array.from({ length: 12 }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY) },
    ],
  };
}

test("linear encoding: median-imputed, standardised, indicators and pooled rare levels", () => {
  const pre = fitPreprocessor(frame(), ["x", "c", "d"], "linear", undefined, { minLevelRows: 2, maxLevels: 10 });
  const x = pre.columns[0];
  assert.equal(x?.kind, "numeric");
  if (x?.kind !== "numeric") return;
  assert.equal(x.median, 6);
  assert.equal(x.mean, 6);
  assert.ok(Math.abs(x.std - Math.sqrt(110 / 11)) < 1e-12);
  assert.deepEqual(
    featureInfos(pre).map((f) => f.name),
    ["x", "x (missing)", "c=often", "c=(other)", "c (missing)", "d"],
  );
  const X = transform(pre, frame());
  assert.equal(X.columns[0]?.[11], 0); // missing -> median -> standardised 0
  assert.equal(X.columns[1]?.[11], 1);
  assert.equal(X.columns[3]?.[10], 1); // rare level pooled into (other)
  assert.equal(X.columns[4]?.[11], 1);
  // Dates become days before the latest training date, then standardised: the last row is 0 days.
  const d = pre.columns[2];
  if (d?.kind !== "numeric") return assert.fail("date encoding");
  assert.equal(d.referenceTime, Date.UTC(2024, 0, 12));
  assert.ok(Math.abs((X.columns[5]?.[11] as number) - (0 - d.mean) / d.std) < 1e-12);
});

test("tree encoding keeps NaN and gives categorical codes, fitted on training rows only", () => {
  const rows = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]); // the rare level and the missing row are held out
  const pre = fitPreprocessor(frame(), ["x", "c"], "tree", rows, { minLevelRows: 2, maxLevels: 10 });
  const features = featureInfos(pre);
  assert.deepEqual(features.map((f) => [f.name, f.type, f.categories]), [["x", "numeric", undefined], ["c", "categorical", 1]]);
  const X = transform(pre, frame());
  assert.ok(Number.isNaN(X.columns[0]?.[11] as number));
  assert.equal(X.columns[1]?.[0], 0);
  // "rare" was never seen in the training rows and there is no (other) slot: it is treated as missing.
  assert.ok(Number.isNaN(X.columns[1]?.[10] as number));
});

test("an unseen level at scoring time goes to (other) for linear models", () => {
  const pre = fitPreprocessor(frame(), ["c"], "linear", undefined, { minLevelRows: 2, maxLevels: 10 });
  const scoring: Frame = {
    source: "new",
    rows: 1,
    lines: Int32Array.of(2),
    columns: [{ kind: "categorical", name: "c", codes: Int32Array.of(-2), levels: ["often", "rare"] }],
  };
  const X = transform(pre, scoring);
  assert.deepEqual(X.columns.map((c) => c[0]), [0, 1, 0]);
});
