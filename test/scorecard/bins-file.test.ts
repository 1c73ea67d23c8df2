import assert from "node:assert/strict";
import { test } from "node:test";
import type { Matrix } from "../../src/core/matrix.js";
import { Rng } from "../../src/core/rng.js";
import { binsFileOf, binsFileText, parseBinsFile } from "../../src/scorecard/bins-file.js";
import { ScorecardLearner } from "../../src/scorecard/scorecard-learner.js";

function data(): { X: Matrix; y: Uint8Array } {
  const rng = new Rng(9);
  const n = 1200;
  const age = new Float64Array(n);
  const kind = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    age[i] = rng.next() < 0.07 ? Number.NaN : 18 + rng.int(60);
    kind[i] = rng.int(5);
    const z = -1 + (Number.isNaN(age[i] as number) ? 0.5 : -((age[i] as number) - 45) / 20) + ((kind[i] as number) - 2) * 0.3;
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return {
    X: {
      rows: n,
      features: [
        { name: "age", source: "age", type: "numeric" },
        { name: "kind", source: "kind", type: "categorical", categories: 5, levels: ["a", "b", "c", "d"] },
      ],
      columns: [age, kind],
    },
    y,
  };
}

test("bins.json round trip: written, read back, and re-fitted gives the same bins, selection and points", () => {
  const { X, y } = data();
  const fitted = new ScorecardLearner().fit(X, y).toJSON();
  const text = binsFileText(binsFileOf(fitted));
  assert.match(text, /"cuts": \[[\d, ]+\]/, "cuts on one line");
  const parsed = parseBinsFile(text, "bins.json");
  assert.equal(parsed.characteristics.length, 2);
  const kind = parsed.characteristics[1];
  assert.ok(kind?.groups?.flat().includes("(other)"));
  const again = new ScorecardLearner({}, { bins: parsed }).fit(X, y).toJSON();
  assert.deepEqual(again.characteristics.map((c) => [c.layout, c.bins, c.points, c.selected]), fitted.characteristics.map((c) => [c.layout, c.bins, c.points, c.selected]));
  assert.deepEqual(again.characteristics.map((c) => c.origin), ["user", "user"]);
});

test("bins.json problems are all reported at once, naming the file and characteristic", () => {
  const doc = {
    format: "leadscore-bins",
    version: 1,
    characteristics: [
      { column: "age", type: "numeric", cuts: [30, 20], missing: 9 },
      { column: "kind", type: "categorical", groups: [["a", "b"], ["b"]], selected: "yes" },
      { column: "age", type: "numeric" },
      { column: "x", type: "text" },
    ],
  };
  assert.throws(
    () => parseBinsFile(JSON.stringify(doc), "my-bins.json"),
    (error: unknown) => {
      const message = (error as Error).message;
      return (
        message.startsWith("my-bins.json: ") &&
        message.includes('"cuts" must increase, but 20 follows 30') &&
        message.includes("characteristic 'age', missing: \"bin\" must be \"own\" or a bin number from 0 to 2") &&
        message.includes("level 'b' is in two groups") &&
        message.includes('"selected" must be true or false') &&
        message.includes("characteristic 'age' is listed twice") &&
        message.includes('"type" must be "numeric" or "categorical"')
      );
    },
  );
  assert.throws(() => parseBinsFile("{", "b.json"), /b\.json is not valid JSON/);
  assert.throws(() => parseBinsFile('{"format":"other","version":1,"characteristics":[]}', "b.json"), /"format" must be "leadscore-bins"/);
});

test("bins.json naming a column that is not a characteristic, or with the wrong type, is refused at fit time", () => {
  const { X, y } = data();
  const bins = parseBinsFile(JSON.stringify({ format: "leadscore-bins", version: 1, characteristics: [{ column: "ghost", type: "numeric" }, { column: "kind", type: "numeric", cuts: [1] }] }), "b.json");
  assert.throws(() => new ScorecardLearner({}, { bins }).fit(X, y), /bins\.json names 'ghost'.*bins\.json gives 'kind' as numeric, but it is categorical/);
});
