/**
 * One input's (or the score's) distribution at training and now (`drift`): the share of
 * rows in each PSI bin (training quantiles or categories, missing, unseen) as paired bars.
 */
import type { DriftBin } from "../../audit/drift.js";
import type { ChartSpec } from "../chart-spec.js";
import { type Cell, formatNumber } from "../html.js";
import { psi } from "../../evaluate/psi.js";
import { CHART_COLORS, HALF_WIDTH, cartesianOption, percent } from "./chart-theme.js";

/** Bins drawn at the most. */
export const DRIFT_BINS_DRAWN = 16;

export interface DriftBinsData {
  /** Stable and unique in the page. */
  readonly id: string;
  /** What is binned: an input column's name, or "Score". */
  readonly name: string;
  readonly psi: number;
  readonly band: string;
  readonly bins: readonly DriftBin[];
  /** Where `bins` and `psi` sit in the drift document, e.g. "columns.3". */
  readonly path: string;
}

export function driftBinsChart(data: DriftBinsData): ChartSpec {
  // Bins empty on both sides (often "unseen" for a number) are left off the chart, and of
  // many categories only those adding most to the PSI are drawn, in their order; the table keeps all.
  const filled = data.bins.map((bin, b) => ({ bin, b, term: psi([bin.expected], [bin.actual]) })).filter((x) => x.bin.expected > 0 || x.bin.actual > 0);
  const shown =
    filled.length <= DRIFT_BINS_DRAWN
      ? filled
      : [...filled]
          .sort((x, y) => y.term - x.term || x.b - y.b)
          .slice(0, DRIFT_BINS_DRAWN)
          .sort((x, y) => x.b - y.b);
  const xAxisName = "Share of rows in the bin (%)";
  const yAxisName = "Bin (training quantiles or categories)";
  const left = Math.min(190, 24 + 6.6 * Math.max(6, ...shown.map((x) => x.bin.bin.length)));
  const bars = (name: string, values: number[], color: string) => ({
    name,
    type: "bar" as const,
    data: values,
    barGap: "8%",
    barCategoryGap: "28%",
    itemStyle: { color, borderRadius: [0, 3, 3, 0] },
  });
  const title = `${data.name}: training against now`;
  return {
    id: data.id,
    title,
    xAxisName,
    yAxisName,
    description: `The share of rows in each bin of '${data.name}' at training and in the new data; PSI ${formatNumber(data.psi, "fixed:3")} (${data.band}). Bins are the training quantiles (or categories), then missing values and unseen categories.`,
    option: {
      ...cartesianOption({
        title,
        subtitle: `PSI ${formatNumber(data.psi, "fixed:3")} · band ${data.band}${shown.length < filled.length ? ` · the ${shown.length} of ${filled.length} bins that add most to it` : ""}`,
        x: { name: xAxisName, min: 0, labelFormat: "{value} %" },
        y: { name: yAxisName, type: "category", categories: shown.map((x) => x.bin.bin), inverse: true },
        legend: true,
        left,
      }),
      series: [bars("Training", shown.map((x) => percent(x.bin.expected)), CHART_COLORS.reference), bars("New data", shown.map((x) => percent(x.bin.actual)), CHART_COLORS.model)],
    },
    width: HALF_WIDTH,
    height: 170 + 34 * shown.length,
    tables: [
      {
        caption: `${data.name}: share of rows per bin, PSI ${formatNumber(data.psi, "fixed:4")}`,
        header: ["bin", "training share", "new share"],
        rows: data.bins.map((bin, b): Cell[] => [
          bin.bin,
          { value: bin.expected, format: "pct:1", path: `${data.path}.bins.${b}.expected` },
          { value: bin.actual, format: "pct:1", path: `${data.path}.bins.${b}.actual` },
        ]),
        source: `${data.path}.bins`,
      },
    ],
  };
}
