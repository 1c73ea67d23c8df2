/**
 * A summary of the per-row contributions: for each input column, the furthest it pushed a
 * row's score down and up, and how far it moved rows on average.
 */
import type { ColumnEffectProfile } from "../../train/explanation-profile.js";
import type { ChartSpec } from "../chart-spec.js";
import { formatNumber } from "../html.js";
import { CHART_COLORS, HALF_WIDTH, cartesianOption } from "./chart-theme.js";

export interface ContributionsChartData {
  readonly columns: readonly ColumnEffectProfile[];
  /** Training rows the contributions were computed on. */
  readonly rows: number;
}

export const CONTRIBUTIONS_TOP = 15;

const round = (x: number): number => Number(x.toPrecision(4));

export function contributionsChart(data: ContributionsChartData, path = "contributions.columns"): ChartSpec {
  const top = data.columns
    .map((column, index) => ({ column, index }))
    .sort((a, b) => b.column.meanAbsLogOdds - a.column.meanAbsLogOdds || (a.column.column < b.column.column ? -1 : 1))
    .slice(0, CONTRIBUTIONS_TOP);
  const xAxisName = "Effect on the score (log-odds)";
  const yAxisName = "Input column";
  const left = Math.min(190, 24 + 6.6 * Math.max(6, ...top.map((t) => t.column.column.length)));
  // Bars from 0 to the lowest and from 0 to the highest effect stack into one bar spanning the range.
  const option = {
    ...cartesianOption({
      title: "Contributions summary",
      subtitle: `Range of each column's effect over ${formatNumber(data.rows, "int")} training rows`,
      x: { name: xAxisName },
      y: { name: yAxisName, type: "category", categories: top.map((t) => t.column.column), inverse: true },
      legend: true,
      left,
    }),
    series: [
      {
        name: "Lowers the score",
        type: "bar" as const,
        stack: "range",
        data: top.map((t) => round(Math.min(0, t.column.minLogOdds))),
        barWidth: "58%",
        itemStyle: { color: CHART_COLORS.second },
      },
      {
        name: "Raises the score",
        type: "bar" as const,
        stack: "range",
        data: top.map((t) => round(Math.max(0, t.column.maxLogOdds))),
        barWidth: "58%",
        itemStyle: { color: CHART_COLORS.model },
      },
      {
        name: "Mean |effect|",
        type: "scatter" as const,
        data: top.map((t, i) => [round(t.column.meanAbsLogOdds), i]),
        symbol: "diamond",
        symbolSize: 10,
        itemStyle: { color: CHART_COLORS.ink, borderColor: "#fff", borderWidth: 1 },
        z: 4,
      },
    ],
  };
  return {
    id: "contributions",
    title: "Contributions summary",
    xAxisName,
    yAxisName,
    description:
      "Every score is the average score plus one contribution per column. Bars span the lowest to the highest contribution a column made on training rows (orange lowers the score, blue raises it); the diamond is its average size. Log-odds of the model before calibration: +0.7 roughly doubles the odds.",
    option,
    width: HALF_WIDTH,
    height: 150 + 24 * top.length,
    tables: [
      {
        caption: `Contributions per column over ${formatNumber(data.rows, "int")} training rows (log-odds)`,
        header: ["column", "mean |effect|", "lowest", "highest"],
        rows: data.columns
          .map((column, index) => ({ column, index }))
          .sort((a, b) => b.column.meanAbsLogOdds - a.column.meanAbsLogOdds)
          .map((t) => [
            t.column.column,
            { value: t.column.meanAbsLogOdds, format: "fixed:3" as const, path: `${path}.${t.index}.meanAbsLogOdds` },
            { value: t.column.minLogOdds, format: "fixed:3" as const, path: `${path}.${t.index}.minLogOdds` },
            { value: t.column.maxLogOdds, format: "fixed:3" as const, path: `${path}.${t.index}.maxLogOdds` },
          ]),
        source: path,
      },
    ],
  };
}
