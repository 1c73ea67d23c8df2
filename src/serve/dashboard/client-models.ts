/**
 * The Models view: a leaderboard of the registered models by cross-validated AUC (GET
 * /v1/models) and, for the chosen one (GET /v1/models/:name), its training summary, charts
 * of importance and grades when the summary holds them, its versions and who activated what.
 * The summary is whatever the model file records, so every part is drawn only when present.
 */
export const CLIENT_MODELS = String.raw`
var models = { list: [], selected: null };

function activeVersionOf(model) {
  var versions = model.versions || [];
  for (var i = 0; i < versions.length; i++) if (versions[i].version === model.activeVersion) return versions[i];
  return versions[versions.length - 1] || null;
}

function showModels(root) {
  replaceContent(root,
    h("h2", null, "Models"),
    h("p", { class: "lead-text" }, "Registered models ranked by cross-validated AUC of their active version. Choose one for its summary, versions and activation history."),
    h("div", { id: "models-results", "aria-live": "polite" }, notice("info", "Loading…")),
    h("section", { id: "model-detail", class: "detail", tabindex: "-1", hidden: true, "aria-labelledby": "model-detail-title" }));
  return api("/v1/models").then(function (body) {
    models.list = (body.models || []).slice().sort(function (a, b) {
      var x = activeVersionOf(a), y = activeVersionOf(b);
      var ax = x && isNumber(x.cvAuc) ? x.cvAuc : -1, ay = y && isNumber(y.cvAuc) ? y.cvAuc : -1;
      return ay - ax || String(a.name).localeCompare(String(b.name));
    });
    renderModelList();
    var wanted = models.selected && models.list.some(function (m) { return m.name === models.selected; }) ? models.selected : (models.list[0] && models.list[0].name);
    if (wanted) return openModel(wanted, false);
  }).catch(function (error) { showViewError("models-results", error); });
}

function renderModelList() {
  var container = document.getElementById("models-results");
  if (!container) return;
  if (models.list.length === 0) {
    replaceContent(container, notice("info", "No model is registered yet: start the service with --models DIR or POST one to /v1/models."));
    return;
  }
  replaceContent(container, dataTable({ id: "models-table", caption: "Leaderboard", rows: models.list, columns: [
    { key: "rank", label: "#", numeric: true, render: function (m, i) { return String(i + 1); } },
    { key: "name", label: "Model", header: true, render: function (m) { return h("button", { type: "button", class: "link model-open", "data-name": m.name, "aria-controls": "model-detail", onclick: function () { openModel(m.name, true); } }, String(m.name)); } },
    { key: "active", label: "Active version", numeric: true, render: function (m) { return m.activeVersion === null || m.activeVersion === undefined ? "none" : "v" + m.activeVersion; } },
    { key: "kind", label: "Kind", render: function (m) { var v = activeVersionOf(m); return v ? String(v.kind) : "–"; } },
    { key: "cvAuc", label: "CV AUC", numeric: true, render: function (m) { var v = activeVersionOf(m); return v && isNumber(v.cvAuc) ? v.cvAuc.toFixed(4) : "–"; } },
    { key: "versions", label: "Versions", numeric: true, render: function (m) { return String((m.versions || []).length); } },
  ], rowAttributes: function (m) { return { class: models.selected === m.name ? "selected clickable" : "clickable" }; }, onRowClick: function (m) { openModel(m.name, true); } }));
}

function openModel(name, focus) {
  models.selected = name;
  renderModelList();
  return api("/v1/models/" + encodeURIComponent(name)).then(function (model) {
    renderModelDetail(model);
    var panel = document.getElementById("model-detail");
    if (panel && focus) panel.focus();
  }).catch(function (error) { showViewError("model-detail", error); });
}

function metricMean(metric) {
  if (isNumber(metric)) return metric;
  if (metric && isNumber(metric.mean)) return metric.mean;
  return null;
}

function renderModelDetail(model) {
  var panel = document.getElementById("model-detail");
  if (!panel) return;
  panel.hidden = false;
  var s = model.summary || {};
  var cv = s.metrics && s.metrics.cv ? s.metrics.cv : (s.cv && s.cv.metrics ? s.cv.metrics : null);
  var auc = cv ? cv.auc : null;
  var target = s.target && typeof s.target === "object" ? String(s.target.column) + " = " + String(s.target.positive) : (s.target !== undefined ? String(s.target) + (s.positive !== undefined ? " = " + String(s.positive) : "") : null);
  var rows = isNumber(s.rows) ? s.rows : (s.training && isNumber(s.training.rows) ? s.training.rows : null);
  var positives = isNumber(s.positives) ? s.positives : (s.training && isNumber(s.training.positives) ? s.training.positives : null);
  var parts = [
    h("div", { class: "detail-head" }, h("h3", { id: "model-detail-title" }, "Model ", h("span", { class: "mono" }, String(model.name)))),
    h("div", { class: "cards" },
      card("Active version", model.activeVersion === null || model.activeVersion === undefined ? "none" : "v" + model.activeVersion, s.kind ? String(s.kind) : null),
      target ? card("Predicts", target) : null,
      rows !== null ? card("Training rows", fmtNumber(rows), positives !== null ? fmtNumber(positives) + " positive (" + fmtPercent(positives / rows) + ")" : null) : null,
      s.threshold && isNumber(s.threshold.value) ? card("Decision threshold", fmtPercent(s.threshold.value), s.threshold.rule ? "rule: " + String(s.threshold.rule) : null) : null,
      auc ? card("CV AUC", isNumber(auc.mean) ? auc.mean.toFixed(4) : fmtNumber(metricMean(auc), 4), isNumber(auc.std) ? "± " + auc.std.toFixed(4) + " across folds" : null) : null),
  ];
  if (cv) {
    var metricRows = Object.keys(cv).map(function (k) { return { name: k, mean: metricMean(cv[k]), std: cv[k] && isNumber(cv[k].std) ? cv[k].std : null }; });
    parts.push(dataTable({ id: "model-metrics", caption: "Cross-validated metrics", rows: metricRows, columns: [
      { key: "name", label: "Metric", header: true, render: function (r) { return r.name; } },
      { key: "mean", label: "Mean", numeric: true, render: function (r) { return fmtNumber(r.mean, 4); } },
      { key: "std", label: "Std", numeric: true, render: function (r) { return fmtNumber(r.std, 4); } },
    ] }));
  }
  var charts = [];
  var importance = Array.isArray(s.importance) ? s.importance.slice(0, 10) : [];
  if (importance.length) {
    charts.push(barChart({ title: "Importance, top " + importance.length, items: importance.map(function (i) { var name = i.feature !== undefined ? i.feature : i.column; var value = isNumber(i.value) ? i.value : (isNumber(i.importance) ? i.importance : 0); return { label: String(name), value: value, text: fmtNumber(value, 4) }; }) }));
  }
  var grades = gradeItems(s.grades);
  if (grades.length) charts.push(barChart({ title: grades[0].share !== undefined ? "Training rows per grade" : "Least probability per grade", max: grades[0].share !== undefined ? undefined : 1, items: grades.map(function (g) { var v = g.share !== undefined ? g.share : g.minProbability; return { label: "Grade " + g.grade, value: v, text: fmtPercent(v), kind: "grade-bar" }; }) }));
  if (charts.length) parts.push(h("div", { class: "grid-2" }, charts));
  if (Array.isArray(s.leaderboard) && s.leaderboard.length) {
    parts.push(dataTable({ id: "model-leaderboard", caption: "Candidates compared at training", rows: s.leaderboard, columns: [
      { key: "model", label: "Family", header: true, render: function (r) { return String(r.model || r.name || "–"); } },
      { key: "auc", label: "CV AUC", numeric: true, render: function (r) { return fmtNumber(metricMean(r.metrics && r.metrics.auc), 4); } },
      { key: "logLoss", label: "Log loss", numeric: true, render: function (r) { return fmtNumber(metricMean(r.metrics && r.metrics.logLoss), 4); } },
    ] }));
  }
  var versions = (model.versions || []).slice().reverse();
  parts.push(dataTable({ id: "model-versions", caption: "Versions", rows: versions, columns: [
    { key: "version", label: "Version", header: true, render: function (v) { return "v" + v.version + (v.version === model.activeVersion ? " (active)" : ""); } },
    { key: "kind", label: "Kind", render: function (v) { return String(v.kind); } },
    { key: "cvAuc", label: "CV AUC", numeric: true, render: function (v) { return isNumber(v.cvAuc) ? v.cvAuc.toFixed(4) : "–"; } },
    { key: "sha256", label: "SHA-256", render: function (v) { return h("span", { class: "mono", title: String(v.sha256) }, String(v.sha256).slice(0, 12)); } },
    { key: "uploadedAt", label: "Uploaded", render: function (v) { return fmtDate(v.uploadedAt); } },
    { key: "uploadedBy", label: "By", render: function (v) { return String(v.uploadedBy); } },
  ] }));
  var activations = (model.activations || []).slice().reverse();
  parts.push(activations.length ? dataTable({ id: "model-activations", caption: "Activation history, newest first", rows: activations, columns: [
    { key: "activatedAt", label: "Activated", header: true, render: function (a) { return fmtDate(a.activatedAt); } },
    { key: "version", label: "Version", numeric: true, render: function (a) { return "v" + a.version; } },
    { key: "activatedBy", label: "By", render: function (a) { return String(a.activatedBy); } },
  ] }) : notice("info", "This model has never been activated."));
  replaceContent(panel, parts);
}

/** Grades as [{ grade, share? , minProbability? }] from either { labels, minProbability } or a list. */
function gradeItems(grades) {
  if (!grades) return [];
  if (Array.isArray(grades)) {
    return grades.map(function (g) {
      var share = isNumber(g.share) ? g.share : (isNumber(g.rate) ? g.rate : undefined);
      return share !== undefined ? { grade: String(g.grade || g.label), share: share } : { grade: String(g.grade || g.label), minProbability: isNumber(g.minProbability) ? g.minProbability : 0 };
    });
  }
  if (Array.isArray(grades.labels)) {
    return grades.labels.map(function (label, i) { var p = grades.minProbability ? grades.minProbability[i] : null; return { grade: String(label), minProbability: isNumber(p) ? p : 0 }; });
  }
  return [];
}
`;
