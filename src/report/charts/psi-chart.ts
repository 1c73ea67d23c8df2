/** PSI of every input column (`drift`) as horizontal bars coloured by band, with the 0.1 and 0.25 band limits marked. */
import type { ColumnDrift } from "../../audit/drift.js";
import { type DriftBand, PSI_ACT, PSI_WATCH } from "../../evaluate/psi.js";
import type { ChartSpec } from "../chart-spec.js";
import type { Cell } from "../html.js";
import { CHART_COLORS, HALF_WIDTH, cartesianOption } from "./chart-theme.js";
import { referenceLines } from "./reference-line.js";

export const BAND_COLORS: Readonly<Record<DriftBand, string>> = { stable: CHART_COLORS.good, watch: "#c98a0b", act: CHART_COLORS.threshold };

/** Bars drawn at the most; the table lists every column. */
export const PSI_CHART_TOP = 25;

/** The columns with their positions in the report, highest PSI first (ties by name). */
export function rankByPsi(columns: readonly ColumnDrift[]): { column: ColumnDrift; index: number }[] {
  return columns.map((column, index) => ({ column, index })).sort((x, y) => y.column.psi - x.column.psi || (x.column.column < y.column.column ? -1 : 1));
}

/** `columns` in report order; `path` is where they sit in the drift document. */
export function psiChart(columns: readonly ColumnDrift[], path = "columns"): ChartSpec {
  const ranked = rankByPsi(columns);
  const top = ranked.slice(0, PSI_CHART_TOP);
  const xAxisName = "PSI, population stability index (unitless)";
  const yAxisName = "Input column";
  const drawn = (v: number) => Math.round(v * 1000) / 1000;
  const highest = Math.max(0, ...top.map((t) => t.column.psi));
  const left = Math.min(190, 24 + 6.6 * Math.max(6, ...top.map((t) => t.column.column.length)));
  // One series per band, stacked on one bar slot, so the legend names the colours.
  const bands: DriftBand[] = ["stable", "watch", "act"];
  const series = bands.map((band, k) => ({
    name: band,
    type: "bar" as const,
    stack: "psi",
    data: top.map((t) => (t.column.band === band ? drawn(t.column.psi) : "-")),
    barWidth: "64%",
    itemStyle: { color: BAND_COLORS[band], borderRadius: [0, 3, 3, 0] },
    label: { show: true, position: "right" as const, formatter: "{c}", fontSize: 11, color: CHART_COLORS.muted },
    ...(k === 0
      ? {
          markLine: referenceLines([
            { axis: "xAxis", value: PSI_WATCH, label: `watch from ${PSI_WATCH}`, color: BAND_COLORS.watch },
            { axis: "xAxis", value: PSI_ACT, label: `act above ${PSI_ACT}`, color: BAND_COLORS.act },
          ]),
        }
      : {}),
  }));
  return {
    id: "drift-psi",
    title: "PSI by input column",
    xAxisName,
    yAxisName,
    description: `How far each input's distribution on the new rows has moved from training: below ${PSI_WATCH} stable, ${PSI_WATCH}–${PSI_ACT} watch, above ${PSI_ACT} act (the dashed lines).`,
    option: {
      ...cartesianOption({
        title: "PSI by input column",
        subtitle: top.length < columns.length ? `Top ${top.length} of ${columns.length} columns, highest first` : `All ${columns.length} columns, highest first`,
        x: { name: xAxisName, min: 0, max: Math.max(0.3, Math.ceil(highest * 1.15 * 20) / 20) },
        y: { name: yAxisName, type: "category", categories: top.map((t) => t.column.column), inverse: true },
        legend: true,
        left,
      }),
      series,
    },
    width: HALF_WIDTH,
    height: 150 + 24 * top.length,
    tables: [
      {
        caption: "PSI of every input column, highest first",
        header: ["column", "PSI", "band"],
        rows: ranked.map((t): Cell[] => [t.column.column, { value: t.column.psi, format: "fixed:4", path: `${path}.${t.index}.psi` }, t.column.band]),
        source: path,
      },
    ],
  };
}
