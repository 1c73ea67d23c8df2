/** The precision-recall curve: of the rows flagged, how many are positive, as more positives are reached. */
import type { PrPoint } from "../../evaluate/curve-points.js";
import type { ChartSpec } from "../chart-spec.js";
import { formatNumber } from "../html.js";
import { CHART_COLORS, CHART_HEIGHT, HALF_WIDTH, cartesianOption, percent, thinIndices } from "./chart-theme.js";
import { thresholdMarker } from "./threshold-marker.js";

export interface PrChartData {
  readonly points: readonly PrPoint[];
  /** Average precision (the area under the step curve). */
  readonly averagePrecision: number;
  /** The precision of flagging everyone: the no-skill line. */
  readonly positiveRate: number;
  readonly threshold: { readonly value: number; readonly recall: number; readonly precision: number };
}

export function precisionRecallChart(data: PrChartData, path = "curves.pr"): ChartSpec {
  const xAxisName = "Recall: positives reached (%)";
  const yAxisName = "Precision: flagged rows that are positive (%)";
  const option = {
    ...cartesianOption({
      title: "Precision-recall curve",
      subtitle: `Average precision ${formatNumber(data.averagePrecision, "fixed:3")} · no skill ${formatNumber(data.positiveRate, "pct:1")}`,
      x: { name: xAxisName, min: 0, max: 100, labelFormat: "{value} %" },
      y: { name: yAxisName, min: 0, max: 100, labelFormat: "{value} %" },
      legend: true,
    }),
    series: [
      {
        name: "Model",
        type: "line" as const,
        data: data.points.map((p) => [percent(p.recall), percent(p.precision)]),
        showSymbol: false,
        lineStyle: { width: 2.5, color: CHART_COLORS.model },
        itemStyle: { color: CHART_COLORS.model },
      },
      {
        name: "No skill (flag everyone)",
        type: "line" as const,
        data: [
          [0, percent(data.positiveRate)],
          [100, percent(data.positiveRate)],
        ],
        showSymbol: false,
        lineStyle: { width: 1.5, type: "dashed" as const, color: CHART_COLORS.reference },
        itemStyle: { color: CHART_COLORS.reference },
      },
      thresholdMarker(data.threshold.value, percent(data.threshold.recall), percent(data.threshold.precision)),
    ],
  };
  const rows = thinIndices(data.points.length, 26).map((i) => {
    const p = data.points[i] as PrPoint;
    return [
      { value: p.threshold, format: "fixed:4" as const, path: `${path}.${i}.threshold` },
      { value: p.recall, format: "pct:1" as const, path: `${path}.${i}.recall` },
      { value: p.precision, format: "pct:1" as const, path: `${path}.${i}.precision` },
    ];
  });
  return {
    id: "precision-recall",
    title: "Precision-recall curve",
    xAxisName,
    yAxisName,
    description:
      "The trade-off when positives are rare: moving right reaches more of them, at the price of more wasted contacts (lower precision). The dashed line is what flagging everyone would give.",
    option,
    width: HALF_WIDTH,
    height: CHART_HEIGHT,
    tables: [
      {
        caption: `Precision-recall curve, ${rows.length} of its ${data.points.length} plotted points`,
        header: ["probability cut", "recall", "precision"],
        rows,
        source: path,
      },
    ],
  };
}
