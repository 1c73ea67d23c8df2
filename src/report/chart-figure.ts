/** A chart in a page: the SVG, a caption that says how to read it, and its data table folded beneath. */
import type { ChartSpec } from "./chart-spec.js";
import { dataTable, escapeHtml } from "./html.js";
import { renderSvg } from "./render-svg.js";

export function chartFigure(spec: ChartSpec): string {
  const label = `${spec.title}. ${spec.description}`;
  // Inline in HTML an <svg> needs no namespace declarations (the parser supplies them), and
  // without them the page holds no URL at all.
  const svg = renderSvg(spec.option, spec.width, spec.height, `c-${spec.id}`)
    .replace(/^<svg ([^>]*)>/, (_, attributes: string) => `<svg ${attributes.replace(/\s*xmlns(:xlink)?="[^"]*"/g, "")}>`)
    .replace(/^<svg /, `<svg role="img" aria-labelledby="${escapeHtml(spec.id)}-label" `);
  return `<figure class="chart" id="${escapeHtml(spec.id)}" data-chart="${escapeHtml(spec.id)}" data-x-axis="${escapeHtml(spec.xAxisName)}" data-y-axis="${escapeHtml(spec.yAxisName)}">
<div class="chart-svg">${svg.replace(/>/, `><title id="${escapeHtml(spec.id)}-label">${escapeHtml(label)}</title>`)}</div>
<figcaption>${escapeHtml(spec.description)}</figcaption>
<details class="fallback"><summary>Data table: ${escapeHtml(spec.title)}</summary><div class="table-scroll">${spec.tables.map(dataTable).join("\n")}</div></details>
</figure>`;
}
