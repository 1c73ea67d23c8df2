/**
 * The model card written beside model.json at training (`model-card.md`, and a section of
 * report.html): what a model-risk validator asks for under SR 11-7 — intended use, data,
 * features, validation design, metrics with intervals, fairness results, stability,
 * limitations and the monitoring plan. Built as plain blocks so the Markdown and the HTML
 * say exactly the same thing.
 */
import type { ModelFile } from "../train/model-file.js";
import type { TrainReport } from "../report/report-types.js";
import { PSI_ACT, PSI_WATCH } from "../evaluate/psi.js";
import { FOUR_FIFTHS } from "./fairness.js";

export type CardBlock =
  | { readonly kind: "paragraph"; readonly text: string }
  | { readonly kind: "list"; readonly items: readonly string[] }
  | { readonly kind: "table"; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] };

export interface CardSection {
  readonly title: string;
  readonly blocks: readonly CardBlock[];
}

export interface ModelCard {
  readonly title: string;
  readonly sections: readonly CardSection[];
}

const SMALL_ROWS = 1000;
const FEW_POSITIVES = 100;

export function modelCard(model: ModelFile, report: TrainReport, createdAt: string): ModelCard {
  const d = report.dataset;
  const cv = report.cv;
  const family = report.model.family;
  const title = `Model card: ${d.target} = ${d.positive} (${family})`;
  const sections: CardSection[] = [];

  sections.push({
    title: "Model details",
    blocks: [
      {
        kind: "list",
        items: [
          `Predicts: the probability that '${d.target}' is '${d.positive}' (the positive class), calibrated by ${model.calibration.method === "platt" ? "Platt scaling on out-of-fold predictions" : "none (no cross-validation)"}.`,
          `Model family: ${family}; chosen by mean cross-validated AUC${report.leaderboard.length > 1 ? ` among ${report.leaderboard.map((r) => r.model).join(", ")}` : ""}.`,
          `Made by leadscore ${model.library.version}, seed ${model.training.seed}, on ${createdAt}.`,
          `Training data SHA-256: ${model.training.dataSha256}.`,
          `Decision threshold: ${fixed(model.threshold.value)} on the probability (${model.threshold.rule}); grades ${model.grades.labels.join(", ")} cut at ${model.grades.minProbability.map((p) => fixed(p)).join(", ")} (${model.grades.labels[0] ?? "A"} = highest probability of '${d.positive}').`,
        ],
      },
    ],
  });

  sections.push({
    title: "Intended use",
    blocks: [
      {
        kind: "paragraph",
        text: `Ranks new rows of the same kind as the training data by their probability of '${d.target}' = '${d.positive}', and gives each a 0-100 score, a grade and the reasons behind it, to prioritise work (which lead to call, which application to review first). Grades follow the probability of the positive class: when the positive class is an adverse event (a default), grade ${model.grades.labels[0] ?? "A"} is the riskiest.`,
      },
      {
        kind: "list",
        items: [
          "Not intended for: populations unlike the training data (other products, markets or periods) without re-validation; fully automated adverse decisions about people without human review and the reasons shown; reading a single probability as certain (see the confidence interval of each score).",
          "The model owner should add: the business decision it supports, who acts on it, and the approval under which it is used.",
        ],
      },
    ],
  });

  const used = d.columns.filter((c) => c.used);
  const notUsed = d.columns.filter((c) => !c.used);
  const protectedColumns = new Set((model.training.options.protected as string[] | undefined) ?? []);
  const whyNot = (c: (typeof d.columns)[number]) => (protectedColumns.has(c.name) ? "protected, audited only" : (c.role ?? "not a usable kind"));
  const holdoutRows = report.holdout?.rows;
  sections.push({
    title: "Data",
    blocks: [
      {
        kind: "list",
        items: [
          `Source: ${d.source}; ${d.rows} labelled rows, ${d.positives} positive (${pct(d.positiveRate)}).`,
          holdoutRows !== undefined
            ? `Period: split by '${String(model.training.options.timeCol)}'; the latest ${holdoutRows} rows were held out as an out-of-time test.`
            : "Period: not recorded (no --time-col was given), so there was no out-of-time test.",
          `${used.length} input columns used; ${notUsed.length} not used (${notUsed.map((c) => `${c.name} — ${whyNot(c)}`).join(", ") || "none"}).`,
          ...(report.quality.filter((q) => q.severity !== "info").map((q) => `Data quality ${q.severity}: ${q.column ?? "(all)"}: ${q.detail}`)),
        ],
      },
    ],
  });

  sections.push({
    title: "Features",
    blocks: [
      {
        kind: "table",
        header: ["column", "kind", "missing", "importance share"],
        rows: used.map((c) => {
          const importance = report.importance.find((i) => i.feature === c.name);
          return [c.name, c.kind, pct(c.missingRate), importance ? pct(importance.value) : "—"];
        }),
      },
    ],
  });

  sections.push({
    title: "Validation design",
    blocks: [
      {
        kind: "list",
        items: [
          cv
            ? `${cv.folds}-fold stratified cross-validation (seed ${cv.seed}); every fitted step (encodings, model, calibration input) is fitted on the training folds only, and every figure below is computed on out-of-fold predictions.`
            : "No cross-validation (--folds 0): the figures below are on the training rows and are optimistic.",
          holdoutRows !== undefined ? `Out-of-time: the model fitted on the earlier rows was scored on the latest ${holdoutRows} rows.` : "No out-of-time validation.",
          `Threshold chosen by ${report.threshold.rule} on the ${report.evaluatedOn} predictions.`,
        ],
      },
    ],
  });

  const metricRows: string[][] = [];
  if (cv) for (const [name, m] of Object.entries(cv.metrics)) metricRows.push([name, fixed(m.mean), fixed(m.std)]);
  const interval = report.aucInterval;
  sections.push({
    title: "Metrics",
    blocks: [
      ...(metricRows.length > 0 ? [{ kind: "table" as const, header: ["metric", "mean over folds", "std over folds"], rows: metricRows }] : []),
      {
        kind: "list",
        items: [
          interval && Number.isFinite(interval.low)
            ? `AUC ${fixed(interval.auc)}, 95 % interval ${fixed(interval.low)} to ${fixed(interval.high)} (DeLong, ${report.evaluatedOn} predictions).`
            : `AUC ${fixed(report.metrics.auc ?? Number.NaN)} (${report.evaluatedOn}).`,
          `At the threshold: precision ${fixed(report.threshold.precision, 3)}, recall ${fixed(report.threshold.recall, 3)}, accuracy ${fixed(report.threshold.accuracy, 3)}.`,
          `Calibration: expected calibration error ${fixed(report.calibration.ece)}.`,
          ...(report.holdout ? [`Out-of-time AUC ${fixed(report.holdout.auc ?? Number.NaN)} on ${report.holdout.rows} rows.`] : []),
        ],
      },
    ],
  });

  sections.push(fairnessSection(report));

  const aucStd = cv?.metrics.auc?.std;
  const stability: string[] = [];
  if (aucStd !== undefined && cv) stability.push(`AUC varies by ${fixed(aucStd)} (standard deviation) across the ${cv.folds} folds.`);
  if (report.holdout && cv?.metrics.auc) {
    const drop = (cv.metrics.auc.mean ?? 0) - (report.holdout.auc ?? 0);
    stability.push(`Out-of-time AUC is ${fixed(Math.abs(drop))} ${drop >= 0 ? "below" : "above"} the cross-validated mean.`);
  }
  stability.push("The training distribution of every input and of the score is stored in model.json, so `leadscore drift` measures stability on each new batch.");
  sections.push({ title: "Stability", blocks: [{ kind: "list", items: stability }] });

  sections.push({ title: "Limitations", blocks: [{ kind: "list", items: limitations(model, report) }] });

  sections.push({
    title: "Monitoring plan",
    blocks: [
      {
        kind: "list",
        items: [
          `On every scored batch: \`leadscore drift model.json batch.csv\`. Population stability index per input and for the score: below ${PSI_WATCH} stable, ${PSI_WATCH}–${PSI_ACT} watch, above ${PSI_ACT} act; the command exits with code 3 when any input is in band act, so a scheduler can open a retraining ticket.`,
          `Before outcomes arrive: the estimated AUC (confidence-based, assumes the calibration still holds) is compared with the training AUC${cv?.metrics.auc ? ` (${fixed(cv.metrics.auc.mean)})` : ""}; an estimate below the lower end of its range is a warning.`,
          "When outcomes arrive: `leadscore evaluate model.json labelled.csv --target …` (or `drift … --target …`) for the real AUC, KS and calibration.",
          `Fairness: re-run \`leadscore fairness\` on each quarter's decisions${report.fairness ? ` for ${report.fairness.protected.join(", ")}` : ""}; a disparate-impact ratio below ${FOUR_FIFTHS} needs review.`,
          "Retrain when any input is in band act for two consecutive batches, when the real AUC falls below the lower end of the training interval, or at least yearly.",
        ],
      },
    ],
  });
  return { title, sections };
}

