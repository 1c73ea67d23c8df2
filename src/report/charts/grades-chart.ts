/** Positive rate per grade: what a grade means in outcomes. */
import type { GradeSummaryRow } from "../../train/grade-summary.js";
import type { ChartSpec } from "../chart-spec.js";
import { formatNumber } from "../html.js";
import { CHART_COLORS, CHART_HEIGHT, HALF_WIDTH, cartesianOption, percent } from "./chart-theme.js";
import { referenceLines } from "./reference-line.js";

export function gradesChart(rows: readonly GradeSummaryRow[], positiveRate: number, path = "gradeSummary"): ChartSpec {
  const xAxisName = "Grade (first = highest probability)";
  const yAxisName = "Positive rate (%)";
  const option = {
    ...cartesianOption({
      title: "Positive rate by grade",
      subtitle: `Overall positive rate ${formatNumber(positiveRate, "pct:1")}`,
      x: { name: xAxisName, type: "category", categories: rows.map((r) => r.grade) },
      y: { name: yAxisName, min: 0, max: Math.min(100, Math.ceil(Math.max(positiveRate, ...rows.map((r) => (Number.isFinite(r.rate) ? r.rate : 0))) * 1.15 * 20) * 5), labelFormat: "{value} %" },
    }),
    series: [
      {
        name: "Positive rate",
        type: "bar" as const,
        data: rows.map((r) => (Number.isFinite(r.rate) ? percent(r.rate) : 0)),
        barWidth: "55%",
        itemStyle: { color: CHART_COLORS.model, borderRadius: [3, 3, 0, 0] },
        label: { show: true, position: "top" as const, formatter: "{c} %", fontSize: 11, color: CHART_COLORS.muted },
        markLine: referenceLines([{ axis: "yAxis", value: percent(positiveRate), label: "overall" }]),
      },
    ],
  };
  return {
    id: "grades",
    title: "Positive rate by grade",
    xAxisName,
    yAxisName,
    description: "Grades cut the out-of-fold probabilities into quarters. Each bar is how often rows of that grade were actually positive.",
    option,
    width: HALF_WIDTH,
    height: CHART_HEIGHT,
    tables: [
      {
        caption: "Grades: probability cut, rows and positive rate",
        header: ["grade", "from probability", "rows", "positives", "positive rate"],
        rows: rows.map((r, i) => [
          r.grade,
          { value: r.minProbability, format: "fixed:4" as const, path: `${path}.${i}.minProbability` },
          { value: r.rows, format: "int" as const, path: `${path}.${i}.rows` },
          { value: r.positives, format: "int" as const, path: `${path}.${i}.positives` },
          { value: r.rate, format: "pct:1" as const, path: `${path}.${i}.rate` },
        ]),
        source: path,
      },
    ],
  };
}
