/** `--threshold-rule`, `--costs fp=1,fn=5`, `--capacity 200|10%` and `--grades A:25,B:25,…`. */
import { LeadscoreError } from "../core/errors.js";
import { THRESHOLD_RULES, type ThresholdRule, type ThresholdSpec } from "../evaluate/threshold.js";

export function parseThreshold(rule: string | undefined, costs: string | undefined, capacity: string | undefined): ThresholdSpec | undefined {
  const given = [rule !== undefined && "--threshold-rule", costs !== undefined && "--costs", capacity !== undefined && "--capacity"].filter(Boolean);
  if (given.length > 1) throw new LeadscoreError("usage", `${given.join(" and ")} each choose the threshold; give only one.`, { field: "threshold" });
  if (rule !== undefined) {
    if (!(THRESHOLD_RULES as readonly string[]).includes(rule)) {
      throw new LeadscoreError("usage", `--threshold-rule must be one of ${THRESHOLD_RULES.join(", ")}; got '${rule}'.`, { field: "threshold-rule" });
    }
    return { rule: rule as ThresholdRule };
  }
  if (costs !== undefined) {
    const parts = Object.fromEntries(costs.split(",").map((p) => p.split("=").map((x) => x.trim())));
    const fp = Number(parts.fp);
    const fn = Number(parts.fn);
    if (!(fp >= 0) || !(fn >= 0) || Object.keys(parts).some((k) => k !== "fp" && k !== "fn") || parts.fp === undefined || parts.fn === undefined) {
      throw new LeadscoreError("usage", `--costs expects fp=N,fn=N with non-negative numbers (e.g. fp=1,fn=5); got '${costs}'.`, { field: "costs" });
    }
    return { rule: "cost", fp, fn };
  }
  if (capacity !== undefined) {
    const text = capacity.trim();
    if (text.endsWith("%")) {
      const share = Number(text.slice(0, -1)) / 100;
      if (!(share > 0 && share <= 1)) throw new LeadscoreError("usage", `--capacity as a share must be between 0 % and 100 %; got '${capacity}'.`, { field: "capacity" });
      return { rule: "capacity", share };
    }
    const rows = Number(text);
    if (!Number.isInteger(rows) || rows < 1) throw new LeadscoreError("usage", `--capacity expects a whole number of rows or a percentage like 10%; got '${capacity}'.`, { field: "capacity" });
    return { rule: "capacity", rows };
  }
  return undefined;
}

export function parseGrades(text: string): { labels: string[]; shares: number[] } {
  const labels: string[] = [];
  const shares: number[] = [];
  for (const part of text.split(",")) {
    const [label, share] = part.split(":").map((x) => x.trim());
    const value = Number(share);
    if (!label || share === undefined || !(value > 0)) {
      throw new LeadscoreError("usage", `--grades expects NAME:PERCENT pairs, highest probability first (e.g. A:10,B:20,C:30,D:40); got '${part}'.`, { field: "grades" });
    }
    labels.push(label);
    shares.push(value / 100);
  }
  if (labels.length < 2) throw new LeadscoreError("usage", "--grades needs at least two grades.", { field: "grades" });
  return { labels, shares };
}
