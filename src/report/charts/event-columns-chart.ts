/**
 * The event (engagement) columns that move scores most: mean |contribution| of each column
 * aggregated from the behavioural events, read from report.json `importance` so every bar
 * and table figure carries its path there.
 */
import type { ChartSpec } from "../chart-spec.js";
import type { Cell } from "../html.js";
import type { ImportanceRow } from "../report-types.js";
import { CHART_COLORS, HALF_WIDTH, cartesianOption } from "./chart-theme.js";

export const EVENT_COLUMNS_TOP = 15;

const X_AXIS = "Mean |contribution| (log-odds)";
const Y_AXIS = "Event column";

/** The importance rows of event columns with their index in report.json `importance`, largest mean |contribution| first. */
export function eventImportance(importance: readonly ImportanceRow[], eventColumns: ReadonlySet<string>): { row: ImportanceRow; index: number }[] {
  return importance
    .map((row, index) => ({ row, index }))
    .filter((r) => eventColumns.has(r.row.feature) && Number.isFinite(r.row.meanAbsContribution))
    .sort((a, b) => b.row.meanAbsContribution - a.row.meanAbsContribution || (a.row.feature < b.row.feature ? -1 : 1));
}

/** Null when the model uses no event column (nothing to draw). */
export function eventColumnsChart(importance: readonly ImportanceRow[], eventColumns: ReadonlySet<string>, path = "importance"): ChartSpec | null {
  const ranked = eventImportance(importance, eventColumns);
  if (ranked.length === 0) return null;
  const top = ranked.slice(0, EVENT_COLUMNS_TOP);
  const left = Math.min(230, 24 + 6.6 * Math.max(6, ...top.map((t) => t.row.feature.length)));
  const option = {
    ...cartesianOption({
      title: "Event columns by mean |contribution|",
      subtitle: top.length < ranked.length ? `Top ${top.length} of ${ranked.length} event columns the model uses` : `All ${ranked.length} event columns the model uses`,
      x: { name: X_AXIS, min: 0 },
      y: { name: Y_AXIS, type: "category", categories: top.map((t) => t.row.feature), inverse: true },
      left,
    }),
    series: [
      {
        name: "Mean |contribution|",
        type: "bar" as const,
        data: top.map((t) => Number(t.row.meanAbsContribution.toPrecision(4))),
        barWidth: "64%",
        itemStyle: { color: CHART_COLORS.model, borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: "right" as const, formatter: "{c}", fontSize: 11, color: CHART_COLORS.muted },
      },
    ],
  };
  const hasPermutation = ranked.some((r) => r.row.permutation !== undefined);
  return {
    id: "event-columns",
    title: "Event columns by mean |contribution|",
    xAxisName: X_AXIS,
    yAxisName: Y_AXIS,
    description:
      "How far, on average, each column built from the behavioural events moves a lead's score away from the average lead, in log-odds: the engagement signals the model leans on most.",
    option,
    width: HALF_WIDTH,
    height: 120 + 24 * top.length,
    tables: [
      {
        caption: "Every event column the model uses, by mean |contribution|",
        header: ["event column", X_AXIS, "Share of the model's importance (%)", ...(hasPermutation ? ["Drop in AUC when shuffled"] : [])],
        rows: ranked.map((t): Cell[] => [
          t.row.feature,
          { value: t.row.meanAbsContribution, format: "fixed:3", path: `${path}.${t.index}.meanAbsContribution` },
          { value: t.row.value, format: "pct:1", path: `${path}.${t.index}.value` },
          ...(hasPermutation ? [t.row.permutation === undefined ? "—" : ({ value: t.row.permutation, format: "fixed:4", path: `${path}.${t.index}.permutation` } as Cell)] : []),
        ]),
        source: path,
      },
    ],
  };
}
