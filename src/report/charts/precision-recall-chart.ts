/** The precision-recall curve: of the rows flagged, how many are positive, as more positives are reached. */
import type { PrPoint } from "../../evaluate/curve-points.js";
import type { ChartSpec } from "../chart-spec.js";
import { formatNumber } from "../html.js";
import { CHART_COLORS, thinIndices } from "./chart-theme.js";
import { curveChart } from "./curve-chart.js";

export interface PrChartData {
  readonly points: readonly PrPoint[];
  /** Average precision (the area under the step curve). */
  readonly averagePrecision: number;
  /** The precision of flagging everyone: the no-skill line. */
  readonly positiveRate: number;
  readonly threshold: { readonly value: number; readonly recall: number; readonly precision: number };
}

export function precisionRecallChart(data: PrChartData, path = "curves.pr"): ChartSpec {
  const rows = thinIndices(data.points.length, 26).map((i) => {
    const p = data.points[i] as PrPoint;
    return [
      { value: p.threshold, format: "fixed:4" as const, path: `${path}.${i}.threshold` },
      { value: p.recall, format: "pct:1" as const, path: `${path}.${i}.recall` },
      { value: p.precision, format: "pct:1" as const, path: `${path}.${i}.precision` },
    ];
  });
  return curveChart({
    id: "precision-recall",
    title: "Precision-recall curve",
    subtitle: `Average precision ${formatNumber(data.averagePrecision, "fixed:3")} · no skill ${formatNumber(data.positiveRate, "pct:1")}`,
    xAxisName: "Recall: positives reached (%)",
    yAxisName: "Precision: flagged rows that are positive (%)",
    description:
      "The trade-off when positives are rare: moving right reaches more of them, at the price of more wasted contacts (lower precision). The dashed line is what flagging everyone would give.",
    curves: [{ name: "Model", points: data.points.map((p) => [p.recall, p.precision]), color: CHART_COLORS.model }],
    baselines: [
      {
        name: "No skill (flag everyone)",
        points: [
          [0, data.positiveRate],
          [1, data.positiveRate],
        ],
        color: CHART_COLORS.reference,
        dash: "dashed",
      },
    ],
    marker: { value: data.threshold.value, at: [data.threshold.recall, data.threshold.precision] },
    tables: [
      {
        caption: `Precision-recall curve, ${rows.length} of its ${data.points.length} plotted points`,
        header: ["probability cut", "recall", "precision"],
        rows,
        source: path,
      },
    ],
  });
}
