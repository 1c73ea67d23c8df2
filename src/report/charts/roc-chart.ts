/** The ROC curve: the share of positives reached against the share of negatives flagged, at every cut. */
import type { RocPoint } from "../../evaluate/curve-points.js";
import type { ChartSpec } from "../chart-spec.js";
import { type Cell, type TableSpec, formatNumber } from "../html.js";
import { CHART_COLORS, thinIndices } from "./chart-theme.js";
import { type Baseline, curveChart } from "./curve-chart.js";

export interface RocChartData {
  readonly points: readonly RocPoint[];
  readonly auc: number;
  /** The decision threshold and where it sits on the curve. */
  readonly threshold: { readonly value: number; readonly fpr: number; readonly tpr: number };
}

export const ROC_X_AXIS = "False positive rate: negatives flagged (%)";
export const ROC_Y_AXIS = "True positive rate: positives reached (%)";

export const RANDOM_RANKING: Baseline = {
  name: "Random ranking",
  points: [
    [0, 0],
    [1, 1],
  ],
  color: CHART_COLORS.reference,
  dash: "dashed",
};

/** `path`: where the points sit in report.json, so the table's figures can be traced back. */
export function rocChart(data: RocChartData, path = "curves.roc"): ChartSpec {
  const table = rocTable(data.points, path, "ROC curve", "probability cut");
  return curveChart({
    id: "roc",
    title: "ROC curve",
    subtitle: `AUC ${formatNumber(data.auc, "fixed:3")} · 0.5 is a random ranking, 1 a perfect one`,
    xAxisName: ROC_X_AXIS,
    yAxisName: ROC_Y_AXIS,
    description: `How well the score separates positives from negatives: each point is one probability cut. The further the curve bows to the top left, the better; the red dot is the chosen threshold (${formatNumber(data.threshold.value, "fixed:3")}).`,
    curves: [{ name: "Model", points: data.points.map((p) => [p.fpr, p.tpr]), color: CHART_COLORS.model, shaded: true }],
    baselines: [RANDOM_RANKING],
    marker: { value: data.threshold.value, at: [data.threshold.fpr, data.threshold.tpr] },
    tables: [table],
  });
}

/**
 * Up to 26 of the curve's points, as a table traced to `path`. `origin`, when given, is
 * printed for the first point's cut instead of its stored 1 (the "nothing flagged" point of
 * a scorer whose cuts are not probabilities).
 */
export function rocTable(points: readonly RocPoint[], path: string, name: string, cut: string, origin?: string): TableSpec {
  const rows = thinIndices(points.length, 26).map((i): Cell[] => {
    const p = points[i] as RocPoint;
    return [
      i === 0 && origin !== undefined ? origin : { value: p.threshold, format: "fixed:4", path: `${path}.${i}.threshold` },
      { value: p.fpr, format: "pct:1", path: `${path}.${i}.fpr` },
      { value: p.tpr, format: "pct:1", path: `${path}.${i}.tpr` },
    ];
  });
  return {
    caption: `${name}, ${rows.length} of its ${points.length} plotted points`,
    header: [cut, "false positive rate", "true positive rate"],
    rows,
    source: path,
  };
}
