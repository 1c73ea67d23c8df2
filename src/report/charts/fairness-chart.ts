/** Per-group rates of a fairness audit, one chart per protected column, with 95 % intervals as whiskers. */
import type { ChartSpec } from "../chart-spec.js";
import { type Cell, formatNumber } from "../html.js";
import { CHART_COLORS, CHART_HEIGHT, HALF_WIDTH, cartesianOption, percent } from "./chart-theme.js";

/** A rate with its interval, as SPEC §2 `fairness` writes it. */
export interface RateInterval {
  readonly value: number;
  readonly low?: number;
  readonly high?: number;
}

export interface FairnessGroup {
  readonly column: string;
  readonly group: string;
  readonly rows: number;
  readonly selectionRate: RateInterval;
  readonly tpr?: RateInterval;
  readonly fpr?: RateInterval;
  readonly auc?: number;
}

/**
 * `groups` are the audit's rows for one protected column; `indices` their positions in the
 * report's `fairness.groups`, so every printed figure can be traced back.
 */
export function fairnessChart(column: string, groups: readonly FairnessGroup[], indices: readonly number[], path = "fairness.groups"): ChartSpec {
  const xAxisName = `${column} (group)`;
  const yAxisName = "Selection rate (%)";
  const measures = (["selectionRate", "tpr", "fpr"] as const).filter((m) => groups.some((g) => g[m] !== undefined));
  const names: Record<(typeof measures)[number], string> = { selectionRate: "Selection rate", tpr: "True positive rate", fpr: "False positive rate" };
  // Only the selection rate is drawn, as bars with whiskers at the interval bounds (a
  // candlestick whose body is flat); the other rates would need offset whiskers, so they
  // are in the table.
  const series: object[] = [
    {
      name: names.selectionRate,
      type: "bar" as const,
      data: groups.map((g) => percent(g.selectionRate.value)),
      itemStyle: { color: CHART_COLORS.model, opacity: 0.85, borderRadius: [3, 3, 0, 0] },
      barMaxWidth: 46,
      label: { show: true, position: "insideBottom" as const, formatter: "{c} %", color: "#fff", fontSize: 11 },
    },
  ];
  if (groups.some((g) => g.selectionRate.low !== undefined && g.selectionRate.high !== undefined)) {
    series.push({
      name: "95 % interval",
      type: "candlestick" as const,
      data: groups.map((g) => {
        const v = percent(g.selectionRate.value);
        return [v, v, percent(g.selectionRate.low ?? g.selectionRate.value), percent(g.selectionRate.high ?? g.selectionRate.value)];
      }),
      barWidth: 10,
      itemStyle: { color: CHART_COLORS.ink, color0: CHART_COLORS.ink, borderColor: CHART_COLORS.ink, borderColor0: CHART_COLORS.ink },
      z: 5,
    });
  }
  const top = Math.max(...groups.map((g) => g.selectionRate.high ?? g.selectionRate.value));
  const id = `fairness-${column.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  const header = ["group", "rows", ...measures.flatMap((m) => [names[m], "95 % interval"]), ...(groups.some((g) => g.auc !== undefined) ? ["AUC"] : [])];
  const rows = groups.map((g, j) => {
    const at = `${path}.${indices[j] as number}`;
    const cells: Cell[] = [g.group, { value: g.rows, format: "int", path: `${at}.rows` }];
    for (const m of measures) {
      const r = g[m];
      if (!r) {
        cells.push("—", "—");
        continue;
      }
      cells.push({ value: r.value, format: "pct:1", path: `${at}.${m}.value` });
      cells.push(r.low !== undefined && r.high !== undefined ? `${formatNumber(r.low, "pct:1")} – ${formatNumber(r.high, "pct:1")}` : "—");
    }
    if (header.includes("AUC")) cells.push(g.auc !== undefined ? { value: g.auc, format: "fixed:3", path: `${at}.auc` } : "—");
    return cells;
  });
  return {
    id,
    title: `Fairness by ${column}`,
    xAxisName,
    yAxisName,
    description: `Share of each group of '${column}' flagged at the threshold, with its 95 % interval. Bars of similar height mean the model selects the groups at similar rates; the table adds the true and false positive rates.`,
    option: {
      ...cartesianOption({
        title: `Fairness by ${column}`,
        subtitle: "Selection rate = share of the group flagged at the threshold",
        x: { name: xAxisName, type: "category", categories: groups.map((g) => g.group) },
        y: { name: yAxisName, min: 0, max: Math.min(100, Math.ceil(top * 10 + 0.01) * 10), labelFormat: "{value} %" },
        legend: true,
      }),
      series,
    },
    width: HALF_WIDTH,
    height: CHART_HEIGHT,
    tables: [{ caption: `Fairness audit by ${column}`, header, rows, source: path }],
  };
}
