/**
 * The `scorecard` section of report.json and report.html, and scorecard.csv: the
 * characteristic analysis (bins with count, share, events, event rate, WoE, IV, points),
 * the points scaling, the score → probability-of-default table and the risk bands.
 */
import { csvLine } from "../score/csv-writer.js";
import { type PdRow, type RiskBand, type Scaling, pdTable, quantileBandCuts, riskBands } from "../scorecard/points.js";
import type { ScorecardJSON } from "../scorecard/scorecard-scorer.js";
import { type CharacteristicSummary, characteristicSummaries } from "../scorecard/scorecard-tables.js";
import { escapeHtml } from "./html.js";

export interface ScorecardSection {
  readonly scaling: Scaling;
  /** How to read points and grades, in one sentence each. */
  readonly reading: string;
  /** Least and most total points the scorecard can give. */
  readonly pointsRange: { readonly min: number; readonly max: number };
  readonly intercept: number;
  readonly characteristics: readonly CharacteristicSummary[];
  /** Points → good:bad odds and probability of default. */
  readonly pdTable: readonly PdRow[];
  /** Risk bands on the training rows (points of the final scorecard). */
  readonly bands: readonly RiskBand[];
  readonly bandCuts: readonly number[];
}

export interface ScorecardSectionInput {
  readonly scorecard: ScorecardJSON;
  /** The positive class (bad), e.g. "default" or "2". */
  readonly positive: string;
  /** Points and labels of the training rows. */
  readonly points: ArrayLike<number>;
  readonly labels: ArrayLike<number>;
  /** Band cuts on points; default: quintiles of the training points. */
  readonly bandCuts?: readonly number[];
}

export function scorecardSection(input: ScorecardSectionInput): ScorecardSection {
  const sc = input.scorecard;
  let min = 0;
  let max = 0;
  for (const c of sc.characteristics) {
    if (!c.selected) continue;
    min += Math.min(...c.points);
    max += Math.max(...c.points);
  }
  const bandCuts = input.bandCuts ? [...new Set(input.bandCuts)].sort((a, b) => a - b) : quantileBandCuts(input.points);
  const step = Math.max(1, Math.round(sc.scaling.pdo / 2));
  return {
    scaling: sc.scaling,
    reading:
      `Points rise with the good:bad odds: more points mean a lower probability of '${input.positive}' ` +
      `(${sc.scaling.baseScore} points at odds ${sc.scaling.baseOdds}:1, ${sc.scaling.pdo} more points each time the odds double). ` +
      `Grades follow the probability of '${input.positive}': A is the riskiest grade, the lowest points.`,
    pointsRange: { min, max },
    intercept: sc.intercept,
    characteristics: characteristicSummaries(sc),
    pdTable: pdTable(sc.scaling, min, max, step),
    bands: riskBands(sc.scaling, input.points, input.labels, bandCuts),
    bandCuts,
  };
}

/** scorecard.csv: one row per bin of every characteristic in the scorecard. */
export function scorecardCsv(section: ScorecardSection): string {
  const lines = [csvLine(["characteristic", "bin", "count", "share", "events", "event_rate", "woe", "iv", "points"])];
  for (const c of section.characteristics) {
    if (!c.selected) continue;
    for (const b of c.bins) lines.push(csvLine([b.characteristic, b.bin, b.count, round(b.share), b.events, round(b.eventRate), round(b.woe), round(b.iv), b.points]));
  }
  return lines.join("");
}

/** The scorecard part of report.html (a <section>, self-contained, no scripts). */
export function scorecardHtml(section: ScorecardSection): string {
  const s = section.scaling;
  const parts: string[] = [];
  parts.push(`<section class="report-section" id="scorecard"><h2>Scorecard</h2>
<p>${escapeHtml(section.reading)}</p>
<p>Scaling: factor = pdo / ln 2 = ${fixed(s.factor, 4)}, offset = base score − factor · ln(base odds) = ${fixed(s.offset, 4)}; total points range from ${section.pointsRange.min} to ${section.pointsRange.max}.</p>`);
  parts.push(
    simpleTable(
      "Characteristic analysis",
      ["characteristic", "type", "IV", "strength", "trend", "monotone", "bins from", "coefficient", "in the scorecard"],
      section.characteristics.map((c) => [c.column, c.type, fixed(c.iv, 4), c.strength, c.trend, c.monotone ? "yes" : "no", c.origin === "user" ? "bins.json" : "optimal binning", c.selected ? fixed(c.coefficient, 4) : "", c.status]),
    ),
  );
  for (const c of section.characteristics) {
    if (!c.selected) continue;
    parts.push(
      simpleTable(
        `${c.column} — IV ${fixed(c.iv, 4)} (${c.strength})`,
        ["bin", "count", "share", "events", "event rate", "WoE", "IV", "points"],
        c.bins.map((b) => [b.bin, String(b.count), pct(b.share), String(b.events), pct(b.eventRate), fixed(b.woe, 4), fixed(b.iv, 4), String(b.points ?? "")]),
      ),
    );
  }
  parts.push(
    simpleTable(
      "Risk bands on the training rows (band 1 = most points, least risk)",
      ["band", "points", "rows", "share", "events", "event rate", "PD implied by the points"],
      section.bands.map((b) => [
        String(b.band),
        b.fromPoints === null ? `≤ ${b.toPoints}` : b.toPoints === null ? `≥ ${b.fromPoints}` : `${b.fromPoints} – ${b.toPoints}`,
        String(b.rows),
        pct(b.share),
        String(b.events),
        pct(b.eventRate),
        `${b.pdLow === null ? "…" : pct(b.pdLow, 2)} – ${b.pdHigh === null ? "…" : pct(b.pdHigh, 2)}`,
      ]),
    ),
  );
  parts.push(
    simpleTable(
      "Score → probability of default",
      ["points", "good:bad odds", "probability of default"],
      section.pdTable.map((r) => [String(r.points), `${fixed(r.oddsGood, 2)} : 1`, pct(r.pd, 2)]),
    ),
  );
  parts.push("</section>");
  return parts.join("\n");
}

/** report.html with the scorecard section added at the end of its main content (and its table of contents, if any). */
export function withScorecardHtml(reportHtml: string, section: ScorecardSection): string {
  let html = reportHtml;
  const toc = html.indexOf("</ul></nav>");
  if (toc >= 0) html = `${html.slice(0, toc)}<li><a href="#scorecard">Scorecard</a></li>${html.slice(toc)}`;
  const main = html.lastIndexOf("</main>");
  const at = main >= 0 ? main : html.lastIndexOf("</body>");
  const part = scorecardHtml(section);
  return at < 0 ? `${html}${part}\n` : `${html.slice(0, at)}${part}\n${html.slice(at)}`;
}

function simpleTable(caption: string, header: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("\n");
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function fixed(v: number, digits: number): string {
  return v.toFixed(digits);
}

function pct(v: number, digits = 1): string {
  return `${(v * 100).toFixed(digits)} %`;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
