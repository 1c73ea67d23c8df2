/**
 * Buying-intent pages recognised from event URLs: the one place to change the patterns.
 *
 * A pattern is an RE2 regular expression (DuckDB's `regexp_matches`, partial match) tested on
 * the normalised page: the URL in lower case, without scheme, `www.`, query, fragment or
 * trailing slash (`https://www.acme.com/Pricing/?utm=x` → `acme.com/pricing`; a bare path
 * `/pricing` stays `/pricing`). The patterns are stored in model.json, so scoring matches
 * exactly as training did.
 */

export interface UrlIntent {
  /** Column key and reason wording: `events_pricing_visits_7d`, "the pricing page". */
  readonly name: string;
  readonly pattern: string;
}

export const URL_INTENTS: readonly UrlIntent[] = [
  { name: "pricing", pattern: "(^|/)(pricing|plans|prices|price|buy|checkout|upgrade)(/|$|\\.)" },
  { name: "demo", pattern: "(^|/)[a-z0-9_-]*demo[a-z0-9_-]*(/|$|\\.)" },
  { name: "contact", pattern: "(^|/)(contact|contact-us|contact-sales|talk-to-sales|sales|get-in-touch|book-a-call|schedule-a-call)(/|$|\\.)" },
];

/** The SQL expression that normalises a URL column into the page matched above. */
export function pageExpression(url: string): string {
  return `nullif(regexp_replace(regexp_replace(regexp_replace(lower(trim(${url})), '^[a-z][a-z0-9+.-]*://(www\\.)?', ''), '[?#].*$', ''), '(.)/+$', '\\1'), '')`;
}
