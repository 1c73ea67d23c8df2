/** The reliability curve: do rows predicted at about p turn out positive about p of the time? */
import type { CalibrationTable } from "../../evaluate/calibration.js";
import type { ChartSpec } from "../chart-spec.js";
import { type TableSpec, formatNumber } from "../html.js";
import { CHART_COLORS, CHART_HEIGHT, HALF_WIDTH, cartesianOption, percent } from "./chart-theme.js";

export interface CalibrationChartData {
  readonly after: CalibrationTable;
  /** The model's raw probabilities before Platt scaling, when calibration was fitted. */
  readonly before: CalibrationTable | null;
}

export function calibrationChart(data: CalibrationChartData, paths = { after: "calibration", before: "calibrationBefore" }): ChartSpec {
  const xAxisName = "Predicted probability (%)";
  const yAxisName = "Observed positive rate (%)";
  const bins = [...data.after.bins, ...(data.before?.bins ?? [])];
  // Zoom to the populated range (rounded up to a tenth): most lead models never predict 90 %.
  const top = Math.max(0.1, ...bins.map((b) => Math.max(b.meanPredicted, b.observedRate)));
  const axisMax = Math.min(100, Math.ceil(top * 10) * 10);
  const maxRows = Math.max(1, ...bins.map((b) => b.rows));
  const subtitle = data.before
    ? `ECE ${formatNumber(data.after.ece, "fixed:3")} after calibration, ${formatNumber(data.before.ece, "fixed:3")} before`
    : `ECE ${formatNumber(data.after.ece, "fixed:3")}`;
  const series: object[] = [
    {
      name: data.before ? "After calibration" : "Model",
      type: "line" as const,
      data: data.after.bins.map((b) => ({ value: [percent(b.meanPredicted), percent(b.observedRate)], symbolSize: dotSize(b.rows, maxRows) })),
      symbol: "circle",
      lineStyle: { width: 2.5, color: CHART_COLORS.model },
      itemStyle: { color: CHART_COLORS.model },
      z: 3,
    },
  ];
  if (data.before) {
    series.push({
      name: "Before calibration",
      type: "line" as const,
      data: data.before.bins.map((b) => ({ value: [percent(b.meanPredicted), percent(b.observedRate)], symbolSize: dotSize(b.rows, maxRows) })),
      symbol: "triangle",
      lineStyle: { width: 1.8, type: "dashed" as const, color: CHART_COLORS.second },
      itemStyle: { color: CHART_COLORS.second },
    });
  }
  series.push({
    name: "Perfect calibration",
    type: "line" as const,
    data: [
      [0, 0],
      [axisMax, axisMax],
    ],
    showSymbol: false,
    lineStyle: { width: 1.5, type: "dotted" as const, color: CHART_COLORS.reference },
    itemStyle: { color: CHART_COLORS.reference },
  });
  const tables: TableSpec[] = [binsTable("After calibration", data.after, paths.after)];
  if (data.before) tables.push(binsTable("Before calibration", data.before, paths.before));
  return {
    id: "calibration",
    title: "Calibration (reliability)",
    xAxisName,
    yAxisName,
    description:
      "Rows grouped by predicted probability (bins of 10 points); each dot compares the group's average prediction with how often it was actually positive, its size the number of rows (small dots rest on few rows and wander). On the dotted diagonal the probabilities mean what they say. ECE is the average gap, weighted by rows.",
    option: {
      ...cartesianOption({
        title: "Calibration (reliability)",
        subtitle,
        x: { name: xAxisName, min: 0, max: axisMax, labelFormat: "{value} %" },
        y: { name: yAxisName, min: 0, max: axisMax, labelFormat: "{value} %" },
        legend: true,
      }),
      series,
    },
    width: HALF_WIDTH,
    height: CHART_HEIGHT,
    tables,
  };
}

function binsTable(label: string, table: CalibrationTable, path: string): TableSpec {
  return {
    caption: `${label}: expected calibration error ${formatNumber(table.ece, "fixed:4")}`,
    header: ["probability bin", "rows", "mean predicted", "observed rate"],
    rows: table.bins.map((b, i) => [
      `${formatNumber(b.low, "pct:0")} – ${formatNumber(b.high, "pct:0")}`,
      { value: b.rows, format: "int" as const, path: `${path}.bins.${i}.rows` },
      { value: b.meanPredicted, format: "pct:1" as const, path: `${path}.bins.${i}.meanPredicted` },
      { value: b.observedRate, format: "pct:1" as const, path: `${path}.bins.${i}.observedRate` },
    ]),
    source: `${path}.bins`,
  };
}

// Dot area grows with the rows behind it, so a bin of three rows does not look like a bin of three thousand.
function dotSize(rows: number, maxRows: number): number {
  return Math.round(4 + 12 * Math.sqrt(rows / maxRows));
}
