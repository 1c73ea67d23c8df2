// How event reasons read: known answers for counts (0, 1, many), intents, recency (missing,
// today, days), decay, and a type the wording does not know.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Column } from "../../src/core/frame.js";
import { buildEventSpec } from "../../src/events/event-spec.js";
import { type ReasonContext, describe } from "../../src/explain/reasons.js";
import { eventReasonTemplates } from "../../src/train/event-reason-templates.js";
import { validateTemplates } from "../../src/train/reason-templates.js";

// types arrive trimmed and in lower case (event-store.ts)
const spec = buildEventSpec(["email_open", "page_view", "trial started"], 14, { rule: "latest-event" });
const templates = { population: "leads", columns: eventReasonTemplates(spec) };

/** The sentence for `column` at each of `values`. */
function sentences(column: string, values: readonly number[]): string[] {
  const frameColumns = new Map<string, Column>([[column, { kind: "numeric", name: column, values: Float64Array.from(values) }]]);
  const context: ReasonContext = { columns: [column], frameColumns, profiles: new Map(), templates };
  return values.map((_, row) => describe(context, column, row, "raises the score"));
}

test("event reasons read as sentences, with their own wording for 0, 1 and missing", () => {
  assert.deepEqual(sentences("events_pricing_visits_7d", [4, 1, 0]), [
    "Viewed the pricing page 4 times in the last 7 days — raises the score",
    "Viewed the pricing page once in the last 7 days — raises the score",
    "Did not view the pricing page in the last 7 days — raises the score",
  ]);
  assert.deepEqual(sentences("events_email_open_30d", [3, 1, 0]), [
    "Opened 3 emails in the last 30 days — raises the score",
    "Opened 1 email in the last 30 days — raises the score",
    "Opened no emails in the last 30 days — raises the score",
  ]);
  assert.deepEqual(sentences("events_any_days_since", [45, 1, 0, Number.NaN]), [
    "Last activity 45 days ago — raises the score",
    "Last activity 1 day ago — raises the score",
    "Last activity less than a day ago — raises the score",
    "No recorded activity — raises the score",
  ]);
  assert.deepEqual(sentences("events_demo_visits_days_since", [12, Number.NaN]), ["Last viewed a demo page 12 days ago — raises the score", "Never viewed a demo page — raises the score"]);
  assert.deepEqual(sentences("events_email_open_decay", [1.2345, 0]), [
    "Email opens weighted by recency (half-life 14 days): 1.23 — raises the score",
    "Email opens: none so far — raises the score",
  ]);
  assert.deepEqual(sentences("events_page_view_90d", [0]), sentences("events_distinct_pages_90d", [0]), "the same fact, worded alike");
  assert.deepEqual(sentences("events_active_days_30d", [0]), sentences("events_any_30d", [0]));
  assert.deepEqual(sentences("events_trial_started_7d", [2, 0]), ["Had 2 'trial started' events in the last 7 days — raises the score", "Had no 'trial started' events in the last 7 days — raises the score"]);
  assert.deepEqual(sentences("events_sessions_30d", [5]), ["5 sessions in the last 30 days — raises the score"]);
});

test("the event wording passes the reasons-file validation (it is stored in model.json)", () => {
  assert.deepEqual(validateTemplates(templates, "model.json"), templates);
});
