/** Cumulative gains: the share of all positives found by contacting the top k tenths of rows by score. */
import type { LiftRow } from "../../evaluate/lift.js";
import type { ChartSpec } from "../chart-spec.js";
import { formatNumber } from "../html.js";
import { CHART_COLORS, CHART_HEIGHT, HALF_WIDTH, cartesianOption, percent } from "./chart-theme.js";
import { thresholdMarker } from "./threshold-marker.js";

export interface GainsChartData {
  readonly lift: readonly LiftRow[];
  readonly positiveRate: number;
  /** The decision threshold: the share of rows it flags and the share of positives they hold. */
  readonly threshold: { readonly value: number; readonly flaggedShare: number; readonly recall: number };
}

/** Share of all rows in deciles 1..d, the x of each gains point. */
export function cumulativeRowShares(lift: readonly LiftRow[]): number[] {
  const total = lift.reduce((sum, r) => sum + r.rows, 0);
  let rows = 0;
  return lift.map((r) => {
    rows += r.rows;
    return total > 0 ? rows / total : Number.NaN;
  });
}

export function gainsChart(data: GainsChartData, path = "lift"): ChartSpec {
  const xAxisName = "Rows contacted, best scores first (%)";
  const yAxisName = "Positives reached (%)";
  const shares = cumulativeRowShares(data.lift);
  const option = {
    ...cartesianOption({
      title: "Cumulative gains",
      subtitle: `Top 10 % of rows hold ${formatNumber(data.lift[0]?.cumulativeGain ?? Number.NaN, "pct:0")} of the positives`,
      x: { name: xAxisName, min: 0, max: 100, labelFormat: "{value} %" },
      y: { name: yAxisName, min: 0, max: 100, labelFormat: "{value} %" },
      legend: true,
    }),
    series: [
      {
        name: "Model",
        type: "line" as const,
        data: [[0, 0], ...data.lift.map((r, d) => [percent(shares[d] as number), percent(r.cumulativeGain)])],
        symbol: "circle",
        symbolSize: 6,
        lineStyle: { width: 2.5, color: CHART_COLORS.model },
        itemStyle: { color: CHART_COLORS.model },
        areaStyle: { color: CHART_COLORS.model, opacity: 0.07 },
      },
      {
        name: "Perfect ranking",
        type: "line" as const,
        data: [
          [0, 0],
          [percent(data.positiveRate), 100],
          [100, 100],
        ],
        showSymbol: false,
        lineStyle: { width: 1.5, type: "dotted" as const, color: CHART_COLORS.good },
        itemStyle: { color: CHART_COLORS.good },
      },
      {
        name: "Random order",
        type: "line" as const,
        data: [
          [0, 0],
          [100, 100],
        ],
        showSymbol: false,
        lineStyle: { width: 1.5, type: "dashed" as const, color: CHART_COLORS.reference },
        itemStyle: { color: CHART_COLORS.reference },
      },
      thresholdMarker(
        data.threshold.value,
        percent(data.threshold.flaggedShare),
        percent(data.threshold.recall),
        `threshold: top ${formatNumber(data.threshold.flaggedShare, "pct:0")} → ${formatNumber(data.threshold.recall, "pct:0")}`,
      ),
    ],
  };
  return {
    id: "gains",
    title: "Cumulative gains",
    xAxisName,
    yAxisName,
    description:
      "Read it as: contacting the top x % of rows by score reaches y % of all positives. The dashed diagonal is a random order; the dotted line a perfect ranking.",
    option,
    width: HALF_WIDTH,
    height: CHART_HEIGHT,
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
  };
}
