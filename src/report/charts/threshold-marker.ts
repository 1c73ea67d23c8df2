/** The chosen decision threshold drawn on a curve: a red dot with its label. */
import { formatNumber } from "../html.js";
import { CHART_COLORS } from "./chart-theme.js";

/** The marker's legend entry. */
export const MARKER_NAME = "Chosen threshold";

/** Coordinates already in the chart's units (%). */
export function thresholdMarker(value: number, x: number, y: number, label = `threshold ${formatNumber(value, "fixed:3")}`) {
  return {
    name: MARKER_NAME,
    type: "scatter" as const,
    data: [[x, y]],
    symbolSize: 11,
    itemStyle: { color: CHART_COLORS.threshold, borderColor: "#fff", borderWidth: 1.5 },
    label: {
      show: true,
      position: "right" as const,
      formatter: label,
      color: CHART_COLORS.threshold,
      fontSize: 11,
      fontWeight: 600 as const,
    },
    z: 5,
  };
}