function fairnessSection(report: TrainReport): CardSection {
  const f = report.fairness;
  if (!f) {
    return {
      title: "Fairness",
      blocks: [{ kind: "paragraph", text: "Not audited: no protected columns were named at training (--protected). Run `leadscore fairness` before use in decisions about people." }],
    };
  }
  const blocks: CardBlock[] = [
    {
      kind: "paragraph",
      text: `Audited on the ${f.evaluatedOn} predictions at threshold ${fixed(f.threshold)}, for ${f.protected.join(", ")}; the favourable decision is being predicted ${f.favourable}. Protected columns were ${(f.protected.length > 0 && report.dataset.columns.some((c) => f.protected.includes(c.name) && c.used)) ? "used as model inputs (--allow-protected)" : "not model inputs"}.`,
    },
    {
      kind: "table",
      header: ["column", "group", "rows", "selection rate (95 % interval)", "TPR", "FPR", "AUC"],
      rows: f.groups.map((g) => [g.column, g.group, String(g.rows), `${fixed(g.selectionRate.value, 3)} (${fixed(g.selectionRate.low, 3)}–${fixed(g.selectionRate.high, 3)})`, fixed(g.tpr.value, 3), fixed(g.fpr.value, 3), fixed(g.auc, 3)]),
    },
    {
      kind: "list",
      items: [
        ...f.fourFifths.map((c) => `${c.column}: lowest disparate-impact ratio ${fixed(c.minRatio, 3)} — ${c.passes ? "passes" : "fails"} the four-fifths rule.`),
        ...f.proxies.filter((p) => p.strong).map((p) => `Proxy warning: the inputs together tell '${p.group}' of ${p.column} from the rest with AUC ${fixed(p.together, 3)} (strongest single input: ${p.features[0]?.feature ?? "—"}).`),
      ],
    },
  ];
  const m = f.mitigation;
  if (m) {
    blocks.push({
      kind: "paragraph",
      text: `Mitigation: ${m.method}${m.goal ? ` (${m.goal})` : ""} on ${m.on.join(" × ")}. AUC ${fixed(m.before.auc)} before, ${fixed(m.after.auc)} after (cost ${fixed(m.aucCost)}); accuracy ${fixed(m.before.accuracy, 3)} before, ${fixed(m.after.accuracy, 3)} after; balanced accuracy ${fixed(m.before.balancedAccuracy, 3)} before, ${fixed(m.after.balancedAccuracy, 3)} after. Lowest disparate-impact ratio before → after: ${m.before.fourFifths.map((c, i) => `${c.column} ${fixed(c.minRatio, 3)} → ${fixed(m.after.fourFifths[i]?.minRatio ?? Number.NaN, 3)}`).join("; ")}. ${m.note}`,
    });
  }
  return { title: "Fairness", blocks };
}

