/** Lift by decile: how much richer in positives each tenth of the rows is than the data as a whole. */
import type { LiftRow } from "../../evaluate/lift.js";
import type { ChartSpec } from "../chart-spec.js";
import { formatNumber } from "../html.js";
import { CHART_COLORS, CHART_HEIGHT, HALF_WIDTH, cartesianOption } from "./chart-theme.js";
import { referenceLines } from "./reference-line.js";

export function liftChart(lift: readonly LiftRow[], path = "lift"): ChartSpec {
  const xAxisName = "Decile of the score (1 = highest 10 %)";
  const yAxisName = "Lift (× the average positive rate)";
  const option = {
    ...cartesianOption({
      title: "Lift by decile",
      subtitle: `The best tenth is ${formatNumber(lift[0]?.lift ?? Number.NaN, "times:1")} as rich in positives as average`,
      x: { name: xAxisName, type: "category", categories: lift.map((r) => String(r.decile)) },
      // Headroom above the tallest bar for its label.
      y: { name: yAxisName, min: 0, max: Math.max(1.5, Math.ceil(Math.max(...lift.map((r) => (Number.isFinite(r.lift) ? r.lift : 0))) * 1.15 * 2) / 2), labelFormat: "{value}×" },
    }),
    series: [
      {
        name: "Lift",
        type: "bar" as const,
        data: lift.map((r) => (Number.isFinite(r.lift) ? Math.round(r.lift * 100) / 100 : 0)),
        barWidth: "62%",
        itemStyle: { color: CHART_COLORS.model, borderRadius: [3, 3, 0, 0] },
        label: { show: true, position: "top" as const, formatter: "{c}×", fontSize: 11, color: CHART_COLORS.muted },
        markLine: referenceLines([{ axis: "yAxis", value: 1, label: "average" }]),
      },
    ],
  };
  return {
    id: "lift",
    title: "Lift by decile",
    xAxisName,
    yAxisName,
    description: "Rows sorted by score and cut into ten equal groups. A lift of 3× means the group's positive rate is three times the overall rate; a good model falls steadily from left to right.",
    option,
    width: HALF_WIDTH,
    height: CHART_HEIGHT,
    tables: [
      {
        caption: "Lift by decile of the score, highest first",
        header: ["decile", "rows", "positives", "positive rate", "lift", "cumulative gain"],
        rows: lift.map((r, d) => [
          { value: r.decile, format: "int" as const, path: `${path}.${d}.decile` },
          { value: r.rows, format: "int" as const, path: `${path}.${d}.rows` },
          { value: r.positives, format: "int" as const, path: `${path}.${d}.positives` },
          { value: r.rate, format: "pct:1" as const, path: `${path}.${d}.rate` },
          { value: r.lift, format: "times:2" as const, path: `${path}.${d}.lift` },
          { value: r.cumulativeGain, format: "pct:1" as const, path: `${path}.${d}.cumulativeGain` },
        ]),
        source: path,
      },
    ],
  };
}
