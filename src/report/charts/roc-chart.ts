/** The ROC curve: the share of positives reached against the share of negatives flagged, at every cut. */
import type { RocPoint } from "../../evaluate/curve-points.js";
import type { ChartSpec } from "../chart-spec.js";
import { formatNumber } from "../html.js";
import { CHART_COLORS, CHART_HEIGHT, HALF_WIDTH, cartesianOption, percent, thinIndices } from "./chart-theme.js";
import { thresholdMarker } from "./threshold-marker.js";

export interface RocChartData {
  readonly points: readonly RocPoint[];
  readonly auc: number;
  /** The decision threshold and where it sits on the curve. */
  readonly threshold: { readonly value: number; readonly fpr: number; readonly tpr: number };
}

/** `path`: where the points sit in report.json, so the table's figures can be traced back. */
export function rocChart(data: RocChartData, path = "curves.roc"): ChartSpec {
  const xAxisName = "False positive rate: negatives flagged (%)";
  const yAxisName = "True positive rate: positives reached (%)";
  const option = {
    ...cartesianOption({
      title: "ROC curve",
      subtitle: `AUC ${formatNumber(data.auc, "fixed:3")} · 0.5 is a random ranking, 1 a perfect one`,
      x: { name: xAxisName, min: 0, max: 100, labelFormat: "{value} %" },
      y: { name: yAxisName, min: 0, max: 100, labelFormat: "{value} %" },
      legend: true,
    }),
    series: [
      {
        name: "Model",
        type: "line" as const,
        data: data.points.map((p) => [percent(p.fpr), percent(p.tpr)]),
        showSymbol: false,
        lineStyle: { width: 2.5, color: CHART_COLORS.model },
        itemStyle: { color: CHART_COLORS.model },
        areaStyle: { color: CHART_COLORS.model, opacity: 0.07 },
      },
      {
        name: "Random ranking",
        type: "line" as const,
        data: [
          [0, 0],
          [100, 100],
        ],
        showSymbol: false,
        lineStyle: { width: 1.5, type: "dashed" as const, color: CHART_COLORS.reference },
        itemStyle: { color: CHART_COLORS.reference },
      },
      thresholdMarker(data.threshold.value, percent(data.threshold.fpr), percent(data.threshold.tpr)),
    ],
  };
  const rows = thinIndices(data.points.length, 26).map((i) => {
    const p = data.points[i] as RocPoint;
    return [
      { value: p.threshold, format: "fixed:4" as const, path: `${path}.${i}.threshold` },
      { value: p.fpr, format: "pct:1" as const, path: `${path}.${i}.fpr` },
      { value: p.tpr, format: "pct:1" as const, path: `${path}.${i}.tpr` },
    ];
  });
  return {
    id: "roc",
    title: "ROC curve",
    xAxisName,
    yAxisName,
    description: `How well the score separates positives from negatives: each point is one probability cut. The further the curve bows to the top left, the better; the red dot is the chosen threshold (${formatNumber(data.threshold.value, "fixed:3")}).`,
    option,
    width: HALF_WIDTH,
    height: CHART_HEIGHT,
    tables: [
      {
        caption: `ROC curve, ${rows.length} of its ${data.points.length} plotted points`,
        header: ["probability cut", "false positive rate", "true positive rate"],
        rows,
        source: path,
      },
    ],
  };
}
