/**
 * The Experiments view: every experiment (GET /v1/experiments) with its arms — traffic
 * weight, records scored, outcomes, conversion rate with its 95 % interval, AUC — and the
 * test of equal conversion across arms (GET /v1/experiments/:name).
 */
export const CLIENT_EXPERIMENTS = String.raw`
function showExperiments(root) {
  replaceContent(root,
    h("h2", null, "Experiments"),
    h("p", { class: "lead-text" }, "Champion/challenger splits. Conversion rates count records with an outcome; the interval is 95 % (Wilson). Shadow arms score every record but never answer."),
    h("div", { id: "experiments-results", "aria-live": "polite" }, notice("info", "Loading…")));
  return api("/v1/experiments").then(function (body) {
    var list = body.experiments || [];
    var container = document.getElementById("experiments-results");
    if (!container) return;
    if (list.length === 0) {
      replaceContent(container, notice("info", "No experiment is defined: PUT /v1/experiments/NAME with its arms."));
      return;
    }
    replaceContent(container, list.map(function (e) { return h("article", { class: "experiment", id: "experiment-" + slug(e.name), "data-name": e.name }, experimentBody(e, undefined)); }));
    return Promise.all(list.map(function (e) {
      return api("/v1/experiments/" + encodeURIComponent(e.name)).then(function (full) {
        var article = document.getElementById("experiment-" + slug(e.name));
        if (article) replaceContent(article, experimentBody(full, full.test === undefined ? null : full.test));
      }).catch(function () { /* the summary from the list stays */ });
    }));
  }).catch(function (error) { showViewError("experiments-results", error); });
}

function slug(name) {
  return String(name).replace(/[^A-Za-z0-9_-]/g, function (c) { return "_" + c.charCodeAt(0).toString(16); });
}

function experimentBody(e, test) {
  var arms = e.arms || [];
  var withRates = arms.filter(function (a) { return a.conversionRate; });
  var testText = test === undefined ? "Loading the test…"
    : test === null ? "No test yet: it needs outcomes for at least two answering arms, with both conversions and non-conversions."
    : testSentence(test);
  return [
    h("h3", null, "Experiment ", h("span", { class: "mono" }, String(e.name))),
    dataTable({ className: "arms", caption: "Arms of " + e.name, rows: arms, columns: [
      { key: "name", label: "Arm", header: true, render: function (a) { return String(a.name) + (a.shadow ? " (shadow)" : ""); } },
      { key: "model", label: "Model", render: function (a) { return String(a.model) + (a.version === null || a.version === undefined ? " (active)" : " v" + a.version); } },
      { key: "weight", label: "Weight", numeric: true, render: function (a) { return a.shadow ? "shadow" : fmtNumber(a.weight, 2); } },
      { key: "scored", label: "Scored", numeric: true, render: function (a) { return fmtNumber(a.scored); } },
      { key: "outcomes", label: "Outcomes", numeric: true, render: function (a) { return fmtNumber(a.outcomes); } },
      { key: "conversion", label: "Conversion rate", numeric: true, render: function (a) { return a.conversionRate ? fmtPercent(a.conversionRate.value) : "–"; } },
      { key: "interval", label: "95 % interval", numeric: true, render: function (a) { return a.conversionRate ? fmtPercent(a.conversionRate.low) + " – " + fmtPercent(a.conversionRate.high) : "–"; } },
      { key: "auc", label: "AUC", numeric: true, render: function (a) { return isNumber(a.auc) ? a.auc.toFixed(4) : "–"; } },
    ] }),
    h("p", { class: "test", role: "status" }, testText),
    withRates.length ? intervalChart({ title: "Conversion rate per arm with 95 % interval", items: withRates.map(function (a) { return { label: a.name, value: a.conversionRate.value, low: a.conversionRate.low, high: a.conversionRate.high }; }) }) : null,
  ];
}

function testSentence(test) {
  var p = test.pValue;
  var verdict = isNumber(p) ? (p < 0.05 ? "the arms convert at different rates (significant at 5 %)." : "no significant difference between the arms at 5 %.") : "";
  return "Test (" + String(test.name) + "): statistic " + fmtNumber(test.statistic, 3) + (isNumber(test.degreesOfFreedom) ? " with " + test.degreesOfFreedom + " degree" + (test.degreesOfFreedom === 1 ? "" : "s") + " of freedom" : "") + ", p-value " + fmtPValue(p) + ": " + verdict;
}
`;
