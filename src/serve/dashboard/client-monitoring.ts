/**
 * The Monitoring view: drift of the last N scored records of a model against its training
 * profile (GET /v1/monitoring/drift), PSI per column drawn against the 0.1 / 0.25 bands, and
 * how many scored records have an outcome yet, per grade (GET /v1/monitoring/outcomes).
 */
export const CLIENT_MONITORING = String.raw`
var monitoring = { model: "", last: 1000 };
var PSI_WATCH = 0.1, PSI_ACT = 0.25;
var BAND_TEXT = { stable: "stable (PSI < 0.1)", watch: "watch (0.1 – 0.25)", act: "act (> 0.25)" };

function showMonitoring(root) {
  var model = h("select", { id: "drift-model" });
  var last = h("input", { id: "drift-last", type: "number", min: "50", max: "100000", step: "50", value: String(monitoring.last), inputmode: "numeric" });
  var form = h("form", { class: "controls", "aria-label": "Drift of recent traffic", onsubmit: function (event) {
    event.preventDefault();
    monitoring.model = model.value;
    monitoring.last = Math.max(1, parseInt(last.value, 10) || 1000);
    loadDrift();
  } },
    h("div", { class: "control" }, h("label", { for: "drift-model" }, "Model"), model),
    h("div", { class: "control" }, h("label", { for: "drift-last" }, "Last scored records"), last),
    h("button", { type: "submit" }, "Check drift"));
  replaceContent(root,
    h("h2", null, "Monitoring"),
    h("section", { "aria-labelledby": "drift-title" },
      h("h3", { id: "drift-title" }, "Drift of recent traffic against training"),
      h("p", { class: "lead-text" }, "Population stability index (PSI) of each input column over the last scored records: below 0.1 stable, 0.1 to 0.25 watch, above 0.25 act."),
      form,
      h("div", { id: "drift-results", "aria-live": "polite" })),
    h("section", { "aria-labelledby": "outcomes-title" },
      h("h3", { id: "outcomes-title" }, "Outcomes coverage"),
      h("div", { id: "outcomes-results", "aria-live": "polite" }, notice("info", "Loading…"))));
  loadOutcomes();
  return api("/v1/models").then(function (body) {
    var names = (body.models || []).filter(function (m) { return m.activeVersion !== null && m.activeVersion !== undefined; }).map(function (m) { return String(m.name); });
    if (!monitoring.model || names.indexOf(monitoring.model) < 0) monitoring.model = names[0] || "";
    replaceContent(model, names.map(function (n) { return h("option", { value: n, selected: n === monitoring.model }, n); }));
    if (!monitoring.model) {
      replaceContent(document.getElementById("drift-results"), notice("info", "No active model to monitor."));
      return;
    }
    return loadDrift();
  }).catch(function (error) { showViewError("drift-results", error); });
}

function loadDrift() {
  var container = document.getElementById("drift-results");
  if (!container) return;
  replaceContent(container, notice("info", "Computing drift…"));
  return api("/v1/monitoring/drift" + query({ model: monitoring.model, last: monitoring.last })).then(function (d) {
    var columns = (d.columns || []).slice().sort(function (a, b) { return (b.psi || 0) - (a.psi || 0); });
    var parts = [
      h("div", { class: "cards" },
        card("Status", h("span", { class: "band band-" + bandClass(d.status) }, String(d.status)), BAND_TEXT[d.status] || null),
        card("Records compared", fmtNumber(isNumber(d.rows) ? d.rows : d.rows), "against " + fmtNumber(d.trainingRows) + " training rows"),
        d.score ? card("Score PSI", fmtNumber(d.score.psi, 3), String(d.score.band)) : null,
        isNumber(d.estimatedAuc) ? card("Expected AUC now", d.estimatedAuc.toFixed(3), d.estimatedAucRange ? fmtNumber(d.estimatedAucRange.low, 3) + " – " + fmtNumber(d.estimatedAucRange.high, 3) + (isNumber(d.trainingAuc) ? "; training " + d.trainingAuc.toFixed(3) : "") : null) : null),
    ];
    if (columns.length) {
      parts.push(barChart({ title: "PSI per column, recent traffic against training", marks: [{ value: PSI_WATCH, label: "0.1" }, { value: PSI_ACT, label: "0.25" }], max: Math.max(0.3, columns[0].psi || 0),
        items: columns.map(function (c) { return { label: c.column, value: c.psi, text: fmtNumber(c.psi, 3), kind: "band-" + bandClass(c.band) }; }) }));
      parts.push(dataTable({ id: "drift-table", caption: "Drift per column, largest PSI first", rows: columns, columns: [
        { key: "column", label: "Column", header: true, render: function (c) { return String(c.column); } },
        { key: "kind", label: "Kind", render: function (c) { return String(c.kind); } },
        { key: "psi", label: "PSI", numeric: true, render: function (c) { return fmtNumber(c.psi, 3); } },
        { key: "band", label: "Band", render: function (c) { return h("span", { class: "band band-" + bandClass(c.band) }, String(c.band)); } },
        { key: "p", label: "Test p-value", numeric: true, render: function (c) { return c.test ? fmtPValue(c.test.pValue) + " (" + String(c.test.name) + ")" : "–"; } },
        { key: "missing", label: "Missing, training → now", numeric: true, render: function (c) { return c.missingRate ? fmtPercent(c.missingRate.training) + " → " + fmtPercent(c.missingRate.current) : "–"; } },
        { key: "unseen", label: "Unseen categories", numeric: true, render: function (c) { return c.unseen && c.unseen.rows ? fmtPercent(c.unseen.share) : "–"; } },
      ] }));
    }
    replaceContent(container, parts);
  }).catch(function (error) {
    // 404: nothing scored by this model yet — a state to explain, not a failure.
    if (error instanceof ApiError && error.status === 404) replaceContent(container, notice("info", error.message));
    else showViewError("drift-results", error);
  });
}

function bandClass(band) {
  return band === "act" || band === "watch" || band === "stable" ? band : "unknown";
}

function loadOutcomes() {
  return api("/v1/monitoring/outcomes").then(function (o) {
    var container = document.getElementById("outcomes-results");
    if (!container) return;
    var byGrade = o.byGrade || [];
    replaceContent(container,
      h("div", { class: "cards" },
        card("Scored records", fmtNumber(o.scored)),
        card("With an outcome", fmtNumber(o.withOutcome)),
        card("Coverage", fmtPercent(o.coverage), "of scored records have an outcome")),
      byGrade.length ? dataTable({ id: "outcomes-table", caption: "Outcomes per grade", rows: byGrade, columns: [
        { key: "grade", label: "Grade", header: true, render: function (g) { return gradeBadge(g.grade); } },
        { key: "scored", label: "Scored", numeric: true, render: function (g) { return fmtNumber(g.scored); } },
        { key: "withOutcome", label: "With outcome", numeric: true, render: function (g) { return fmtNumber(g.withOutcome); } },
        { key: "conversionRate", label: "Conversion rate", numeric: true, render: function (g) { return isNumber(g.conversionRate) ? fmtPercent(g.conversionRate) : "–"; } },
      ] }) : null,
      byGrade.some(function (g) { return isNumber(g.conversionRate); }) ? barChart({ title: "Conversion rate per grade", max: 1, items: byGrade.filter(function (g) { return isNumber(g.conversionRate); }).map(function (g) { return { label: "Grade " + g.grade, value: g.conversionRate, text: fmtPercent(g.conversionRate), kind: "grade-bar" }; }) }) : null);
  }).catch(function (error) { showViewError("outcomes-results", error); });
}
`;
