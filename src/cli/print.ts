/** Human-readable tables and JSON on stdout. */
import pc from "picocolors";
import type { TrainReport } from "../report/report-types.js";

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [pc.bold(line(header)), ...rows.map(line)].join("\n");
}

export function printTrainSummary(report: TrainReport): void {
  const d = report.dataset;
  const out: string[] = [];
  out.push(`${pc.bold("Data")}: ${d.rows} rows, ${d.positives} positive (${(d.positiveRate * 100).toFixed(1)} %), ${report.model.features.length} feature columns`);
  const problems = report.quality.filter((q) => q.severity !== "info");
  if (problems.length > 0) {
    out.push(pc.bold("Data quality:"));
    for (const q of problems) out.push(`  ${q.severity === "error" ? pc.red(q.severity) : pc.yellow(q.severity)} ${q.column ?? ""}: ${q.detail}`);
  }
  if (report.leaderboard.length > 0) {
    out.push(pc.bold(`Cross-validation (${report.cv?.folds} folds, seed ${report.cv?.seed}):`));
    out.push(
      formatTable(
        ["model", "AUC", "± std", "log loss", "fit s/fold"],
        report.leaderboard.map((r) => [r.model, r.metrics.auc.mean.toFixed(4), r.metrics.auc.std.toFixed(4), r.metrics.logLoss.mean.toFixed(4), r.fitSeconds.toFixed(2)]),
      ),
    );
  }
  out.push(`${pc.bold("Chosen")}: ${report.model.family}`);
  const t = report.threshold;
  out.push(
    `${pc.bold("Threshold")} ${t.value.toFixed(4)} (${t.rule}): precision ${t.precision.toFixed(3)}, recall ${t.recall.toFixed(3)}; TP ${t.confusion.tp}, FP ${t.confusion.fp}, TN ${t.confusion.tn}, FN ${t.confusion.fn}`,
  );
  if (report.holdout) out.push(`${pc.bold("Held-out period")}: AUC ${(report.holdout.auc ?? 0).toFixed(4)} on ${report.holdout.rows} rows`);
  const top = report.importance.slice(0, 5).map((i) => `${i.feature} ${(i.value * 100).toFixed(0)} %`);
  out.push(`${pc.bold("Most important")}: ${top.join(", ")}`);
  process.stdout.write(`${out.join("\n")}\n`);
}
