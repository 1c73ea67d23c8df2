/** How the predicted probabilities of positive and negative rows are spread, on one axis. */
import type { ScoreHistogram } from "../../evaluate/score-histogram.js";
import type { ChartSpec } from "../chart-spec.js";
import { formatNumber } from "../html.js";
import { CHART_COLORS, CHART_HEIGHT, HALF_WIDTH, cartesianOption, percent } from "./chart-theme.js";

export interface ScoreDistributionData {
  readonly histogram: ScoreHistogram;
  readonly threshold: number;
  /** How the classes are named on the chart, e.g. `y = yes`. */
  readonly positiveLabel: string;
  readonly negativeLabel: string;
}

export function scoreDistributionChart(data: ScoreDistributionData, path = "scoreDistribution"): ChartSpec {
  const { edges, positives, negatives } = data.histogram;
  const totalPositive = positives.reduce((a, b) => a + b, 0);
  const totalNegative = negatives.reduce((a, b) => a + b, 0);
  const xAxisName = "Calibrated probability (%)";
  const yAxisName = "Share of the class's rows (%)";
  let lastUsed = 0;
  positives.forEach((p, k) => {
    if (p + (negatives[k] as number) > 0) lastUsed = k;
  });
  // Zoom to where rows are (rounded up to a tenth), and always show the threshold.
  const axisMax = Math.min(100, Math.ceil(Math.max((edges[lastUsed + 1] as number) * 10, data.threshold * 10 + 0.5)) * 10);
  // A step line per class: the share of the class in each bin, drawn across the bin.
  const steps = (counts: readonly number[], total: number) => [
    ...counts.map((c, k) => [percent(edges[k] as number), total > 0 ? percent(c / total) : 0]),
    [100, total > 0 ? percent((counts[counts.length - 1] as number) / total) : 0],
  ];
  const classSeries = (name: string, counts: readonly number[], total: number, color: string) => ({
    name,
    type: "line" as const,
    step: "end" as const,
    data: steps(counts, total),
    showSymbol: false,
    lineStyle: { width: 2, color },
    itemStyle: { color },
    areaStyle: { color, opacity: 0.18 },
  });
  const option = {
    ...cartesianOption({
      title: "Score distribution by outcome",
      subtitle: `${formatNumber(totalPositive, "int")} positive and ${formatNumber(totalNegative, "int")} negative rows, bins of ${formatNumber((edges[1] as number) - (edges[0] as number), "pct:0")}`,
      x: { name: xAxisName, min: 0, max: axisMax, labelFormat: "{value} %" },
      y: { name: yAxisName, min: 0, labelFormat: "{value} %" },
      legend: true,
    }),
    series: [
      classSeries(data.negativeLabel, negatives, totalNegative, CHART_COLORS.second),
      {
        ...classSeries(data.positiveLabel, positives, totalPositive, CHART_COLORS.model),
        markLine: {
          symbol: "none",
          silent: true,
          data: [{ xAxis: percent(data.threshold) }],
          lineStyle: { type: "dashed" as const, color: CHART_COLORS.threshold, width: 1.5 },
          label: { formatter: `threshold ${formatNumber(data.threshold, "fixed:3")}`, position: "end" as const, color: CHART_COLORS.threshold, fontSize: 11 },
        },
      },
    ],
  };
  const rows = edges.slice(0, -1).flatMap((low, k) => {
    const p = positives[k] as number;
    const n = negatives[k] as number;
    if (p + n === 0) return [];
    return [
      [
        `${formatNumber(low, "pct:0")} – ${formatNumber(edges[k + 1] as number, "pct:0")}`,
        { value: p, format: "int" as const, path: `${path}.positives.${k}` },
        { value: n, format: "int" as const, path: `${path}.negatives.${k}` },
      ],
    ];
  });
  return {
    id: "score-distribution",
    title: "Score distribution by outcome",
    xAxisName,
    yAxisName,
    description: `Each curve shows how one class's rows are spread over the probability scale, as a share of that class. The less the two overlap, the better the model tells them apart; the dashed line is the chosen threshold.`,
    option,
    width: HALF_WIDTH,
    height: CHART_HEIGHT,
    tables: [
      {
        caption: "Rows per probability bin (empty bins left out)",
        header: ["probability bin", data.positiveLabel, data.negativeLabel],
        rows,
        source: path,
      },
    ],
  };
}
