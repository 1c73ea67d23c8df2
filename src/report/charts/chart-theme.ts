/**
 * The look shared by every report chart: colours, font, title, grid and axes. Builders
 * return plain echarts options (numbers, strings, arrays; no functions), so the same
 * object can be rendered to SVG here or handed to echarts in a browser.
 */
import type { EChartsOption, XAXisComponentOption, YAXisComponentOption } from "echarts";

export const CHART_COLORS = {
  /** The model's own series. */
  model: "#2456c7",
  /** A second series: negatives, the uncalibrated model, a second scorer. */
  second: "#e07b39",
  /** Baselines: random ranking, perfect calibration, averages. */
  reference: "#9aa3b5",
  /** The chosen decision threshold. */
  threshold: "#b3261e",
  good: "#1f7a4d",
  ink: "#1b2130",
  muted: "#5d6679",
  grid: "#e6e9f0",
} as const;

export const CHART_FONT = `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`;

/** Report charts are drawn at these sizes (CSS pixels) and scale to their column. */
export const HALF_WIDTH = 560;
export const FULL_WIDTH = 1060;
export const CHART_HEIGHT = 380;

export interface AxisSpec {
  readonly name: string;
  /** "value" (numbers) or "category" (labels in `categories`). */
  readonly type?: "value" | "category";
  readonly categories?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** echarts label template, e.g. "{value} %". */
  readonly labelFormat?: string;
  /** Category axes only: list the first category at the top (horizontal bar charts). */
  readonly inverse?: boolean;
}

export interface CartesianSpec {
  readonly title: string;
  readonly subtitle?: string;
  readonly x: AxisSpec;
  readonly y: AxisSpec;
  /** Legend entries are drawn under the title when there is more than one series. */
  readonly legend?: boolean;
  /** Lines the legend wraps onto (see `legendRows`); 1 by default. */
  readonly legendRows?: number;
  /** Room for long category labels on the y axis (horizontal bar charts), in pixels. */
  readonly left?: number;
}

/** Title, legend, grid and the two axes; the caller adds `series`. */
export function cartesianOption(spec: CartesianSpec): EChartsOption {
  // A category y axis (horizontal bars) carries its name above the plot: leave it a line.
  const top = (spec.subtitle ? 58 : 44) + (spec.legend ? 30 + LEGEND_ROW * ((spec.legendRows ?? 1) - 1) : 0) + (spec.y.type === "category" ? 22 : 0);
  return {
    animation: false,
    color: [CHART_COLORS.model, CHART_COLORS.second, CHART_COLORS.reference, CHART_COLORS.good],
    textStyle: { fontFamily: CHART_FONT, color: CHART_COLORS.ink },
    title: {
      text: spec.title,
      left: 8,
      top: 6,
      textStyle: { fontSize: 15, fontWeight: "bold", color: CHART_COLORS.ink, fontFamily: CHART_FONT },
      ...(spec.subtitle ? { subtext: spec.subtitle, subtextStyle: { fontSize: 12, color: CHART_COLORS.muted, fontFamily: CHART_FONT } } : {}),
    },
    // Without a browser echarts estimates text widths on the narrow side: legend entries get generous gaps.
    ...(spec.legend
      ? { legend: { top: spec.subtitle ? 52 : 36, left: 8, itemWidth: 18, itemHeight: 10, itemGap: 26, textStyle: { fontSize: 12, color: CHART_COLORS.muted, fontFamily: CHART_FONT } } }
      : {}),
    grid: { left: spec.left ?? 68, right: 24, top, bottom: 56, containLabel: false },
    xAxis: axis(spec.x, "x") as XAXisComponentOption,
    yAxis: axis(spec.y, "y") as YAXisComponentOption,
  };
}

function axis(spec: AxisSpec, which: "x" | "y"): XAXisComponentOption | YAXisComponentOption {
  // A category y axis (horizontal bars) carries its name above the labels, not across them.
  const onTop = which === "y" && spec.type === "category";
  const common = {
    name: spec.name,
    nameLocation: onTop ? (spec.inverse ? ("start" as const) : ("end" as const)) : ("middle" as const),
    nameGap: which === "x" ? 34 : onTop ? 12 : 46,
    nameTextStyle: { fontSize: 12, color: CHART_COLORS.muted, fontFamily: CHART_FONT, ...(onTop ? { align: "left" as const } : {}) },
    axisLine: { show: true, lineStyle: { color: "#9aa3b5" } },
    axisTick: { show: true, lineStyle: { color: "#9aa3b5" } },
    axisLabel: { fontSize: 11, color: CHART_COLORS.muted, fontFamily: CHART_FONT, ...(spec.labelFormat ? { formatter: spec.labelFormat } : {}) },
    splitLine: { show: spec.type !== "category", lineStyle: { color: CHART_COLORS.grid } },
  };
  if (spec.type === "category") {
    return { ...common, type: "category", data: [...(spec.categories ?? [])], ...(spec.inverse ? { inverse: true } : {}) };
  }
  return { ...common, type: "value", ...(spec.min !== undefined ? { min: spec.min } : {}), ...(spec.max !== undefined ? { max: spec.max } : {}) };
}

/** Height of each legend line after the first (echarts spaces wrapped lines by the item gap); a chart whose legend wraps grows by as much, keeping its plot the same size. */
export const LEGEND_ROW = 38;

/**
 * How many lines a legend of these entries takes in a chart `width` pixels wide, so the
 * plot can start below it (long names, such as two scorers' file names, wrap). Text widths
 * are estimated on the generous side, as echarts' own estimate without a browser is narrow.
 */
export function legendRows(names: readonly string[], width: number): number {
  const available = width - 16;
  let rows = 1;
  let used = 0;
  for (const name of names) {
    const entry = 18 + 5 + 6.8 * name.length;
    if (used > 0 && used + entry > available) {
      rows++;
      used = 0;
    }
    used += entry + 26;
  }
  return rows;
}

/** Fractions become percentages with two decimals, the unit every rate axis uses. */
export function percent(fraction: number): number {
  return Math.round(fraction * 1e4) / 100;
}

/** Every k-th index (and the last) so that at most `max` rows are listed. */
export function thinIndices(length: number, max: number): number[] {
  if (length <= max) return Array.from({ length }, (_, i) => i);
  const step = Math.ceil((length - 1) / (max - 1));
  const out: number[] = [];
  for (let i = 0; i < length - 1; i += step) out.push(i);
  out.push(length - 1);
  return out;
}
