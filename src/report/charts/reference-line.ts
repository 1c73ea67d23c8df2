/** Dashed reference lines across a bar chart (the average lift, the overall rate, PSI band limits), as an echarts markLine. */
import { CHART_COLORS } from "./chart-theme.js";

export interface ReferenceLine {
  /** `yAxis`: a horizontal line at a value of the y axis; `xAxis`: a vertical one. */
  readonly axis: "xAxis" | "yAxis";
  /** In the axis's drawn units. */
  readonly value: number;
  readonly label: string;
  /** Line and label colour; the reference grey (muted label) by default. */
  readonly color?: string;
}

/** Each label is written along its line, near the line's end. */
export function referenceLines(lines: readonly ReferenceLine[]) {
  return {
    symbol: "none",
    silent: true,
    data: lines.map((l) => ({
      [l.axis]: l.value,
      label: { formatter: l.label, ...(l.color ? { color: l.color } : {}) },
      ...(l.color ? { lineStyle: { color: l.color } } : {}),
    })),
    lineStyle: { type: "dashed" as const, color: CHART_COLORS.reference, width: 1.5 },
    label: { position: "insideEndTop" as const, color: CHART_COLORS.muted, fontSize: 11 },
  };
}
