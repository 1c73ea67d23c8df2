/** Lift by decile of two scorers side by side (`compare`): how much richer in conversions each tenth of each list is than average. */
import type { ScorerSummary } from "../../audit/compare.js";
import type { ChartSpec } from "../chart-spec.js";
import { type Cell, formatNumber } from "../html.js";
import { CHART_COLORS, CHART_HEIGHT, HALF_WIDTH, LEGEND_ROW, cartesianOption, legendRows } from "./chart-theme.js";
import { sideNames } from "./compare-roc-chart.js";
import { referenceLines } from "./reference-line.js";

export function compareLiftChart(a: ScorerSummary, b: ScorerSummary): ChartSpec {
  const [nameA, nameB] = sideNames(a, b);
  const xAxisName = "Decile of each scorer's list (1 = best-scored 10 %)";
  const yAxisName = "Lift (× the average conversion rate)";
  const drawn = (s: ScorerSummary) => s.deciles.map((d) => (Number.isFinite(d.lift) ? Math.round(d.lift * 100) / 100 : 0));
  const highest = Math.max(0, ...drawn(a), ...drawn(b));
  const rows = legendRows([nameA, nameB], HALF_WIDTH);
  const bars = (name: string, s: ScorerSummary, color: string) => ({
    name,
    type: "bar" as const,
    data: drawn(s),
    barGap: "10%",
    barCategoryGap: "30%",
    itemStyle: { color, borderRadius: [3, 3, 0, 0] },
  });
  return {
    id: "compare-lift",
    title: "Lift by decile",
    xAxisName,
    yAxisName,
    description:
      "Each scorer's rows sorted by its score and cut into ten equal groups. A lift of 3× means the group converts at three times the overall rate; the better scorer is taller on the left and shorter on the right.",
    option: {
      ...cartesianOption({
        title: "Lift by decile",
        subtitle: `The best tenth of each list: ${formatNumber(a.deciles[0]?.lift ?? Number.NaN, "times:1")} and ${formatNumber(b.deciles[0]?.lift ?? Number.NaN, "times:1")} the average rate`,
        x: { name: xAxisName, type: "category", categories: a.deciles.map((_, d) => String(d + 1)) },
        y: { name: yAxisName, min: 0, max: Math.max(1.5, Math.ceil(highest * 1.1 * 2) / 2), labelFormat: "{value}×" },
        legend: true,
        legendRows: rows,
      }),
      series: [{ ...bars(nameA, a, CHART_COLORS.model), markLine: referenceLines([{ axis: "yAxis", value: 1, label: "average" }]) }, bars(nameB, b, CHART_COLORS.second)],
    },
    width: HALF_WIDTH,
    height: CHART_HEIGHT + LEGEND_ROW * (rows - 1),
    tables: [
      {
        caption: "Conversions and lift in each tenth of each scorer's list (ties at a cut shared out)",
        header: ["decile", "rows", `${nameA}: conversions`, `${nameA}: lift`, `${nameB}: conversions`, `${nameB}: lift`],
        rows: a.deciles.map((d, i): Cell[] => {
          const e = b.deciles[i];
          return [
            String(i + 1),
            { value: d.rows, format: "int", path: `a.deciles.${i}.rows` },
            { value: d.conversions, format: "fixed:1", path: `a.deciles.${i}.conversions` },
            { value: d.lift, format: "times:2", path: `a.deciles.${i}.lift` },
            { value: e?.conversions ?? Number.NaN, format: "fixed:1", path: `b.deciles.${i}.conversions` },
            { value: e?.lift ?? Number.NaN, format: "times:2", path: `b.deciles.${i}.lift` },
          ];
        }),
        source: "a.deciles",
      },
    ],
  };
}
