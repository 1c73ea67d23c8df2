/** Two scorers' ROC curves on one chart (`compare`), each named with its AUC. */
import type { ScorerSummary } from "../../audit/compare.js";
import type { ChartSpec } from "../chart-spec.js";
import { formatNumber } from "../html.js";
import { CHART_COLORS } from "./chart-theme.js";
import { curveChart } from "./curve-chart.js";
import { RANDOM_RANKING, ROC_X_AXIS, ROC_Y_AXIS, rocTable } from "./roc-chart.js";

/** The legend name of each side: its name, prefixed A/B only when both sides share it. */
export function sideNames(a: ScorerSummary, b: ScorerSummary): [string, string] {
  return a.name === b.name ? [`A · ${a.name}`, `B · ${b.name}`] : [a.name, b.name];
}

export function compareRocChart(a: ScorerSummary, b: ScorerSummary): ChartSpec {
  const [nameA, nameB] = sideNames(a, b);
  const withAuc = (name: string, s: ScorerSummary) => `${name} (AUC ${formatNumber(s.auc, "fixed:3")})`;
  const cut = (s: ScorerSummary) => (s.kind === "model" ? "probability cut" : "points cut");
  return curveChart({
    id: "compare-roc",
    title: "ROC curves",
    subtitle: "0.5 is a random ranking, 1 a perfect one",
    xAxisName: ROC_X_AXIS,
    yAxisName: ROC_Y_AXIS,
    description: `Both scorers ranking the same rows: each point is one cut of the score. The curve further to the top left ranks better; where the curves cross, each is better at a different depth of the list.`,
    curves: [
      { name: withAuc(nameA, a), points: a.roc.map((p) => [p.fpr, p.tpr]), color: CHART_COLORS.model },
      { name: withAuc(nameB, b), points: b.roc.map((p) => [p.fpr, p.tpr]), color: CHART_COLORS.second },
    ],
    baselines: [RANDOM_RANKING],
    tables: [rocTable(a.roc, "a.roc", `ROC curve of ${nameA}`, cut(a), "(nothing flagged)"), rocTable(b.roc, "b.roc", `ROC curve of ${nameB}`, cut(b), "(nothing flagged)")],
  });
}
