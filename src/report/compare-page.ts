/**
 * The self-contained HTML page of `leadscore compare --report FILE`: the verdict with
 * DeLong's test, both scorers' ROC curves, gains and lift by decile overlaid, and the grade
 * changes. Every printed figure carries its path in the `compare --json` document.
 */
import type { CompareReport, ScorerSummary } from "../audit/compare.js";
import { chartFigure } from "./chart-figure.js";
import { compareGainsChart } from "./charts/compare-gains-chart.js";
import { compareLiftChart } from "./charts/compare-lift-chart.js";
import { compareRocChart } from "./charts/compare-roc-chart.js";
import { type Cell, dataTable, escapeHtml, num } from "./html.js";
import { pageShell, section } from "./page-shell.js";

export function comparePage(report: CompareReport, dataName: string, createdAt: string): string {
  const { a, b } = report;
  const both = (label: string, cell: (s: ScorerSummary, side: "a" | "b") => Cell): Cell[] => [label, cell(a, "a"), cell(b, "b")];
  const aucWithInterval = (s: ScorerSummary, side: "a" | "b"): Cell => ({
    html: `${num(s.auc, "fixed:3", { path: `${side}.auc` })} <span class="muted">(${num(s.aucLow, "fixed:3", { path: `${side}.aucLow` })}–${num(s.aucHigh, "fixed:3", { path: `${side}.aucHigh` })})</span>`,
  });
  const metrics = dataTable({
    caption: `Both scorers on the same ${report.rows} labelled rows (${report.positives} positive)`,
    header: ["", a.name, b.name],
    rows: [
      both("kind", (s) => s.kind),
      both("AUC (95 % interval)", aucWithInterval),
      both("KS", (s, side) => ({ value: s.ks, format: "fixed:3", path: `${side}.ks` })),
      both("conversions in the top 10 %", (s, side) => ({ value: s.topDecile.conversions, format: "fixed:1", path: `${side}.topDecile.conversions` })),
      both("share of all conversions in the top 10 %", (s, side) => ({ value: s.topDecile.share, format: "pct:1", path: `${side}.topDecile.share` })),
      both("lift of the top 10 %", (s, side) => ({ value: s.topDecile.lift, format: "times:2", path: `${side}.topDecile.lift` })),
      ...(a.atCapacity && b.atCapacity
        ? [both(`conversions in the top ${a.atCapacity.rows} (capacity)`, (s, side) => ({ value: s.atCapacity?.conversions ?? Number.NaN, format: "fixed:1", path: `${side}.atCapacity.conversions` }))]
        : []),
      both("calibration error (ECE)", (s, side) => (s.calibration ? { value: s.calibration.ece, format: "fixed:4", path: `${side}.calibration.ece` } : "— (points, not probabilities)")),
      both("grades from", (s) => s.gradesFrom),
    ],
  });
  const d = report.delong;
  const pValue = d.pValue < 1e-4 ? "&lt; 0.0001" : `= ${num(d.pValue, "fixed:4", { path: "delong.pValue" })}`;
  const verdict = `<p class="callout">${escapeHtml(report.verdict)}</p>
<p>DeLong's test of the difference in AUC (${escapeHtml(b.name)} − ${escapeHtml(a.name)}): ${num(d.diff, "fixed:4", { path: "delong.diff" })}, 95 % interval ${num(d.low, "fixed:4", { path: "delong.low" })} to ${num(d.high, "fixed:4", {
    path: "delong.high",
  })}, z = ${num(d.z, "fixed:3", { path: "delong.z" })}, p ${pValue}.</p>`;
  const gc = report.gradeChanges;
  const grades = dataTable({
    caption: `Rows by grade: ${a.name} (rows) against ${b.name} (columns); ${gc.rows} rows (${(gc.share * 100).toFixed(1)} %) change grade, ${gc.up} up and ${gc.down} down`,
    header: [`${a.name} \\ ${b.name}`, ...gc.labelsB],
    rows: gc.labelsA.map((label, i): Cell[] => [label, ...(gc.counts[i] ?? []).map((n, j): Cell => ({ value: n, format: "int", path: `gradeChanges.counts.${i}.${j}` }))]),
    source: "gradeChanges.counts",
  });
  return pageShell({
    title: `${a.name} against ${b.name}`,
    subtitle: `${dataName}, target ${report.target} = ${report.positive} · created ${createdAt}`,
    sections: [
      section("verdict", "Verdict", `${verdict}<div class="grid-2">${chartFigure(compareRocChart(a, b))}<div class="table-scroll">${metrics}</div></div>`),
      section(
        "gains",
        "Conversions captured",
        `<div class="grid-2">${chartFigure(compareGainsChart(a, b, report.rows, report.positives))}${chartFigure(compareLiftChart(a, b))}</div>`,
        "Working down each scorer's list from its best-scored rows: how many of the conversions each finds, and how rich in conversions each tenth of its list is.",
      ),
      section("grades", "Grade changes", `<div class="table-scroll">${grades}</div>`),
    ],
  });
}
