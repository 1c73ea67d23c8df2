/**
 * Global importance, one horizontal bar chart per kind of importance report.json holds
 * (the model's own share, mean |contribution|, permutation, …): whatever numeric fields
 * its rows carry.
 */
import type { ChartSpec } from "../chart-spec.js";
import type { NumberFormat } from "../html.js";
import { CHART_COLORS, HALF_WIDTH, cartesianOption, percent } from "./chart-theme.js";

/** One row of report.json `importance`: the column and any number of numeric measures. */
export interface ImportanceLike {
  readonly feature: string;
}

interface Measure {
  readonly title: string;
  readonly axis: string;
  readonly description: string;
  /** Drawn in percent (shares) or as is. */
  readonly percent: boolean;
  readonly format: NumberFormat;
}

const KNOWN: Readonly<Record<string, Measure>> = {
  value: {
    title: "Importance",
    axis: "Share of the model's total importance (%)",
    description: "How much of the model's own importance (split gain for trees, |coefficient| × spread for linear models) each input column accounts for.",
    percent: true,
    format: "pct:1",
  },
  gain: {
    title: "Importance by split gain",
    axis: "Share of total split gain (%)",
    description: "Share of the loss reduction of every split in the model that came from each column.",
    percent: true,
    format: "pct:1",
  },
  meanAbsContribution: {
    title: "Mean absolute contribution",
    axis: "Mean |contribution| (log-odds)",
    description: "How far, on average, each column moves a row's score away from the average row, in log-odds (TreeSHAP for trees, exact for linear models).",
    percent: false,
    format: "fixed:3",
  },
  permutation: {
    title: "Permutation importance",
    axis: "Drop in AUC when the column is shuffled",
    description: "How much worse the model ranks held-out rows when one column's values are shuffled: the accuracy that depends on the column.",
    percent: false,
    format: "fixed:4",
  },
};

export const IMPORTANCE_TOP = 15;

/**
 * The numeric fields present in the rows, `value` first, leaving out any field identical
 * to one already listed (e.g. `gain` when `value` is the gain share).
 */
export function importanceMeasures<R extends ImportanceLike>(rows: readonly R[]): string[] {
  const fields: string[] = [];
  for (const row of rows) {
    for (const [key, v] of Object.entries(row)) if (typeof v === "number" && !fields.includes(key)) fields.push(key);
  }
  fields.sort((a, b) => rank(a) - rank(b));
  const valueOf = (row: ImportanceLike, field: string) => (row as unknown as Record<string, unknown>)[field];
  return fields.filter((field, i) => !fields.slice(0, i).some((earlier) => rows.every((r) => valueOf(r, earlier) === valueOf(r, field))));
}

function rank(field: string): number {
  const order = Object.keys(KNOWN).indexOf(field);
  return order === -1 ? 100 : order;
}

export function importanceChart<R extends ImportanceLike>(rows: readonly R[], field: string, path = "importance"): ChartSpec {
  const measure: Measure = KNOWN[field] ?? { title: `Importance (${field})`, axis: field, description: `Importance measured as ${field}.`, percent: false, format: "fixed:4" };
  const valueOf = (row: ImportanceLike): number => {
    const v = (row as unknown as Record<string, unknown>)[field];
    return typeof v === "number" && Number.isFinite(v) ? v : Number.NaN;
  };
  const top = rows
    .map((row, index) => ({ row, index, value: valueOf(row) }))
    .filter((r) => Number.isFinite(r.value))
    .sort((a, b) => b.value - a.value || (a.row.feature < b.row.feature ? -1 : 1))
    .slice(0, IMPORTANCE_TOP);
  const yAxisName = "Input column";
  const left = Math.min(190, 24 + 6.6 * Math.max(6, ...top.map((t) => t.row.feature.length)));
  const height = 120 + 24 * top.length;
  const option = {
    ...cartesianOption({
      title: measure.title,
      subtitle: top.length < rows.length ? `Top ${top.length} of ${rows.length} columns` : `All ${rows.length} columns`,
      x: { name: measure.axis, ...(top.every((t) => t.value >= 0) ? { min: 0 } : {}), ...(measure.percent ? { labelFormat: "{value} %" } : {}) },
      y: { name: yAxisName, type: "category", categories: top.map((t) => t.row.feature), inverse: true },
      left,
    }),
    series: [
      {
        name: measure.title,
        type: "bar" as const,
        data: top.map((t) => (measure.percent ? percent(t.value) : Number(t.value.toPrecision(4)))),
        barWidth: "64%",
        itemStyle: { color: CHART_COLORS.model, borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: "right" as const, formatter: measure.percent ? "{c} %" : "{c}", fontSize: 11, color: CHART_COLORS.muted },
      },
    ],
  };
  return {
    id: `importance-${field.replace(/[^A-Za-z0-9_-]/g, "-")}`,
    title: measure.title,
    xAxisName: measure.axis,
    yAxisName,
    description: measure.description,
    option,
    width: HALF_WIDTH,
    height,
    tables: [
      {
        caption: `${measure.title}, every column`,
        header: ["column", measure.axis],
        rows: rows
          .map((row, index) => ({ row, index, value: valueOf(row) }))
          .sort((a, b) => (Number.isFinite(b.value) ? b.value : -Infinity) - (Number.isFinite(a.value) ? a.value : -Infinity))
          .map((t) => [t.row.feature, { value: t.value, format: measure.format, path: `${path}.${t.index}.${field}` }]),
        source: path,
      },
    ],
  };
}
