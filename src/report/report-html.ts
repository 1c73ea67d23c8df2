/**
 * report.html for a trained model: one self-contained page (no network) with every
 * table of report.json. Charts come with the Report issue; the tables stay as their
 * accessible fallback.
 */
import { BASE_STYLE, escapeHtml, fmt, pct, table } from "./html.js";
import type { TrainReport } from "./report-types.js";

export function renderTrainReport(report: TrainReport, createdAt: string): string {
  const d = report.dataset;
  const cv = report.cv;
  const auc = cv?.metrics.auc;
  const cards = [
    card("Model", report.model.family),
    card("Rows", fmt(d.rows)),
    card("Positive rate", pct(d.positiveRate)),
    card(cv ? `CV AUC (${cv.folds} folds)` : "AUC (training rows)", auc ? `${fmt(auc.mean, 3)} ± ${fmt(auc.std, 3)}` : fmt(report.metrics.auc ?? 0, 3)),
  ].join("");
  const sections: string[] = [];
  sections.push(`<section id="summary"><h2>Summary</h2><div class="cards">${cards}</div>
<p>Target <b>${escapeHtml(d.target)}</b>, positive class <b>${escapeHtml(d.positive)}</b>; ${fmt(d.positives)} of ${fmt(d.rows)} rows are positive. Figures below are on ${escapeHtml(report.evaluatedOn)} predictions.</p>
${thresholdSentence(report)}</section>`);
  if (report.quality.length > 0) {
    sections.push(
      `<section id="quality"><h2>Data quality</h2>${table(
        "Problems found in the training data",
        ["column", "problem", "severity", "detail"],
        report.quality.map((q) => [q.column ?? "(all)", q.problem, q.severity, q.detail]),
      )}</section>`,
    );
  }
  if (cv) {
    sections.push(
      `<section id="cv"><h2>Cross-validation</h2>${table(
        `${cv.folds}-fold stratified cross-validation, seed ${cv.seed}`,
        ["metric", "mean", "std"],
        Object.entries(cv.metrics).map(([name, m]) => [name, m.mean, m.std]),
      )}</section>`,
    );
  }
  if (report.leaderboard.length > 0) {
    sections.push(
      `<section id="leaderboard"><h2>Leaderboard</h2>${table(
        "Model families compared on the same folds, best first",
        ["model", "AUC mean", "AUC std", "log loss mean", "fit seconds per fold"],
        report.leaderboard.map((r) => [r.model, r.metrics.auc.mean, r.metrics.auc.std, r.metrics.logLoss.mean, r.fitSeconds]),
      )}</section>`,
    );
  }
  const t = report.threshold;
  sections.push(`<section id="threshold"><h2>Threshold</h2>${table(
    `Decision threshold ${fmt(t.value)} (${t.rule})`,
    ["", "predicted positive", "predicted negative"],
    [
      ["actual positive", t.confusion.tp, t.confusion.fn],
      ["actual negative", t.confusion.fp, t.confusion.tn],
    ],
  )}${table("At this threshold", ["precision", "recall", "F1", "accuracy"], [[t.precision, t.recall, t.f1, t.accuracy]])}</section>`);
  sections.push(
    `<section id="lift"><h2>Lift by decile</h2>${table(
      "Deciles of the score, highest first",
      ["decile", "rows", "positives", "rate", "lift", "cumulative gain"],
      report.lift.map((r) => [r.decile, r.rows, r.positives, r.rate, r.lift, r.cumulativeGain]),
    )}</section>`,
  );
  sections.push(
    `<section id="calibration"><h2>Calibration</h2><p>Expected calibration error: <b>${fmt(report.calibration.ece)}</b>${
      report.calibrationBefore ? ` (before calibration ${fmt(report.calibrationBefore.ece)})` : ""
    }.</p>${table(
      "Mean predicted probability against the observed rate",
      ["mean predicted", "observed rate", "rows"],
      report.calibration.bins.map((b) => [b.meanPredicted, b.observedRate, b.rows]),
    )}</section>`,
  );
  sections.push(
    `<section id="importance"><h2>Importance</h2>${table(
      "Share of the model's total importance, by input column",
      ["column", "importance"],
      report.importance.map((i) => [i.feature, i.value]),
    )}</section>`,
  );
  const g = report.grades;
  sections.push(
    `<section id="grades"><h2>Grades</h2><p class="muted">Grades follow the probability of the positive class ('${escapeHtml(d.positive)}'): ${escapeHtml(
      g.labels[0] ?? "A",
    )} is the highest probability.</p>${table(
      "Least calibrated probability for each grade",
      ["grade", "from probability"],
      g.labels.map((label, i) => [label, i < g.minProbability.length ? (g.minProbability[i] as number) : 0]),
    )}</section>`,
  );
  if (report.holdout) {
    sections.push(
      `<section id="holdout"><h2>Out-of-time validation</h2>${table("Latest 20 % of rows, held out", ["metric", "value"], Object.entries(report.holdout).map(([k, v]) => [k, v]))}</section>`,
    );
  }
  sections.push(
    `<section id="dataset"><h2>Columns</h2>${table(
      "Columns of the training data",
      ["column", "kind", "missing", "used"],
      d.columns.map((c) => [c.name, c.kind, pct(c.missingRate), c.used ? "yes" : (c.role ?? "no")]),
    )}</section>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>leadscore report — ${escapeHtml(d.target)}</title><style>${BASE_STYLE}</style></head>
<body><header><h1>leadscore training report</h1><p class="muted">${escapeHtml(d.source)} · created ${escapeHtml(createdAt)}</p></header>
${sections.join("\n")}
</body></html>
`;
}

function card(label: string, value: string): string {
  return `<div class="card"><span class="muted">${escapeHtml(label)}</span><b>${escapeHtml(value)}</b></div>`;
}

function thresholdSentence(report: TrainReport): string {
  const c = report.threshold.confusion;
  const total = c.tp + c.fp + c.tn + c.fn;
  const flagged = c.tp + c.fp;
  const positives = c.tp + c.fn;
  if (total === 0 || positives === 0) return "";
  return `<p>At the chosen threshold, contacting the top <b>${pct(flagged / total, 0)}</b> of rows reaches <b>${pct(c.tp / positives, 0)}</b> of the positives.</p>`;
}
