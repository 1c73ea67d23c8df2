/**
 * The chart every rate curve is drawn on (ROC, precision-recall, cumulative gains, one
 * scorer or two overlaid): both axes 0–100 %, the curves, their dashed or dotted
 * baselines, and optionally the chosen threshold marked on a curve. Points come in as
 * fractions and are drawn in percent.
 */
import type { ChartSpec } from "../chart-spec.js";
import type { TableSpec } from "../html.js";
import { CHART_HEIGHT, HALF_WIDTH, LEGEND_ROW, cartesianOption, legendRows, percent } from "./chart-theme.js";
import { MARKER_NAME, thresholdMarker } from "./threshold-marker.js";

/** [x, y] as fractions. */
export type CurvePoint = readonly [number, number];

export interface Curve {
  /** The legend entry. */
  readonly name: string;
  readonly points: readonly CurvePoint[];
  readonly color: string;
  /** Shade under the curve: for a chart of one scorer (two shaded areas muddle each other). */
  readonly shaded?: boolean;
  /** A dot on every point: for curves of a few points, such as gains by decile. */
  readonly dots?: boolean;
}

export interface Baseline {
  readonly name: string;
  readonly points: readonly CurvePoint[];
  readonly color: string;
  readonly dash: "dashed" | "dotted";
}

export interface CurveMarker {
  /** The threshold's value, named in the default label. */
  readonly value: number;
  readonly at: CurvePoint;
  readonly label?: string;
}

export interface CurveChartSpec {
  readonly id: string;
  readonly title: string;
  readonly subtitle: string;
  readonly xAxisName: string;
  readonly yAxisName: string;
  readonly description: string;
  readonly curves: readonly Curve[];
  readonly baselines: readonly Baseline[];
  readonly marker?: CurveMarker;
  readonly tables: readonly TableSpec[];
}

export function curveChart(spec: CurveChartSpec): ChartSpec {
  const drawn = (points: readonly CurvePoint[]) => points.map(([x, y]) => [percent(x), percent(y)]);
  const series: object[] = [
    ...spec.curves.map((c) => ({
      name: c.name,
      type: "line" as const,
      data: drawn(c.points),
      ...(c.dots ? { symbol: "circle", symbolSize: 6 } : { showSymbol: false }),
      lineStyle: { width: 2.5, color: c.color },
      itemStyle: { color: c.color },
      ...(c.shaded ? { areaStyle: { color: c.color, opacity: 0.07 } } : {}),
    })),
    ...spec.baselines.map((b) => ({
      name: b.name,
      type: "line" as const,
      data: drawn(b.points),
      showSymbol: false,
      lineStyle: { width: 1.5, type: b.dash, color: b.color },
      itemStyle: { color: b.color },
    })),
  ];
  if (spec.marker) {
    const [x, y] = spec.marker.at;
    series.push(thresholdMarker(spec.marker.value, percent(x), percent(y), spec.marker.label));
  }
  const rows = legendRows([...spec.curves.map((c) => c.name), ...spec.baselines.map((b) => b.name), ...(spec.marker ? [MARKER_NAME] : [])], HALF_WIDTH);
  return {
    id: spec.id,
    title: spec.title,
    xAxisName: spec.xAxisName,
    yAxisName: spec.yAxisName,
    description: spec.description,
    option: {
      ...cartesianOption({
        title: spec.title,
        subtitle: spec.subtitle,
        x: { name: spec.xAxisName, min: 0, max: 100, labelFormat: "{value} %" },
        y: { name: spec.yAxisName, min: 0, max: 100, labelFormat: "{value} %" },
        legend: true,
        legendRows: rows,
      }),
      series,
    },
    width: HALF_WIDTH,
    height: CHART_HEIGHT + LEGEND_ROW * (rows - 1),
    tables: spec.tables,
  };
}
