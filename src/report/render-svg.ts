/**
 * Renders an echarts option to an SVG string in Node with echarts' server-side renderer: no
 * DOM, no canvas, no network.
 */
import { createRequire } from "node:module";
import type { EChartsOption } from "echarts";

type EChartsModule = typeof import("echarts");

let echartsModule: EChartsModule | undefined;

/**
 * echarts is loaded on first use, from its single-file CommonJS build: about 0.2 s, against
 * about 0.8 s for its thousand ES module files, and nothing for commands that draw no chart.
 */
function echarts(): EChartsModule {
  echartsModule ??= createRequire(import.meta.url)("echarts") as EChartsModule;
  return echartsModule;
}

/**
 * The chart as one `<svg>` element. echarts numbers its internal ids and classes with
 * counters that run for the whole process (zr3-c0, zr3-cls-17…); they are renamed after
 * `idPrefix` and renumbered from 0, so that a page's charts never clash and the same chart
 * renders the same bytes whatever was drawn before it.
 */
export function renderSvg(option: EChartsOption, width: number, height: number, idPrefix: string): string {
  const chart = echarts().init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false });
    return renumberIds(chart.renderToSVGString(), idPrefix);
  } finally {
    chart.dispose();
  }
}

function renumberIds(svg: string, idPrefix: string): string {
  const renamed = new Map<string, string>();
  const counters = new Map<string, number>();
  return svg.replace(/\bzr\d+-([a-z]+-?)(\d+)\b/g, (whole, kind: string) => {
    let name = renamed.get(whole);
    if (name === undefined) {
      const n = counters.get(kind) ?? 0;
      counters.set(kind, n + 1);
      name = `${idPrefix}-${kind}${n}`;
      renamed.set(whole, name);
    }
    return name;
  });
}
