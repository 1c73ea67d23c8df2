import { basename } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import { type FairnessCheck, checkFairness } from "../audit/fairness-check.js";
import type { Favourable } from "../audit/fairness.js";
import { FAIRNESS_GOALS, type FairnessGoal } from "../audit/group-thresholds.js";
import { parseBands } from "../audit/protected-groups.js";
import { MITIGATIONS, type Mitigation, type TrainingAuditOptions, type TrainingFairness } from "../audit/training-fairness.js";
import { LeadscoreError } from "../core/errors.js";
import { readTable } from "../data/read-table.js";
import { fairnessPage } from "../report/fairness-page.js";
import { creationTime } from "../report/write-training-outputs.js";
import { loadModel } from "../score/loaded-model.js";
import { collectList, collectRepeat, parseInteger, parseNumber } from "./flags.js";
import { formatTable, printJson } from "./print.js";
import { fixedOrDash, writeReportFile } from "./report-file.js";

interface FairnessFlags {
  target: string;
  positive?: string;
  protected: string[];
  bands: string[];
  favourable?: string;
  threshold?: number;
  groupThresholds: boolean;
  reference: string[];
  bootstrap: number;
  seed: number;
  proxies: boolean;
  na: string[];
  json?: boolean;
  report?: string;
}

export function parseFavourable(value: string | undefined): Favourable | undefined {
  if (value === undefined) return undefined;
  if (value === "positive" || value === "negative") return value;
  throw new LeadscoreError("usage", `--favourable expects positive or negative (which prediction is the good outcome for the person), got '${value}'.`, { field: "favourable" });
}

function parseReference(entries: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf("=");
    if (at <= 0) throw new LeadscoreError("usage", `--reference expects COLUMN=GROUP, got '${entry}'.`, { field: "reference" });
    out[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
  }
  return out;
}

export function registerFairness(program: Command): void {
  program
    .command("fairness")
    .description("group fairness audit: per-group rates with 95 % intervals, disparate impact, parity differences, proxies")
    .argument("<model>", "model.json written by train")
    .argument("<data>", "labelled CSV, JSON Lines or Parquet file holding the protected columns")
    .requiredOption("--target <column>", "the outcome column")
    .requiredOption("--protected <columns>", "protected columns to audit (comma-separated, repeatable)", collectList, [])
    .option("--positive <value>", "which target value is the positive class (default: the model's)")
    .option("--bands <column=edges>", "band a numeric protected column at these edges, e.g. age=25,35,50 (default: quartiles); repeatable", collectRepeat, [])
    .option("--favourable <which>", "which prediction is good for the person: positive (a lead selected) or negative (a loan approved when the positive class is default)")
    .option("--threshold <p>", "decide at this probability instead of the model's threshold", parseNumber("--threshold"))
    .option("--no-group-thresholds", "ignore group thresholds stored in the model")
    .option("--reference <column=group>", "the reference group of a column for disparate impact (default: the most favoured group)", collectRepeat, [])
    .option("--bootstrap <n>", "bootstrap resamples for the intervals", parseInteger("--bootstrap", 0), 1000)
    .option("--seed <n>", "random seed of the bootstrap", parseInteger("--seed", 0), 42)
    .option("--no-proxies", "skip proxy detection")
    .option("--na <tokens>", "extra missing-value tokens (comma-separated)", collectList, [])
    .option("--report <file>", "also write a self-contained HTML page")
    .option("--json", "print one JSON document instead of tables")
    .action(async (modelPath: string, data: string, flags: FairnessFlags) => {
      const model = loadModel(modelPath);
      const na = [...((model.file.training.options.na as string[] | undefined) ?? []), ...flags.na];
      const table = await readTable(data, { na });
      const favourable = parseFavourable(flags.favourable);
      const check = checkFairness(model, table, {
        target: flags.target,
        ...(flags.positive !== undefined ? { positive: flags.positive } : {}),
        protected: flags.protected,
        bands: parseBands(flags.bands),
        ...(favourable ? { favourable } : {}),
        ...(flags.threshold !== undefined ? { threshold: flags.threshold } : {}),
        ignoreGroupThresholds: !flags.groupThresholds,
        reference: parseReference(flags.reference),
        replicates: flags.bootstrap,
        seed: flags.seed,
        proxies: flags.proxies,
      });
      if (flags.report !== undefined) writeReportFile(flags.report, fairnessPage(check, basename(modelPath), basename(data), creationTime()));
      if (flags.json) return printJson({ model: modelPath, data, ...check });
      printFairness(check);
      if (flags.report !== undefined) process.stdout.write(`\n${pc.bold("Wrote")} ${flags.report}\n`);
    });
}

