/** Cumulative gains: the share of all positives found by contacting the top k tenths of rows by score. */
import type { LiftRow } from "../../evaluate/lift.js";
import type { ChartSpec } from "../chart-spec.js";
import { formatNumber } from "../html.js";
import { CHART_COLORS } from "./chart-theme.js";
import { type Baseline, curveChart } from "./curve-chart.js";

export interface GainsChartData {
  readonly lift: readonly LiftRow[];
  readonly positiveRate: number;
  /** The decision threshold: the share of rows it flags and the share of positives they hold. */
  readonly threshold: { readonly value: number; readonly flaggedShare: number; readonly recall: number };
}

export const GAINS_X_AXIS = "Rows contacted, best scores first (%)";
export const GAINS_Y_AXIS = "Positives reached (%)";

/** Share of all rows in deciles 1..d, the x of each gains point. */
export function cumulativeRowShares(lift: readonly LiftRow[]): number[] {
  const total = lift.reduce((sum, r) => sum + r.rows, 0);
  let rows = 0;
  return lift.map((r) => {
    rows += r.rows;
    return total > 0 ? rows / total : Number.NaN;
  });
}

/** The two lines a gains curve is read against: a perfect ranking (all positives first) and a random order. */
export function gainsBaselines(positiveRate: number): Baseline[] {
  return [
    {
      name: "Perfect ranking",
      points: [
        [0, 0],
        [positiveRate, 1],
        [1, 1],
      ],
      color: CHART_COLORS.good,
      dash: "dotted",
    },
    {
      name: "Random order",
      points: [
        [0, 0],
        [1, 1],
      ],
      color: CHART_COLORS.reference,
      dash: "dashed",
    },
  ];
}

export function gainsChart(data: GainsChartData, path = "lift"): ChartSpec {
  const shares = cumulativeRowShares(data.lift);
  return curveChart({
    id: "gains",
    title: "Cumulative gains",
    subtitle: `Top 10 % of rows hold ${formatNumber(data.lift[0]?.cumulativeGain ?? Number.NaN, "pct:0")} of the positives`,
    xAxisName: GAINS_X_AXIS,
    yAxisName: GAINS_Y_AXIS,
    description:
      "Read it as: contacting the top x % of rows by score reaches y % of all positives. The dashed diagonal is a random order; the dotted line a perfect ranking.",
    curves: [{ name: "Model", points: [[0, 0], ...data.lift.map((r, d): [number, number] => [shares[d] as number, r.cumulativeGain])], color: CHART_COLORS.model, shaded: true, dots: true }],
    baselines: gainsBaselines(data.positiveRate),
    marker: {
      value: data.threshold.value,
      at: [data.threshold.flaggedShare, data.threshold.recall],
      label: `threshold: top ${formatNumber(data.threshold.flaggedShare, "pct:0")} → ${formatNumber(data.threshold.recall, "pct:0")}`,
    },
    tables: [
      {
        caption: "Cumulative gains by decile of the score",
        header: ["decile", "rows contacted", "positives reached"],
        rows: data.lift.map((r, d) => [
          { value: r.decile, format: "int" as const, path: `${path}.${d}.decile` },
          { value: shares[d] as number, format: "pct:0" as const, derived: `cumulativeRowShare.${d}` },
          { value: r.cumulativeGain, format: "pct:1" as const, path: `${path}.${d}.cumulativeGain` },
        ]),
        source: path,
      },
    ],
  });
}
