/** The self-contained HTML page of `leadscore fairness --report FILE`. */
import type { FairnessCheck } from "../audit/fairness-check.js";
import { type Cell, dataTable, escapeHtml, formatNumber } from "./html.js";
import { fairnessSection } from "./fairness-section.js";
import { pageShell, section } from "./page-shell.js";

export function fairnessPage(check: FairnessCheck, modelName: string, dataName: string, createdAt: string): string {
  const interval = (v: { value: number; low: number; high: number }): Cell => ({
    html: `${escapeHtml(formatNumber(v.value, "fixed:3"))} <span class="muted">(${escapeHtml(formatNumber(v.low, "fixed:3"))}–${escapeHtml(formatNumber(v.high, "fixed:3"))})</span>`,
  });
  const summary = `<p>Decisions at ${escapeHtml(check.threshold.rule)} (threshold ${escapeHtml(formatNumber(check.threshold.value, "fixed:4"))}); the favourable decision is being predicted <b>${escapeHtml(check.favourable)}</b>. ${check.rows} labelled rows; intervals are 95 % percentile bootstrap intervals over ${check.bootstrap.replicates} resamples within each group (seed ${check.bootstrap.seed}).</p>`;
  const groups = dataTable({
    caption: "Per group: rows, selection rate, true and false positive rates, precision (95 % intervals), AUC",
    header: ["column", "group", "rows", "positives", "selection rate", "TPR", "FPR", "precision", "AUC", "mean predicted", "observed rate"],
    rows: check.groups.map((g): Cell[] => [
      g.column,
      `${g.group}${g.small ? " (small)" : ""}`,
      { value: g.rows, format: "int" },
      { value: g.positives, format: "int" },
      interval(g.selectionRate),
      interval(g.tpr),
      interval(g.fpr),
      interval(g.precision),
      { value: g.auc, format: "fixed:3" },
      { value: g.calibration.meanPredicted, format: "fixed:3" },
      { value: g.calibration.observedRate, format: "fixed:3" },
    ]),
  });
  const sections = [section("summary", "Summary", `${summary}<div class="table-scroll">${groups}</div>`)];
  const charts = fairnessSection(check);
  if (charts) sections.push(charts);
  if (check.singleThreshold) {
    sections.push(
      section(
        "single-threshold",
        "At one threshold",
        dataTable({
          caption: "The lowest disparate-impact ratio per column at the model's single threshold, without its group thresholds",
          header: ["column", "lowest ratio", "four-fifths rule"],
          rows: check.singleThreshold.fourFifths.map((c): Cell[] => [c.column, { value: c.minRatio, format: "fixed:3" }, c.passes ? "passes" : "fails"]),
        }),
      ),
    );
  }
  if (check.proxies.length > 0) {
    sections.push(
      section(
        "proxies",
        "Proxies",
        dataTable({
          caption: "How well the model's inputs tell each group from the rest (AUC; 0.5 = not at all)",
          header: ["column", "group", "all inputs together", "strongest inputs"],
          rows: check.proxies.map((p): Cell[] => [p.column, p.group, { value: p.together, format: "fixed:3" }, p.features.slice(0, 3).map((f) => `${f.feature} ${f.auc.toFixed(3)}`).join(", ")]),
        }),
      ),
    );
  }
  return pageShell({ title: "Fairness audit", subtitle: `${modelName} on ${dataName} · created ${createdAt}`, sections });
}
