/**
 * The pieces every leadscore HTML report is built from (train, compare, drift, fairness):
 * page shell, sections, charts with their table fallback, tables and checkable numbers.
 */
export { type PageOptions, type PageSection, pageShell, section } from "./page-shell.js";
export type { ChartSpec } from "./chart-spec.js";
export { chartFigure } from "./chart-figure.js";
export { renderSvg } from "./render-svg.js";
export { type Cell, type NumberFormat, type TableSpec, cellHtml, dataTable, escapeHtml, formatNumber, num } from "./html.js";
export { REPORT_STYLE } from "./report-style.js";
export { CHART_COLORS, cartesianOption } from "./charts/chart-theme.js";