export function printFairness(check: FairnessCheck | TrainingFairness): void {
  const out: string[] = [];
  const interval = (v: { value: number; low: number; high: number }) => `${fixedOrDash(v.value)} [${fixedOrDash(v.low)}, ${fixedOrDash(v.high)}]`;
  const value = typeof check.threshold === "number" ? check.threshold : check.threshold.value;
  const rule = typeof check.threshold === "number" ? "" : check.threshold.rule;
  out.push(`${pc.bold("Fairness")} of ${check.rows} rows at threshold ${fixedOrDash(value, 4)}${rule ? ` (${rule})` : ""}; favourable decision: predicted ${check.favourable}; 95 % bootstrap intervals (${check.bootstrap.replicates} resamples).`);
  for (const column of [...new Set(check.groups.map((g) => g.column))]) {
    out.push("");
    out.push(
      formatTable(
        [column, "rows", "selection rate", "TPR", "FPR", "precision", "AUC"],
        check.groups
          .filter((g) => g.column === column)
          .map((g) => [`${g.group}${g.small ? " (small)" : ""}`, String(g.rows), interval(g.selectionRate), interval(g.tpr), interval(g.fpr), fixedOrDash(g.precision.value), fixedOrDash(g.auc)]),
      ),
    );
  }
  out.push("");
  out.push(pc.bold("Disparate impact") + " (favourable-decision rate over the reference group's; the four-fifths rule asks ≥ 0.8)");
  out.push(
    formatTable(
      ["column", "group", "reference", "ratio", "95 % interval", "rule"],
      check.disparateImpact.map((d) => [d.column, d.group, d.reference, fixedOrDash(d.ratio), `${fixedOrDash(d.low)}–${fixedOrDash(d.high)}`, d.passes ? "passes" : pc.red("fails")]),
    ),
  );
  out.push("");
  out.push(
    formatTable(
      ["column", "demographic parity diff.", "equal opportunity diff.", "equalized odds diff."],
      check.differences.map((d) => [d.column, interval(d.demographicParity), interval(d.equalOpportunity), interval(d.equalizedOdds)]),
    ),
  );
  const strong = check.proxies.filter((p) => p.strong);
  if (check.proxies.length > 0) {
    out.push("");
    out.push(`${pc.bold("Proxies")}: ${strong.length === 0 ? "no group is told apart from the rest with AUC ≥ 0.7 by the inputs." : "groups the inputs tell apart from the rest with AUC ≥ 0.7 (leaving the column out does not keep it out of the scores):"}`);
    for (const p of strong) out.push(`  ${pc.yellow("proxy")} ${p.column} = ${p.group}: inputs together AUC ${fixedOrDash(p.together)}; strongest ${p.features.slice(0, 3).map((f) => `${f.feature} ${fixedOrDash(f.auc)}`).join(", ")}`);
  }
  if ("mitigation" in check && check.mitigation) {
    const m = check.mitigation;
    out.push("");
    out.push(`${pc.bold("Mitigation")}: ${m.method}${m.goal ? ` (${m.goal})` : ""} on ${m.on.join(" × ")}`);
    out.push(
      formatTable(
        ["", "AUC", "accuracy", "balanced acc.", "F1", "selected", ...m.before.fourFifths.map((c) => `lowest DI ${c.column}`)],
        [
          ["before", fixedOrDash(m.before.auc, 4), fixedOrDash(m.before.accuracy), fixedOrDash(m.before.balancedAccuracy), fixedOrDash(m.before.f1), fixedOrDash(m.before.selectionRate), ...m.before.fourFifths.map((c) => fixedOrDash(c.minRatio))],
          ["after", fixedOrDash(m.after.auc, 4), fixedOrDash(m.after.accuracy), fixedOrDash(m.after.balancedAccuracy), fixedOrDash(m.after.f1), fixedOrDash(m.after.selectionRate), ...m.after.fourFifths.map((c) => fixedOrDash(c.minRatio))],
        ],
      ),
    );
    out.push(`AUC cost ${fixedOrDash(m.aucCost, 4)}. ${m.note}`);
  }
  if ("singleThreshold" in check && check.singleThreshold) {
    out.push("");
    out.push(`At the model's single threshold instead: ${check.singleThreshold.fourFifths.map((c) => `${c.column} lowest DI ${fixedOrDash(c.minRatio)}`).join(", ")}`);
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

/** The fairness options of `train` (--protected-bands, --favourable, --mitigate, …) as the library takes them. */
export function trainingAuditOptionsOf(flags: {
  protectedBands?: string[];
  favourable?: string;
  mitigate?: string;
  mitigateOn?: string[];
  fairGoal?: string;
  bootstrap?: number;
}): TrainingAuditOptions {
  const mitigate = flags.mitigate;
  if (mitigate !== undefined && !(MITIGATIONS as readonly string[]).includes(mitigate)) {
    throw new LeadscoreError("usage", `--mitigate expects ${MITIGATIONS.join(" or ")}, got '${mitigate}'.`, { field: "mitigate" });
  }
  const goal = flags.fairGoal;
  if (goal !== undefined && !(FAIRNESS_GOALS as readonly string[]).includes(goal)) {
    throw new LeadscoreError("usage", `--fair-goal expects ${FAIRNESS_GOALS.join(" or ")}, got '${goal}'.`, { field: "fair-goal" });
  }
  const favourable = parseFavourable(flags.favourable);
  return {
    bands: parseBands(flags.protectedBands ?? []),
    ...(favourable ? { favourable } : {}),
    ...(mitigate ? { mitigate: mitigate as Mitigation } : {}),
    ...(flags.mitigateOn && flags.mitigateOn.length > 0 ? { mitigateOn: flags.mitigateOn } : {}),
    ...(goal ? { goal: goal as FairnessGoal } : {}),
    ...(flags.bootstrap !== undefined ? { replicates: flags.bootstrap } : {}),
  };
}
