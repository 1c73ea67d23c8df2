/**
 * The self-contained HTML page of `leadscore drift --report FILE`: the status, PSI of every
 * input as bars by band, and the training-against-now distribution of the score and of the
 * inputs that moved most. Every printed figure carries its path in the `drift --json` document.
 */
import type { ColumnDrift, DriftReport } from "../audit/drift.js";
import { PSI_ACT, PSI_WATCH } from "../evaluate/psi.js";
import { chartFigure } from "./chart-figure.js";
import { driftBinsChart } from "./charts/drift-bins-chart.js";
import { psiChart, rankByPsi } from "./charts/psi-chart.js";
import { type Cell, dataTable, escapeHtml, formatNumber, num } from "./html.js";
import { pageShell, section } from "./page-shell.js";

/** Inputs whose distributions are drawn, those with the highest PSI. */
export const DRIFT_OVERLAYS = 6;

export function driftPage(report: DriftReport, modelName: string, dataName: string, createdAt: string): string {
  const badge = (band: string) => ({ html: `<span class="badge ${band === "act" ? "error" : band === "watch" ? "warning" : "info"}">${escapeHtml(band)}</span>` });
  const inBand = (band: string) => report.columns.filter((c) => c.band === band).length;
  const a = report.actual;
  const summary = `<p class="callout">Status <b>${escapeHtml(report.status)}</b>: ${inBand("act")} input(s) in band act, ${inBand("watch")} in band watch, of ${report.columns.length}. Score PSI ${num(report.score.psi, "fixed:3", { path: "score.psi" })} (${escapeHtml(report.score.band)}).</p>
<p>Estimated AUC on these ${num(report.rows, "int", { path: "rows" })} rows before their outcomes are known: <b>${num(report.estimatedAuc, "fixed:3", { path: "estimatedAuc" })}</b> (expected range ${num(report.estimatedAucRange.low, "fixed:3", {
    path: "estimatedAucRange.low",
  })}–${num(report.estimatedAucRange.high, "fixed:3", { path: "estimatedAucRange.high" })}; training AUC ${num(report.trainingAuc ?? Number.NaN, "fixed:3", { path: "trainingAuc" })}). It assumes the model's calibration still holds.${
    a
      ? ` Real AUC on the ${num(a.rows, "int", { path: "actual.rows" })} labelled rows: <b>${num(a.auc, "fixed:3", { path: "actual.auc" })}</b>, KS ${num(a.ks, "fixed:3", { path: "actual.ks" })}, calibration error ${num(a.ece, "fixed:3", { path: "actual.ece" })}.`
      : ""
  }</p>
<p class="muted">PSI bands: below ${PSI_WATCH} stable, ${PSI_WATCH}–${PSI_ACT} watch, above ${PSI_ACT} act. Bins: 10 training quantiles (or the categories), one for missing values and one for unseen categories. Tests report an effect size (KS D, Cramér's V) because with many rows even a trivial shift gives a tiny p-value.</p>`;
  const ranked = rankByPsi(report.columns);
  const at = (index: number) => `columns.${index}`;
  const table = dataTable({
    caption: "Inputs by PSI, highest first",
    header: ["column", "PSI", "band", "test", "effect", "magnitude", "p-value", "missing (training → now)", "unseen rows"],
    rows: ranked.map(({ column: c, index }): Cell[] => [
      c.column,
      { value: c.psi, format: "fixed:4", path: `${at(index)}.psi` },
      badge(c.band),
      c.test.name,
      { value: c.test.effect, format: "fixed:3", path: `${at(index)}.test.effect` },
      c.test.magnitude,
      c.test.pValue < 1e-4 ? "< 0.0001" : { value: c.test.pValue, format: "fixed:4", path: `${at(index)}.test.pValue` },
      { html: `${num(c.missingRate.training, "pct:1", { path: `${at(index)}.missingRate.training` })} → ${num(c.missingRate.current, "pct:1", { path: `${at(index)}.missingRate.current` })}` },
      c.unseen.rows > 0 ? `${c.unseen.rows} (${c.unseen.values.join(", ")})` : "0",
    ]),
    source: "columns",
  });
  const score = driftBinsChart({ id: "drift-score", name: "Score", psi: report.score.psi, band: report.score.band, bins: report.score.bins, path: "score" });
  const sections = [section("summary", "Summary", `${summary}<div class="grid-2">${chartFigure(psiChart(report.columns))}${chartFigure(score)}</div><div class="table-scroll">${table}</div>`)];
  const overlays = ranked.slice(0, DRIFT_OVERLAYS);
  if (overlays.length > 0) {
    const charts = overlays.map(({ column, index }, rank) => chartFigure(driftBinsChart(binsData(column, index, rank))));
    sections.push(
      section(
        "distributions",
        "Distributions",
        `<div class="grid-2">${charts.join("")}</div>`,
        `The ${overlays.length === 1 ? "input" : `${overlays.length} inputs`} with the highest PSI, bin by bin: grey is the share of training rows in the bin, blue the share of the new rows.`,
      ),
    );
  }
  // Inputs outside band stable beyond those drawn keep their bins as tables.
  const rest = ranked.slice(DRIFT_OVERLAYS).filter(({ column }) => column.band !== "stable");
  if (rest.length > 0) {
    const tables = rest.map(({ column: c, index }) =>
      dataTable({
        caption: `${c.column}, PSI ${formatNumber(c.psi, "fixed:4")}`,
        header: ["bin", "training share", "new share"],
        rows: c.bins.map((b, k): Cell[] => [b.bin, { value: b.expected, format: "pct:1", path: `${at(index)}.bins.${k}.expected` }, { value: b.actual, format: "pct:1", path: `${at(index)}.bins.${k}.actual` }]),
        source: `${at(index)}.bins`,
      }),
    );
    sections.push(section("bins", "More bins", `<div class="grid-2">${tables.map((t) => `<div class="table-scroll">${t}</div>`).join("")}</div>`, "The other inputs outside band stable, bin by bin."));
  }
  return pageShell({ title: `Drift: ${report.status}`, subtitle: `${modelName} against ${dataName} · created ${createdAt}`, sections });
}

function binsData(column: ColumnDrift, index: number, rank: number) {
  return { id: `drift-bins-${rank + 1}`, name: column.column, psi: column.psi, band: column.band, bins: column.bins, path: `columns.${index}` };
}
