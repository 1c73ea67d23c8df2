import assert from "node:assert/strict";
import { test } from "node:test";
import type { Column } from "../../src/core/frame.js";
import { sigmoid } from "../../src/core/scorer.js";
import { type ReasonContext, adverseReasons, pointsOf, topReasons } from "../../src/explain/reasons.js";
import { DEFAULT_TEMPLATES, validateTemplates } from "../../src/train/reason-templates.js";

const columns: Column[] = [
  { kind: "numeric", name: "pages", values: Float64Array.of(12) },
  { kind: "categorical", name: "source", codes: Int32Array.of(1), levels: ["ads", "webinar"] },
  { kind: "numeric", name: "age", values: Float64Array.of(Number.NaN) },
];
const context: ReasonContext = {
  columns: ["pages", "source", "age"],
  frameColumns: new Map(columns.map((c) => [c.name, c])),
  // pages: percentiles 1..99 of 1..100 are 1..99 -> 87 of the 99 stored percentiles lie above 12, out of 100 slots.
  profiles: new Map([["pages", { column: "pages", percentiles: Array.from({ length: 99 }, (_, i) => i + 1) }]]),
  templates: DEFAULT_TEMPLATES,
};
// base -1, effects 1.0, -0.5, 0.3 -> log-odds -0.2
const row = { row: 0, effects: Float64Array.of(1.0, -0.5, 0.3), base: -1, logOdds: -0.2 };

test("points share out the distance from the average score in proportion to log-odds effects", () => {
  const points = pointsOf(row.effects, row.base, row.logOdds);
  const distance = 100 * (sigmoid(-0.2) - sigmoid(-1));
  assert.ok(Math.abs(points.reduce((a, b) => a + b, 0) - distance) < 1e-12);
  assert.ok(Math.abs((points[0] as number) - distance * (1.0 / 0.8)) < 1e-12);
});

test("top reasons: strongest first, plain language with value and comparison", () => {
  const reasons = topReasons(context, row, 3);
  assert.deepEqual(reasons.map((r) => r.column), ["pages", "source", "age"]);
  assert.equal(reasons[0]?.text, "pages is 12 (lower than 87 % of leads) — raises the score");
  assert.equal(reasons[1]?.text, "source is webinar — lowers the score");
  assert.equal(reasons[2]?.text, "age is missing — raises the score");
  assert.ok((reasons[1]?.points as number) < 0);
});

test("adverse action against the best applicant: points lost if the column alone were at its best", () => {
  const best = Float64Array.of(-0.4, -0.5, 0.1);
  const reasons = adverseReasons(context, row, 4, "best", best);
  // lost log-odds: pages 1.4, source 0 (already at its best: not a reason), age 0.2
  assert.deepEqual(reasons.map((r) => r.column), ["pages", "age"]);
  const p = sigmoid(-0.2);
  assert.ok(Math.abs((reasons[0]?.points as number) + 100 * (p - sigmoid(-0.2 - 1.4))) < 1e-12);
  assert.ok(reasons.every((r) => r.points < 0 && r.text.endsWith("counts against the applicant")));
});

test("reason templates: labels, units, templates, and every problem reported at once", () => {
  const templates = validateTemplates({ population: "applicants", columns: { pages: { label: "Pages viewed", unit: "pages" }, source: { template: "Came from {value} — {effect}" } } }, "reasons.json");
  const reasons = topReasons({ ...context, templates }, row, 2);
  assert.equal(reasons[0]?.text, "Pages viewed is 12 pages (lower than 87 % of applicants) — raises the score");
  assert.equal(reasons[1]?.text, "Came from webinar — lowers the score");
  assert.throws(
    () => validateTemplates({ population: 3, columns: { a: { colour: "red" }, b: { template: "{nope}" } } }, "reasons.json"),
    /reasons\.json: "population" must be a string; columns\."a"\.colour is not known .*; columns\."b"\.template uses unknown \{nope\}/,
  );
});
