/**
 * The "Behavioural events" part of the training report, drawn from report.json `events`
 * (models trained with `--events`): what was aggregated and under which rules, how the
 * model's contributions split between event (engagement) and lead-table (fit) columns, and
 * the event columns that move scores most.
 */
import { chartFigure } from "./chart-figure.js";
import { eventColumnsChart } from "./charts/event-columns-chart.js";
import { type Cell, dataTable, escapeHtml, num } from "./html.js";
import { type PageSection, section } from "./page-shell.js";
import type { EventsReport, ImportanceRow, SubScoreSummary } from "./report-types.js";

export function eventsSection(events: EventsReport, importance: readonly ImportanceRow[], path = "events"): PageSection {
  const windows = events.windowsDays.map((w, i) => num(w, "int", { path: `${path}.windowsDays.${i}` }));
  const aggregated = dataTable({
    caption: "What was aggregated",
    header: ["what", "value"],
    rows: [
      ["Events in the file", { value: events.eventsInFile, format: "int", path: `${path}.eventsInFile` }],
      ["Events used: before the lead's as-of time, of a kept type, joined to a lead", { value: events.eventsUsed, format: "int", path: `${path}.eventsUsed` }],
      ["Leads with at least one event used", { value: events.leadsWithEvents, format: "int", path: `${path}.leadsWithEvents` }],
      ["As-of time (only events strictly before it count)", events.asOf],
      ["Counting windows before the as-of time", { html: `${listWords(windows)} days` }],
      ["Half-life of the time-decayed sums", { html: `${num(events.halfLifeDays, "fixed:1", { path: `${path}.halfLifeDays` })} days` }],
      ["Gap that starts a new session", { html: `${num(events.sessionGapMinutes, "int", { path: `${path}.sessionGapMinutes` })} minutes` }],
      ["Event columns in the model", { value: events.engagement.columns, format: "int", path: `${path}.engagement.columns` }],
    ],
  });
  const types = dataTable({
    caption: "Event types among the events used, most frequent first",
    header: ["event type", "events used", "columns of its own"],
    rows: events.types.map((t, i): Cell[] => [t.type, { value: t.events, format: "int", path: `${path}.types.${i}.events` }, t.kept ? "yes" : "no (beyond the 12 most frequent)"]),
    source: `${path}.types`,
  });
  const intents =
    events.intents.length > 0
      ? `<p class="muted">Page visits recognised from the URL path: ${events.intents.map((x) => `<b>${escapeHtml(x.name)}</b> (<code>${escapeHtml(x.pattern)}</code>)`).join(", ")}.</p>`
      : "";
  const split = dataTable({
    caption: "Fit (lead-table columns) against engagement (event columns), final model on the training rows",
    header: ["sub-score", "input columns", "share of contributions", "AUC alone (in-sample)", "mean sub-score, positives", "mean sub-score, negatives"],
    rows: [subScoreRow("fit", events.fit, `${path}.fit`), subScoreRow("engagement", events.engagement, `${path}.engagement`)],
  });
  const chart = eventColumnsChart(importance, new Set(events.columns));
  const chartHtml = chart ? chartFigure(chart) : `<p class="muted">The model uses none of the event columns.</p>`;
  const body = `<div class="grid-2"><div>${aggregated}</div><div>${types}${intents}</div></div>
<div class="grid-2">${chartHtml}<div>${split}<p class="muted">${escapeHtml(events.subScoreDefinition)} The AUCs are measured on the rows the model was fitted on, so they flatter it; the shares are of the mean |contribution| of each column.</p></div></div>`;
  const lead = `${num(events.eventsUsed, "int", { path: `${path}.eventsUsed` })} of the ${num(events.eventsInFile, "int", {
    path: `${path}.eventsInFile`,
  })} events in ${escapeHtml(baseName(events.file))} happened before ${escapeHtml(events.asOf)} and became lead columns: counts over the last ${listWords(
    windows,
  )} days, recency, time-decayed sums and sessions. The event columns carry ${num(events.engagement.shareOfContribution, "pct:0", {
    path: `${path}.engagement.shareOfContribution`,
  })} of the model's contributions, the lead-table columns ${num(events.fit.shareOfContribution, "pct:0", { path: `${path}.fit.shareOfContribution` })}.`;
  return section("events", "Behavioural events", body, lead);
}

function subScoreRow(name: string, s: SubScoreSummary, path: string): Cell[] {
  return [
    name,
    { value: s.columns, format: "int", path: `${path}.columns` },
    { value: s.shareOfContribution, format: "pct:1", path: `${path}.shareOfContribution` },
    { value: s.aucOnTrainingRows, format: "fixed:3", path: `${path}.aucOnTrainingRows` },
    { value: s.meanScorePositive, format: "fixed:1", path: `${path}.meanScorePositive` },
    { value: s.meanScoreNegative, format: "fixed:1", path: `${path}.meanScoreNegative` },
  ];
}

/** "7, 30 and 90" from already-formatted parts. */
function listWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
