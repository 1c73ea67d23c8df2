/** The self-contained HTML page of `leadscore drift --report FILE`. */
import type { DriftReport } from "../audit/drift.js";
import { type Cell, dataTable, escapeHtml, formatNumber } from "./html.js";
import { pageShell, section } from "./page-shell.js";

export function driftPage(report: DriftReport, modelName: string, dataName: string, createdAt: string): string {
  const badge = (band: string) => ({ html: `<span class="badge ${band === "act" ? "error" : band === "watch" ? "warning" : "info"}">${escapeHtml(band)}</span>` });
  const summary = `<p class="callout">Status <b>${escapeHtml(report.status)}</b>: ${report.columns.filter((c) => c.band === "act").length} input(s) in band act, ${report.columns.filter((c) => c.band === "watch").length} in band watch, of ${report.columns.length}. Score PSI ${escapeHtml(formatNumber(report.score.psi, "fixed:3"))} (${escapeHtml(report.score.band)}).</p>
<p>Estimated AUC on these ${report.rows} rows before their outcomes are known: <b>${escapeHtml(formatNumber(report.estimatedAuc, "fixed:3"))}</b> (expected range ${escapeHtml(formatNumber(report.estimatedAucRange.low, "fixed:3"))}–${escapeHtml(formatNumber(report.estimatedAucRange.high, "fixed:3"))}; training AUC ${escapeHtml(formatNumber(report.trainingAuc ?? Number.NaN, "fixed:3"))}). It assumes the model's calibration still holds.${
    report.actual ? ` Real AUC on the ${report.actual.rows} labelled rows: <b>${escapeHtml(formatNumber(report.actual.auc, "fixed:3"))}</b>, KS ${escapeHtml(formatNumber(report.actual.ks, "fixed:3"))}, calibration error ${escapeHtml(formatNumber(report.actual.ece, "fixed:3"))}.` : ""
  }</p>
<p class="muted">PSI bands: below 0.1 stable, 0.1–0.25 watch, above 0.25 act. Bins: 10 training quantiles (or the categories), one for missing values and one for unseen categories. Tests report an effect size (KS D, Cramér's V) because with many rows even a trivial shift gives a tiny p-value.</p>`;
  const columns = [...report.columns].sort((a, b) => b.psi - a.psi);
  const table = dataTable({
    caption: "Inputs by PSI, highest first",
    header: ["column", "PSI", "band", "test", "effect", "magnitude", "p-value", "missing (training → now)", "unseen rows"],
    rows: columns.map((c): Cell[] => [
      c.column,
      { value: c.psi, format: "fixed:4" },
      badge(c.band),
      c.test.name,
      { value: c.test.effect, format: "fixed:3" },
      c.test.magnitude,
      c.test.pValue < 1e-4 ? "< 0.0001" : formatNumber(c.test.pValue, "fixed:4"),
      `${formatNumber(c.missingRate.training, "pct:1")} → ${formatNumber(c.missingRate.current, "pct:1")}`,
      c.unseen.rows > 0 ? `${c.unseen.rows} (${c.unseen.values.join(", ")})` : "0",
    ]),
  });
  const sections = [section("summary", "Summary", `${summary}<div class="table-scroll">${table}</div>`)];
  const binTable = (title: string, bins: DriftReport["score"]["bins"]) =>
    dataTable({
      caption: title,
      header: ["bin", "training share", "new share"],
      rows: bins.map((b): Cell[] => [b.bin, { value: b.expected, format: "pct:1" }, { value: b.actual, format: "pct:1" }]),
    });
  const details = [binTable(`Score (${report.score.source} training probabilities), PSI ${formatNumber(report.score.psi, "fixed:4")}`, report.score.bins)];
  for (const c of columns.filter((c) => c.band !== "stable")) details.push(binTable(`${c.column}, PSI ${formatNumber(c.psi, "fixed:4")}`, c.bins));
  sections.push(section("bins", "Bins", `<div class="grid-2">${details.map((d) => `<div class="table-scroll">${d}</div>`).join("")}</div>`, "The score and every input outside band stable, bin by bin."));
  return pageShell({ title: `Drift: ${report.status}`, subtitle: `${modelName} against ${dataName} · created ${createdAt}`, sections });
}
