/**
 * A chart as plain data: the echarts option (JSON-safe, so the same object can feed the
 * browser dashboard), its title, axis names with units, a one-sentence reading, and the
 * table that stands in for it where a chart cannot be seen.
 */
import type { EChartsOption } from "echarts";
import type { TableSpec } from "./html.js";

export interface ChartSpec {
  /** Stable and unique in a page: the figure's anchor and the prefix of the SVG's internal ids. */
  readonly id: string;
  readonly title: string;
  /** Axis names with units, exactly as drawn. */
  readonly xAxisName: string;
  readonly yAxisName: string;
  /** What the chart shows and how to read it, for the caption and screen readers. */
  readonly description: string;
  readonly option: EChartsOption;
  /** Drawing size in CSS pixels; the SVG scales to its column keeping this aspect. */
  readonly width: number;
  readonly height: number;
  /** The data drawn, as tables (one per series group), shown folded under the chart. */
  readonly tables: readonly TableSpec[];
}