function limitations(model: ModelFile, report: TrainReport): string[] {
  const d = report.dataset;
  const out: string[] = [];
  if (d.rows < SMALL_ROWS) out.push(`Small sample: ${d.rows} rows, so the metrics carry wide intervals.`);
  if (d.positives < FEW_POSITIVES) out.push(`Few positives (${d.positives}): rare patterns of the positive class are barely learned.`);
  if (!report.holdout) out.push("No out-of-time validation: performance on later periods is assumed, not measured.");
  if (!report.cv) out.push("No cross-validation: the reported figures are on the training rows.");
  if (!report.fairness) out.push("No fairness audit at training.");
  else if (report.fairness.fourFifths.some((c) => !c.passes) && !report.fairness.mitigation) out.push("Some groups fail the four-fifths rule and no mitigation was applied.");
  out.push("Probabilities are calibrated on the training population; they hold for new data only while its distribution and its relation to the outcome stay the same (monitored with `drift`).");
  out.push("The per-score interval reflects how many similar training rows there were, not the model's own error; it is not a coverage guarantee.");
  out.push("Reasons are the model's attributions (contributions in log-odds), not causes.");
  if (model.training.options.exclude && (model.training.options.exclude as unknown[]).length > 0) out.push(`Columns excluded by the user: ${(model.training.options.exclude as string[]).join(", ")}.`);
  return out;
}

/** The card as Markdown. */
export function modelCardMarkdown(card: ModelCard): string {
  const lines: string[] = [`# ${card.title}`, ""];
  for (const section of card.sections) {
    lines.push(`## ${section.title}`, "");
    for (const block of section.blocks) {
      if (block.kind === "paragraph") lines.push(block.text, "");
      else if (block.kind === "list") {
        for (const item of block.items) lines.push(`- ${item}`);
        lines.push("");
      } else {
        lines.push(`| ${block.header.map(cellText).join(" | ")} |`, `|${block.header.map(() => "---").join("|")}|`);
        for (const row of block.rows) lines.push(`| ${row.map(cellText).join(" | ")} |`);
        lines.push("");
      }
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function cellText(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

function fixed(value: number, digits = 4): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "—";
}

function pct(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : "—";
}
