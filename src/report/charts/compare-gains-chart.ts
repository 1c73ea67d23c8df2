/** Two scorers' cumulative gains on one chart (`compare`): the share of all conversions each reaches by working down its list. */
import type { ScorerSummary } from "../../audit/compare.js";
import type { ChartSpec } from "../chart-spec.js";
import { type Cell, formatNumber } from "../html.js";
import { CHART_COLORS } from "./chart-theme.js";
import { sideNames } from "./compare-roc-chart.js";
import { type CurvePoint, curveChart } from "./curve-chart.js";
import { GAINS_X_AXIS, GAINS_Y_AXIS, gainsBaselines } from "./gains-chart.js";

/** `rows`, `positives`: the labelled rows both scorers were compared on. */
export function compareGainsChart(a: ScorerSummary, b: ScorerSummary, rows: number, positives: number): ChartSpec {
  const [nameA, nameB] = sideNames(a, b);
  const curve = (s: ScorerSummary): CurvePoint[] => [[0, 0], ...s.gains.map((g): CurvePoint => [g.rows / rows, g.share])];
  return curveChart({
    id: "compare-gains",
    title: "Cumulative gains",
    subtitle: `The top 10 % of each list hold ${formatNumber(a.gains[0]?.share ?? Number.NaN, "pct:0")} and ${formatNumber(b.gains[0]?.share ?? Number.NaN, "pct:0")} of the conversions`,
    xAxisName: GAINS_X_AXIS,
    yAxisName: GAINS_Y_AXIS,
    description:
      "Read it as: contacting the top x % of rows by each scorer reaches y % of all conversions (ties at a cut shared out). The higher curve finds more conversions for the same calls; dotted is a perfect ranking, dashed a random order.",
    curves: [
      { name: nameA, points: curve(a), color: CHART_COLORS.model, dots: true },
      { name: nameB, points: curve(b), color: CHART_COLORS.second, dots: true },
    ],
    baselines: gainsBaselines(rows > 0 ? positives / rows : Number.NaN),
    tables: [
      {
        caption: "Share of all conversions captured by the best-scored rows (ties at a cut shared out)",
        header: ["best-scored rows", "rows", nameA, nameB],
        rows: a.gains.map((g, i): Cell[] => [
          `${(i + 1) * 10} %`,
          { value: g.rows, format: "int", path: `a.gains.${i}.rows` },
          { value: g.share, format: "pct:1", path: `a.gains.${i}.share` },
          { value: b.gains[i]?.share ?? Number.NaN, format: "pct:1", path: `b.gains.${i}.share` },
        ]),
        source: "a.gains",
      },
    ],
  });
}
