import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LeadscoreError } from "../../../src/core/errors.js";
import type { FeatureInfo, Matrix } from "../../../src/core/matrix.js";
import { Rng } from "../../../src/core/rng.js";
import { sigmoid } from "../../../src/core/scorer.js";
import { DecisionTreeLearner } from "../../../src/models/tree/decision-tree.js";

const numeric = (name: string): FeatureInfo => ({ name, source: name, type: "numeric" });

function matrix(features: FeatureInfo[], columns: Float64Array[]): Matrix {
  return { rows: columns[0]?.length ?? 0, features, columns };
}

/** x = 0, 1/n, 2/n, …; y = 1 exactly when x > cut. */
function stepData(n: number, cut: number): { X: Matrix; y: Uint8Array } {
  const x = Float64Array.from({ length: n }, (_, i) => i / n);
  const y = Uint8Array.from(x, (v) => (v > cut ? 1 : 0));
  return { X: matrix([numeric("x")], [x]), y };
}

function leaves(scorer: { tree: { nodeCount: number; feature: Int32Array } }): number {
  let n = 0;
  for (let i = 0; i < scorer.tree.nodeCount; i++) if ((scorer.tree.feature[i] as number) < 0) n++;
  return n;
}

describe("DecisionTreeLearner", () => {
  it("finds the split of a step function at the midpoint between the two values around it", () => {
    const { X, y } = stepData(200, 0.62);
    const scorer = new DecisionTreeLearner({ minLeafRows: 1, minSplitRows: 2 }).fit(X, y);
    assert.equal(scorer.tree.nodeCount, 3);
    assert.equal(scorer.tree.feature[0], 0);
    // last x at or below 0.62 is 124/200 = 0.62, the next is 0.625
    assert.equal(scorer.tree.threshold[0], 0.6225);
    const p = scorer.predictProba(matrix([numeric("x")], [Float64Array.of(0.61, 0.63)]));
    // pure leaves, smoothed by 1 row at the overall rate 75/200: (0 + 0.375)/(125 + 1) and (75 + 0.375)/(75 + 1)
    assert.ok(Math.abs((p[0] as number) - 0.375 / 126) < 1e-12);
    assert.ok(Math.abs((p[1] as number) - 75.375 / 76) < 1e-12);
  });

  it("computes leaf rates with the smoothing prior, and without it clips pure leaves to 1e-6", () => {
    const { X, y } = stepData(100, 0.5);
    const raw = new DecisionTreeLearner({ minLeafRows: 1, minSplitRows: 2, smoothing: 0 }).fit(X, y).predictRaw(matrix([numeric("x")], [Float64Array.of(0.1, 0.9)]));
    assert.ok(Math.abs((raw[0] as number) - Math.log(1e-6 / (1 - 1e-6))) < 1e-9);
    assert.ok(Math.abs((raw[1] as number) + Math.log(1e-6 / (1 - 1e-6))) < 1e-9);
  });

  it("stops at maxDepth and honours minLeafRows", () => {
    const rng = new Rng(3);
    const n = 500;
    const x = Float64Array.from({ length: n }, () => rng.next());
    const z = Float64Array.from({ length: n }, () => rng.next());
    const y = Uint8Array.from({ length: n }, (_, i) => (rng.next() < 0.2 + 0.6 * (x[i] as number) * (z[i] as number) ? 1 : 0));
    const X = matrix([numeric("x"), numeric("z")], [x, z]);
    for (const depth of [1, 2, 3, 5]) {
      const scorer = new DecisionTreeLearner({ maxDepth: depth, minLeafRows: 1, minSplitRows: 2 }).fit(X, y);
      assert.ok(scorer.tree.depth <= depth, `depth ${scorer.tree.depth} > ${depth}`);
    }
    const json = new DecisionTreeLearner({ maxDepth: 0, minLeafRows: 30, minSplitRows: 60 }).fit(X, y).toJSON();
    json.tree.feature.forEach((f, i) => {
      if (f < 0) assert.ok((json.rows[i] as number) >= 30, `leaf ${i} has ${json.rows[i]} rows`);
    });
  });

  it("prunes by cost complexity: a small alpha keeps the noise, a middle one a stump, a large one the root", () => {
    // y follows x > 0.5 90 % of the time: the first split is worth 0.5 − 0.18 = 0.32 of Gini, the rest is noise
    const rng = new Rng(5);
    const n = 400;
    const x = Float64Array.from({ length: n }, (_, i) => (i + 0.5) / n);
    const y = Uint8Array.from(x, (v) => ((v > 0.5) !== rng.next() < 0.1 ? 1 : 0));
    const X = matrix([numeric("x")], [x]);
    const fit = (ccpAlpha: number) => new DecisionTreeLearner({ maxDepth: 0, minLeafRows: 1, minSplitRows: 2, ccpAlpha }).fit(X, y);
    const full = leaves(fit(0));
    const light = leaves(fit(0.001));
    assert.ok(full > 20, `the unpruned tree has ${full} leaves`);
    assert.ok(light < full && light > 2, `alpha 0.001 leaves ${light} of ${full}`);
    const stump = fit(0.1);
    assert.equal(leaves(stump), 2);
    assert.equal(stump.tree.feature[0], 0);
    assert.ok(Math.abs((stump.tree.threshold[0] as number) - 0.5) < 0.01);
    assert.equal(leaves(fit(1)), 1);
  });

  it("splits a categorical feature into the levels above and below the best rate (Breiman's ordering)", () => {
    // rates: level 0 → 0.9, 1 → 0.1, 2 → 0.8, 3 → 0.2
    const rates = [0.9, 0.1, 0.8, 0.2];
    const codes: number[] = [];
    const labels: number[] = [];
    rates.forEach((rate, level) => {
      for (let i = 0; i < 100; i++) {
        codes.push(level);
        labels.push(i < rate * 100 ? 1 : 0);
      }
    });
    const X = matrix([{ name: "source", source: "source", type: "categorical", categories: 4 }], [Float64Array.from(codes)]);
    const scorer = new DecisionTreeLearner({ maxDepth: 1 }).fit(X, Uint8Array.from(labels));
    const tree = scorer.tree;
    assert.equal(tree.categorical[0], 1);
    const side = [0, 1, 2, 3].map((c) => tree.goesLeft(0, c));
    assert.equal(side[0], side[2]);
    assert.equal(side[1], side[3]);
    assert.notEqual(side[0], side[1]);
  });

  it("learns where missing values go, and sends unseen categories with them", () => {
    const n = 300;
    const x = new Float64Array(n);
    const level = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i % 10 === 0 ? Number.NaN : (i % 100) / 10;
      level[i] = i % 10 === 0 ? Number.NaN : i % 3;
      // missing rows are all positive, like the high values
      y[i] = Number.isNaN(x[i] as number) || (x[i] as number) > 7 ? 1 : 0;
    }
    const features: FeatureInfo[] = [numeric("x"), { name: "level", source: "level", type: "categorical", categories: 3 }];
    const scorer = new DecisionTreeLearner({ minLeafRows: 5, minSplitRows: 10 }).fit(matrix(features, [x, level]), y);
    const p = scorer.predictProba(matrix(features, [Float64Array.of(Number.NaN, 2, 9), Float64Array.of(0, 0, 0)]));
    assert.ok((p[0] as number) > 0.9, `a missing x scores ${p[0]}`);
    assert.ok((p[1] as number) < 0.1, `x = 2 scores ${p[1]}`);
    assert.ok((p[2] as number) > 0.9, `x = 9 scores ${p[2]}`);
    // an unseen code (7) and a missing code route alike at every categorical split
    const unseen = scorer.predictRaw(matrix(features, [Float64Array.of(3, 3), Float64Array.of(7, Number.NaN)]));
    assert.equal(unseen[0], unseen[1]);
  });

  it("treats a weight of 2 like a duplicated row", () => {
    const rng = new Rng(9);
    const n = 120;
    const x = Float64Array.from({ length: n }, () => Math.round(rng.next() * 100));
    const y = Uint8Array.from(x, (v) => (rng.next() < v / 100 ? 1 : 0));
    const weights = Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 2 : 1));
    const dupRows: number[] = [];
    for (let i = 0; i < n; i++) {
      dupRows.push(i);
      if (i % 4 === 0) dupRows.push(i);
    }
    const params = { maxDepth: 4, minLeafRows: 1, minSplitRows: 2 };
    const weighted = new DecisionTreeLearner(params).fit(matrix([numeric("x")], [x]), y, weights);
    const duplicated = new DecisionTreeLearner(params).fit(
      matrix([numeric("x")], [Float64Array.from(dupRows, (i) => x[i] as number)]),
      Uint8Array.from(dupRows, (i) => y[i] as number),
    );
    assert.deepEqual(Array.from(weighted.tree.threshold), Array.from(duplicated.tree.threshold));
    assert.deepEqual(Array.from(weighted.tree.value), Array.from(duplicated.tree.value));
  });

  it("explains exactly as brute-force Shapley values over the tree's covers", () => {
    const rng = new Rng(21);
    const n = 400;
    const cols = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => rng.next()));
    const y = Uint8Array.from({ length: n }, (_, i) => (rng.next() < ((cols[0]?.[i] as number) > 0.5 ? 0.7 : 0.2) + 0.2 * (cols[1]?.[i] as number) ? 1 : 0));
    const X = matrix([numeric("a"), numeric("b"), numeric("c")], cols);
    const scorer = new DecisionTreeLearner({ maxDepth: 4, minLeafRows: 10 }).fit(X, y);
    const tree = scorer.tree;
    // E[f | x_S]: features outside S integrated out by covers
    const conditional = (x: number[], known: Set<number>, node = 0): number => {
      const f = tree.feature[node] as number;
      if (f < 0) return tree.value[node] as number;
      const l = tree.left[node] as number;
      const r = tree.right[node] as number;
      if (known.has(f)) return conditional(x, known, tree.goesLeft(node, x[f] as number) ? l : r);
      const c = tree.cover[node] as number;
      return ((tree.cover[l] as number) * conditional(x, known, l) + (tree.cover[r] as number) * conditional(x, known, r)) / c;
    };
    const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
    const contributions = scorer.explain(X);
    for (const r of [0, 1, 2, 50, 399]) {
      const x = cols.map((c) => c[r] as number);
      for (let i = 0; i < 3; i++) {
        let phi = 0;
        for (let mask = 0; mask < 8; mask++) {
          if (mask & (1 << i)) continue;
          const S = new Set([0, 1, 2].filter((j) => mask & (1 << j)));
          const weight = (factorial(S.size) * factorial(3 - S.size - 1)) / factorial(3);
          phi += weight * (conditional(x, new Set([...S, i])) - conditional(x, S));
        }
        assert.ok(Math.abs(phi - (contributions.values[r * 3 + i] as number)) < 1e-12, `row ${r} feature ${i}`);
      }
    }
    assert.ok(Math.abs(contributions.base - conditional([0, 0, 0], new Set())) < 1e-12);
  });

  it("reads out as plain-language rules, highest rate first", () => {
    // Referral leads with more than 1,210 s on the site convert; others rarely
    const features: FeatureInfo[] = [
      { name: "Lead Source", source: "Lead Source", type: "categorical", categories: 3, levels: ["Google", "Referral", "Direct"] },
      numeric("Total Time"),
    ];
    const source: number[] = [];
    const time: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 600; i++) {
      const s = i % 3;
      const t = (i * 37) % 2400;
      source.push(s);
      time.push(t);
      y.push(s === 1 && t > 1210 ? (i % 10 < 8 ? 1 : 0) : i % 20 === 0 ? 1 : 0);
    }
    const X = matrix(features, [Float64Array.from(source), Float64Array.from(time)]);
    const scorer = new DecisionTreeLearner({ maxDepth: 2 }).fit(X, Uint8Array.from(y));
    const rules = scorer.rules(features, { outcome: "convert", rowNoun: "leads" });
    assert.equal(rules.length, scorer.leaves);
    const first = rules[0];
    assert.ok(first !== undefined);
    assert.match(first.text, /^If Lead Source is Referral and Total Time > 1,2\d\d(\.\d+)? then \d+ % convert \(\d+ leads\)$/);
    assert.ok(first.rate > 0.7);
    assert.equal(rules.reduce((a, r) => a + r.rows, 0), 600);
    for (let k = 1; k < rules.length; k++) assert.ok((rules[k - 1]?.rate as number) >= (rules[k]?.rate as number));
    assert.ok(rules.some((r) => r.conditions.includes("Lead Source is not Referral") || r.conditions.includes("Lead Source is Google or Direct")));
    assert.ok(rules.every((r) => !/is not .* or /.test(r.text)), "several excluded levels read 'is none of'");
  });

  it("mentions missing values only for features that had some, and words a one-leaf tree as a rule for every row", () => {
    const X = matrix([numeric("x")], [Float64Array.of(1, 2, 3, 4)]);
    const single = new DecisionTreeLearner().fit(X, Uint8Array.of(0, 1, 0, 1));
    assert.deepEqual(single.rules(X.features).map((r) => r.text), ["For every row then 50 % are positive (4 rows)"]);
    const { X: step, y } = stepData(100, 0.5);
    step.columns[0]?.set([Number.NaN], 99);
    const withMissing = new DecisionTreeLearner({ maxDepth: 1, minLeafRows: 1, minSplitRows: 2 }).fit(step, y);
    assert.ok(withMissing.rules(step.features).some((r) => r.text.includes("(or missing)")));
  });

  it("refuses impossible leaf and split sizes, and unknown parameters", () => {
    assert.throws(() => new DecisionTreeLearner({ minLeafRows: 30, minSplitRows: 40 }), /can never be met/);
    assert.throws(() => new DecisionTreeLearner({ depth: 3 }), (e: unknown) => e instanceof LeadscoreError && /unknown parameter 'depth'/.test(e.message));
    assert.throws(() => new DecisionTreeLearner({ ccpAlpha: -1 }), LeadscoreError);
  });

  it("scores a probability that is the logistic of its raw output", () => {
    const { X, y } = stepData(50, 0.3);
    const scorer = new DecisionTreeLearner().fit(X, y);
    const raw = scorer.predictRaw(X);
    const p = scorer.predictProba(X);
    for (let i = 0; i < raw.length; i++) assert.equal(p[i], sigmoid(raw[i] as number));
  });
});
