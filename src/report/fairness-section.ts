/**
 * The fairness part of a report, drawn from report.json `fairness` when a fairness audit
 * ran (SPEC §2 shape: `groups` with rates and intervals, `disparateImpact`, and, when
 * present, the four-fifths verdicts, parity differences, proxies and mitigation). Read by
 * shape rather than by type, so an audit with more or fewer fields still renders.
 */
import { chartFigure } from "./chart-figure.js";
import { type FairnessGroup, fairnessChart } from "./charts/fairness-chart.js";
import { type Cell, dataTable, escapeHtml, formatNumber, num } from "./html.js";
import { type PageSection, section } from "./page-shell.js";
import { plainDataHtml } from "./plain-data-html.js";

type Json = Record<string, unknown>;

export function fairnessSection(fairness: unknown, path = "fairness"): PageSection | null {
  if (typeof fairness !== "object" || fairness === null) return null;
  const f = fairness as Json;
  const groups = f.groups;
  if (!Array.isArray(groups) || groups.length === 0 || !groups.every(isFairnessGroup)) {
    return section("fairness", "Fairness", plainDataHtml(fairness, path));
  }
  const parts: string[] = [];
  const verdicts = records(f.fourFifths).filter((v) => typeof v.column === "string" && typeof v.minRatio === "number");
  if (verdicts.length > 0) {
    parts.push(
      `<ul class="issues">${verdicts
        .map((v, i) => {
          const passes = v.passes === true;
          return `<li><span class="badge ${passes ? "info" : "warning"}">${passes ? "passes" : "fails"}</span> <b>${escapeHtml(String(v.column))}</b>: lowest disparate-impact ratio ${num(
            v.minRatio as number,
            "fixed:2",
            { path: `${path}.fourFifths.${i}.minRatio` },
          )} (the four-fifths rule asks for at least 0.80)</li>`;
        })
        .join("")}</ul>`,
    );
  }
  const byColumn = new Map<string, { groups: FairnessGroup[]; indices: number[] }>();
  groups.forEach((g: FairnessGroup, i) => {
    const entry = byColumn.get(g.column) ?? { groups: [], indices: [] };
    entry.groups.push(g);
    entry.indices.push(i);
    byColumn.set(g.column, entry);
  });
  parts.push(`<div class="grid-2">${[...byColumn.entries()].map(([column, e]) => chartFigure(fairnessChart(column, e.groups, e.indices, `${path}.groups`))).join("")}</div>`);
  const ratios = records(f.disparateImpact);
  if (ratios.length > 0) {
    parts.push(
      dataTable({
        caption: "Disparate impact: each group's favourable-decision rate over the reference group's",
        header: ["column", "group", "reference", "ratio", "95 % interval", "four-fifths rule"],
        rows: ratios.map((r, i): Cell[] => [
          String(r.column ?? ""),
          String(r.group ?? ""),
          String(r.reference ?? ""),
          typeof r.ratio === "number" ? { value: r.ratio, format: "fixed:3", path: `${path}.disparateImpact.${i}.ratio` } : "—",
          typeof r.low === "number" && typeof r.high === "number" ? `${formatNumber(r.low, "fixed:3")} – ${formatNumber(r.high, "fixed:3")}` : "—",
          r.passes === undefined ? "—" : r.passes ? "passes" : "fails",
        ]),
        source: `${path}.disparateImpact`,
      }),
    );
  }
  const differences = records(f.differences);
  if (differences.length > 0) {
    const interval = (v: unknown, at: string): Cell => {
      if (typeof v !== "object" || v === null || typeof (v as Json).value !== "number") return "—";
      const r = v as { value: number; low?: number; high?: number };
      const range = r.low !== undefined && r.high !== undefined ? ` (${formatNumber(r.low, "fixed:3")} – ${formatNumber(r.high, "fixed:3")})` : "";
      return { html: `${num(r.value, "fixed:3", { path: `${at}.value` })}${escapeHtml(range)}` };
    };
    parts.push(
      dataTable({
        caption: "Largest gap between groups (95 % interval)",
        header: ["column", "demographic parity", "equal opportunity", "equalized odds"],
        rows: differences.map((d, i): Cell[] => [
          String(d.column ?? ""),
          interval(d.demographicParity, `${path}.differences.${i}.demographicParity`),
          interval(d.equalOpportunity, `${path}.differences.${i}.equalOpportunity`),
          interval(d.equalizedOdds, `${path}.differences.${i}.equalizedOdds`),
        ]),
        source: `${path}.differences`,
      }),
    );
  }
  const proxies = records(f.proxies).filter((p) => p.strong === true);
  if (proxies.length > 0) {
    parts.push(
      `<h3>Possible proxies</h3><ul class="issues">${proxies
        .map((p) => {
          const features = Array.isArray(p.features) ? (p.features as Json[]).slice(0, 3).map((x) => String(x.feature)) : [];
          return `<li><span class="badge warning">proxy</span> The inputs together tell <b>${escapeHtml(String(p.column))} = ${escapeHtml(String(p.group))}</b> apart with AUC ${
            typeof p.together === "number" ? formatNumber(p.together, "fixed:2") : "—"
          }${features.length > 0 ? `, most of all ${escapeHtml(features.join(", "))}` : ""}.</li>`;
        })
        .join("")}</ul>`,
    );
  }
  if (f.mitigation !== undefined && f.mitigation !== null) parts.push(`<h3>Mitigation</h3>${plainDataHtml(f.mitigation, `${path}.mitigation`)}`);
  return section(
    "fairness",
    "Fairness",
    parts.join("\n"),
    "How the model's decisions at the threshold treat the groups of each protected column (audited, never used as inputs). A disparate-impact ratio under 0.8, the four-fifths rule, is the usual warning sign.",
  );
}

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((v): v is Json => typeof v === "object" && v !== null && !Array.isArray(v)) : [];
}

function isFairnessGroup(g: unknown): g is FairnessGroup {
  if (typeof g !== "object" || g === null) return false;
  const r = g as Json;
  const rate = r.selectionRate as Json | undefined;
  return typeof r.column === "string" && typeof r.group === "string" && typeof r.rows === "number" && typeof rate === "object" && rate !== null && typeof rate.value === "number";
}
