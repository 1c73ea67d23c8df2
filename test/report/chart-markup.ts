// Reads a chart back out of a report page's HTML, as a reader without a browser would:
// its figure, the texts drawn in its SVG, how many marks it draws, and its data tables.
import assert from "node:assert/strict";

export interface ChartMarkup {
  readonly id: string;
  readonly xAxis: string;
  readonly yAxis: string;
  /** The text of every <text> element of the SVG, entities decoded. */
  readonly texts: readonly string[];
  /** Paths and rectangles drawn. */
  readonly marks: number;
  readonly svgTitle: string;
  readonly tableRows: number;
  readonly html: string;
}

const decode = (text: string) => text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&amp;", "&");

export function sectionIds(html: string): string[] {
  return [...html.matchAll(/<section [^>]*data-section="([^"]+)"/g)].map((m) => m[1] as string);
}

export function chartIds(html: string): string[] {
  return [...html.matchAll(/<figure [^>]*data-chart="([^"]+)"/g)].map((m) => m[1] as string);
}

export function chartMarkup(html: string, id: string): ChartMarkup {
  const figure = new RegExp(`<figure class="chart" id="${id}"[^>]*>[\\s\\S]*?</figure>`).exec(html)?.[0];
  assert.ok(figure !== undefined, `no chart '${id}' in the page`);
  const svg = /<svg[\s\S]*<\/svg>/.exec(figure)?.[0] ?? "";
  const details = /<details class="fallback">[\s\S]*<\/details>/.exec(figure)?.[0] ?? "";
  return {
    id,
    xAxis: decode(/data-x-axis="([^"]*)"/.exec(figure)?.[1] ?? ""),
    yAxis: decode(/data-y-axis="([^"]*)"/.exec(figure)?.[1] ?? ""),
    texts: [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1] as string)),
    marks: [...svg.matchAll(/<(path|rect)\b/g)].length,
    svgTitle: decode(/<title[^>]*>([^<]*)<\/title>/.exec(svg)?.[1] ?? ""),
    tableRows: [...details.matchAll(/<tbody>[\s\S]*?<\/tbody>/g)].reduce((n, m) => n + [...m[0].matchAll(/<tr>/g)].length, 0),
    html: figure,
  };
}

/**
 * A drawn chart: marks, both axis names drawn, each with a unit in brackets (but a y axis of
 * categories, `categoryY`, such as column names), an accessible title and a data table.
 */
export function assertChartDrawn(c: ChartMarkup, options: { categoryY?: boolean } = {}): void {
  assert.ok(c.marks > 20, `${c.id} draws only ${c.marks} marks`);
  for (const name of [c.xAxis, c.yAxis]) assert.ok(c.texts.includes(name), `${c.id}: axis '${name}' is not drawn`);
  assert.match(c.xAxis, /\(.+\)/, `${c.id}: x axis '${c.xAxis}' names no unit`);
  if (!options.categoryY) assert.match(c.yAxis, /\(.+\)/, `${c.id}: y axis '${c.yAxis}' names no unit`);
  assert.ok(c.svgTitle.length > 20, `${c.id} has no accessible title`);
  assert.ok(c.tableRows > 0, `${c.id} has no data table`);
}
