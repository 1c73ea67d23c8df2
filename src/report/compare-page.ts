/** The self-contained HTML page of `leadscore compare --report FILE`. */
import type { CompareReport } from "../audit/compare.js";
import { type Cell, dataTable, escapeHtml, formatNumber } from "./html.js";
import { pageShell, section } from "./page-shell.js";

export function comparePage(report: CompareReport, dataName: string, createdAt: string): string {
  const { a, b } = report;
  const verdict = `<p class="callout">${escapeHtml(report.verdict)}</p>`;
  const metrics = dataTable({
    caption: `Both scorers on the same ${report.rows} labelled rows (${report.positives} positive)`,
    header: ["", a.name, b.name],
    rows: [
      ["kind", a.kind, b.kind],
      ["AUC (95 % interval)", `${formatNumber(a.auc, "fixed:3")} (${formatNumber(a.aucLow, "fixed:3")}–${formatNumber(a.aucHigh, "fixed:3")})`, `${formatNumber(b.auc, "fixed:3")} (${formatNumber(b.aucLow, "fixed:3")}–${formatNumber(b.aucHigh, "fixed:3")})`],
      ["KS", { value: a.ks, format: "fixed:3" }, { value: b.ks, format: "fixed:3" }],
      ["conversions in the top 10 %", { value: a.topDecile.conversions, format: "fixed:1" }, { value: b.topDecile.conversions, format: "fixed:1" }],
      ["share of all conversions in the top 10 %", { value: a.topDecile.share, format: "pct:1" }, { value: b.topDecile.share, format: "pct:1" }],
      ["lift of the top 10 %", { value: a.topDecile.lift, format: "times:2" }, { value: b.topDecile.lift, format: "times:2" }],
      ...(a.atCapacity && b.atCapacity
        ? [[`conversions in the top ${a.atCapacity.rows} (capacity)`, { value: a.atCapacity.conversions, format: "fixed:1" }, { value: b.atCapacity.conversions, format: "fixed:1" }] as Cell[]]
        : []),
      ["calibration error (ECE)", a.calibration ? { value: a.calibration.ece, format: "fixed:4" } : "— (points, not probabilities)", b.calibration ? { value: b.calibration.ece, format: "fixed:4" } : "— (points, not probabilities)"],
      ["grades from", a.gradesFrom, b.gradesFrom],
    ],
  });
  const d = report.delong;
  const test = `<p>DeLong's test of the difference in AUC (${escapeHtml(b.name)} − ${escapeHtml(a.name)}): ${escapeHtml(formatNumber(d.diff, "fixed:4"))}, 95 % interval ${escapeHtml(formatNumber(d.low, "fixed:4"))} to ${escapeHtml(formatNumber(d.high, "fixed:4"))}, z = ${escapeHtml(formatNumber(d.z, "fixed:3"))}, p ${escapeHtml(d.pValue < 1e-4 ? "< 0.0001" : `= ${formatNumber(d.pValue, "fixed:4")}`)}.</p>`;
  const gains = dataTable({
    caption: "Share of all conversions captured by the best-scored rows (ties at a cut shared out)",
    header: ["best-scored rows", a.name, b.name],
    rows: a.gains.map((g, i): Cell[] => [`${(i + 1) * 10} %`, { value: g.share, format: "pct:1" }, { value: b.gains[i]?.share ?? Number.NaN, format: "pct:1" }]),
  });
  const gc = report.gradeChanges;
  const grades = dataTable({
    caption: `Rows by grade: ${a.name} (rows) against ${b.name} (columns); ${gc.rows} rows (${formatNumber(gc.share, "pct:1")}) change grade, ${gc.up} up and ${gc.down} down`,
    header: [`${a.name} \\ ${b.name}`, ...gc.labelsB],
    rows: gc.labelsA.map((label, i): Cell[] => [label, ...(gc.counts[i] ?? []).map((n): Cell => ({ value: n, format: "int" }))]),
  });
  return pageShell({
    title: `${a.name} against ${b.name}`,
    subtitle: `${dataName}, target ${report.target} = ${report.positive} · created ${createdAt}`,
    sections: [
      section("verdict", "Verdict", `${verdict}${test}<div class="table-scroll">${metrics}</div>`),
      section("gains", "Conversions captured", `<div class="table-scroll">${gains}</div>`),
      section("grades", "Grade changes", `<div class="table-scroll">${grades}</div>`),
    ],
  });
}
