/**
 * How reasons about event columns read: "Viewed the pricing page 4 times in the last 7
 * days", "Opened 3 emails in the last 30 days", "Last activity 45 days ago". Written into
 * model.json beside any wording the user gave (theirs wins for the same column).
 */
import type { EventColumn, EventSpec, EventSubject } from "../events/event-spec.js";
import type { ColumnWording, ReasonTemplates } from "./reason-templates.js";

interface Words {
  /** "Opened {n} emails": the verb, and the noun in singular and plural. */
  readonly verb: string;
  readonly one: string;
  readonly many: string;
  /** "Email opens", for recency-weighted sums. */
  readonly title: string;
  /** "Last opened an email …" / "Never opened an email". */
  readonly last: string;
  readonly never: string;
}

const KNOWN: readonly (readonly [RegExp, Words])[] = [
  [/^(page_?views?|page_?visits?|visits?|web_?visits?)$/, { verb: "Viewed", one: "page", many: "pages", title: "Page views", last: "Last viewed a page", never: "Never viewed a page" }],
  [/open/, { verb: "Opened", one: "email", many: "emails", title: "Email opens", last: "Last opened an email", never: "Never opened an email" }],
  [/click/, { verb: "Clicked through", one: "email", many: "emails", title: "Email clicks", last: "Last clicked through an email", never: "Never clicked through an email" }],
  [/form/, { verb: "Submitted", one: "form", many: "forms", title: "Form submissions", last: "Last submitted a form", never: "Never submitted a form" }],
  [/webinar/, { verb: "Attended", one: "webinar", many: "webinars", title: "Webinars attended", last: "Last attended a webinar", never: "Never attended a webinar" }],
  [/download/, { verb: "Downloaded", one: "file", many: "files", title: "Downloads", last: "Last downloaded a file", never: "Never downloaded a file" }],
  [/meeting|call/, { verb: "Had", one: "meeting", many: "meetings", title: "Meetings", last: "Last had a meeting", never: "Never had a meeting" }],
];

const INTENT_PAGES: Readonly<Record<string, string>> = { pricing: "the pricing page", demo: "a demo page", contact: "the contact page" };

const EFFECT = " — {effect}";

function wordsOf(spec: EventSpec, subject: EventSubject): Words {
  if (subject.kind === "type") {
    const key = spec.types.find((t) => t.type === subject.type)?.key ?? subject.type;
    const known = KNOWN.find(([pattern]) => pattern.test(key));
    if (known) return known[1];
    const name = `'${subject.type}'`;
    return { verb: "Had", one: `${name} event`, many: `${name} events`, title: `${name} events`, last: `Last ${name} event`, never: `No ${name} event` };
  }
  if (subject.kind === "intent") {
    const page = INTENT_PAGES[subject.intent] ?? `a ${subject.intent} page`;
    return { verb: "Viewed", one: page, many: page, title: `Visits to ${page}`, last: `Last viewed ${page}`, never: `Never viewed ${page}` };
  }
  return { verb: "Had", one: "activity", many: "activities", title: "Activity", last: "Last activity", never: "No recorded activity" };
}

function wordingOf(spec: EventSpec, column: EventColumn): ColumnWording {
  const w = wordsOf(spec, column.subject);
  const window = `in the last ${column.windowDays} days`;
  switch (column.measure) {
    case "count":
      if (column.subject.kind === "intent") {
        return {
          label: `${w.title}, last ${column.windowDays} days`,
          template: `${w.verb} ${w.one} {value} times ${window}${EFFECT}`,
          oneTemplate: `${w.verb} ${w.one} once ${window}${EFFECT}`,
          zeroTemplate: `Did not view ${w.one} ${window}${EFFECT}`,
        };
      }
      if (column.subject.kind === "any") {
        return { label: `Activities, last ${column.windowDays} days`, template: `{value} activities ${window}${EFFECT}`, oneTemplate: `1 activity ${window}${EFFECT}`, zeroTemplate: `No activity ${window}${EFFECT}` };
      }
      return {
        label: `${w.title}, last ${column.windowDays} days`,
        template: `${w.verb} {value} ${w.many} ${window}${EFFECT}`,
        oneTemplate: `${w.verb} 1 ${w.one} ${window}${EFFECT}`,
        zeroTemplate: `${w.verb} no ${w.many} ${window}${EFFECT}`,
      };
    case "decay":
      return {
        label: `${w.title} weighted by recency`,
        template: `${w.title} weighted by recency (half-life ${spec.halfLifeDays} days): {value}${EFFECT}`,
        zeroTemplate: `${w.title}: none so far${EFFECT}`,
      };
    case "recency":
      return {
        label: `Days since ${w.last.replace(/^Last /, "last ").toLowerCase()}`,
        template: `${w.last} {value} days ago${EFFECT}`,
        oneTemplate: `${w.last} 1 day ago${EFFECT}`,
        zeroTemplate: `${w.last} less than a day ago${EFFECT}`,
        missingTemplate: `${w.never}${EFFECT}`,
      };
    case "active-days":
      return {
        label: `Active days, last ${column.windowDays} days`,
        template: `Active on {value} days ${window}${EFFECT}`,
        oneTemplate: `Active on 1 day ${window}${EFFECT}`,
        // the same fact as no activity at all in the window: worded alike, so reasons merge
        zeroTemplate: `No activity ${window}${EFFECT}`,
      };
    case "sessions":
      return {
        label: `Sessions, last ${column.windowDays} days`,
        template: `{value} sessions ${window}${EFFECT}`,
        oneTemplate: `1 session ${window}${EFFECT}`,
        zeroTemplate: `No sessions ${window}${EFFECT}`,
      };
    case "distinct-pages":
      return {
        label: `Different pages viewed, last ${column.windowDays} days`,
        template: `Viewed {value} different pages ${window}${EFFECT}`,
        oneTemplate: `Viewed 1 page ${window}${EFFECT}`,
        zeroTemplate: `Viewed no pages ${window}${EFFECT}`,
      };
  }
}

export function eventReasonTemplates(spec: EventSpec): Record<string, ColumnWording> {
  const out: Record<string, ColumnWording> = {};
  for (const column of spec.columns) out[column.name] = wordingOf(spec, column);
  return out;
}

/** `templates` with the event columns' wording added where the user gave none. */
export function withEventTemplates(templates: ReasonTemplates, spec: EventSpec): ReasonTemplates {
  return { population: templates.population, columns: { ...eventReasonTemplates(spec), ...templates.columns } };
}
