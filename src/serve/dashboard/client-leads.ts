/**
 * The Leads view: scored records ranked by score (GET /v1/scores), filtered by grade and
 * model, searched by id, paged; a lead's reasons open in a row right under it.
 * Sorting by score or time asks the service (the order spans every page); sorting by id or
 * grade reorders the page on screen.
 */
export const CLIENT_LEADS = String.raw`
var leads = { order: "score-desc", clientSort: null, grade: "", model: "", search: "", offset: 0, limit: 50, rows: [], total: 0, selected: null, grades: ["A", "B", "C", "D"], models: [] };

var SERVER_SORTS = { score: ["score-desc", "score-asc"], probability: ["score-desc", "score-asc"], scoredAt: ["newest"] };

function leadsSort() {
  if (leads.clientSort) return leads.clientSort;
  if (leads.order === "score-asc") return { key: "score", direction: "ascending" };
  if (leads.order === "newest") return { key: "scoredAt", direction: "descending" };
  return { key: "score", direction: "descending" };
}

function sortLeads(key) {
  var current = leadsSort();
  if (SERVER_SORTS[key]) {
    var orders = SERVER_SORTS[key];
    var next = orders.length > 1 && current.key === key && leads.order === orders[0] ? orders[1] : orders[0];
    leads.clientSort = null;
    leads.order = next;
    leads.offset = 0;
    loadLeads();
    return;
  }
  var direction = current.key === key && current.direction === "ascending" ? "descending" : "ascending";
  leads.clientSort = { key: key, direction: direction };
  renderLeads();
}

function visibleLeads() {
  var rows = leads.rows.slice();
  var sort = leads.clientSort;
  if (sort) {
    var sign = sort.direction === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      var x = String(a[sort.key] === null || a[sort.key] === undefined ? "" : a[sort.key]);
      var y = String(b[sort.key] === null || b[sort.key] === undefined ? "" : b[sort.key]);
      return sign * x.localeCompare(y, "en", { numeric: true });
    });
  }
  return rows;
}

function leadsControls() {
  var grade = h("select", { id: "lead-grade", onchange: function () { leads.grade = grade.value; leads.offset = 0; loadLeads(); } },
    h("option", { value: "" }, "All grades"),
    leads.grades.map(function (g) { return h("option", { value: g, selected: g === leads.grade }, g); }));
  var model = h("select", { id: "lead-model", onchange: function () { leads.model = model.value; leads.offset = 0; loadLeads(); } },
    h("option", { value: "" }, "All models"),
    leads.models.map(function (m) { return h("option", { value: m, selected: m === leads.model }, m); }));
  var search = h("input", { id: "lead-search", type: "search", value: leads.search, placeholder: "part of a lead id", autocomplete: "off", spellcheck: "false" });
  var form = h("form", { class: "controls", role: "search", "aria-label": "Filter leads", onsubmit: function (event) { event.preventDefault(); leads.search = search.value.trim(); leads.offset = 0; loadLeads(); } },
    h("div", { class: "control" }, h("label", { for: "lead-grade" }, "Grade"), grade),
    h("div", { class: "control" }, h("label", { for: "lead-model" }, "Model"), model),
    h("div", { class: "control" }, h("label", { for: "lead-search" }, "Search by id"), search),
    h("button", { type: "submit" }, "Search"));
  return form;
}

function loadLeads() {
  var view = document.getElementById("leads-results");
  if (view) view.setAttribute("aria-busy", "true");
  return api("/v1/scores" + query({ limit: leads.limit, offset: leads.offset, order: leads.order, grade: leads.grade, search: leads.search, model: leads.model }))
    .then(function (body) {
      leads.rows = Array.isArray(body.results) ? body.results : [];
      leads.total = isNumber(body.total) ? body.total : leads.rows.length;
      leads.rows.forEach(function (row) { row.reasons = reasonsOf(row.reasons); });
      renderLeads();
    })
    .catch(function (error) { showViewError("leads-results", error); });
}

function renderLeads() {
  var container = document.getElementById("leads-results");
  if (!container) return;
  container.removeAttribute("aria-busy");
  if (leads.rows.length === 0) {
    replaceContent(container, notice("info", leads.search || leads.grade || leads.model ? "No scored lead matches these filters." : "No lead has been scored yet: POST records to /v1/score and they appear here."));
    return;
  }
  var rows = visibleLeads();
  var columns = [
    { key: "rank", label: "#", numeric: true, render: function (row, i) { return leads.clientSort ? "" : String(leads.offset + i + 1); } },
    { key: "id", label: "Lead id", sortable: true, header: true, render: function (row) {
      var open = isSelected(row);
      return h("button", { type: "button", class: "link lead-open", "data-id": row.id, "aria-expanded": open ? "true" : "false", "aria-controls": open ? "lead-detail" : null, onclick: function () { openLead(row); } }, String(row.id));
    } },
    { key: "score", label: "Score", numeric: true, sortable: true, render: function (row) { return h("span", { class: "score-cell" }, fmtNumber(row.score)); } },
    { key: "grade", label: "Grade", sortable: true, render: function (row) { return gradeBadge(row.grade); } },
    { key: "probability", label: "Probability", className: "nowrap", numeric: true, render: function (row) { return fmtPercent(row.probability); } },
    { key: "reason", label: "Top reason", className: "reason", render: function (row) { var r = row.reasons[0]; return r ? truncate(r.text, 70) : "–"; } },
    { key: "model", label: "Model", className: "nowrap", render: function (row) { return String(row.model) + (row.version !== undefined && row.version !== null ? " v" + row.version : ""); } },
    { key: "arm", label: "Arm", className: "nowrap", render: function (row) { return row.arm ? h("span", { title: "experiment " + String(row.experiment || "") }, String(row.arm)) : "–"; } },
    { key: "scoredAt", label: "Scored", className: "nowrap", sortable: true, render: function (row) { return fmtDate(row.scoredAt); } },
    { key: "converted", label: "Outcome", className: "nowrap", render: function (row) { return row.converted === true ? "converted" : row.converted === false ? "not converted" : "–"; } },
  ];
  var first = leads.offset + 1;
  var last = leads.offset + leads.rows.length;
  var pager = h("div", { class: "pager" },
    h("button", { type: "button", id: "leads-prev", disabled: leads.offset === 0, onclick: function () { leads.offset = Math.max(0, leads.offset - leads.limit); loadLeads(); } }, "Previous"),
    h("span", { role: "status" }, fmtNumber(first) + "–" + fmtNumber(last) + " of " + fmtNumber(leads.total)),
    h("button", { type: "button", id: "leads-next", disabled: last >= leads.total, onclick: function () { leads.offset += leads.limit; loadLeads(); } }, "Next"));
  var caption = "Scored leads, " + (leads.clientSort ? "this page sorted by " + leads.clientSort.key : leads.order === "newest" ? "newest first" : leads.order === "score-asc" ? "lowest score first" : "ranked by score");
  var table = dataTable({ id: "leads-table", caption: caption, columns: columns, rows: rows, sort: leadsSort(), onSort: sortLeads,
    rowAttributes: function (row) { return { "data-id": row.id, class: isSelected(row) ? "selected clickable" : "clickable" }; },
    onRowClick: openLead });
  replaceContent(container, table, pager);
  // The open lead's reasons go in a full-width row right under it.
  var at = -1;
  rows.forEach(function (row, i) { if (isSelected(row)) at = i; });
  if (at >= 0) {
    var tr = table.querySelector("tbody").children[at];
    var panel = h("section", { id: "lead-detail", class: "detail", tabindex: "-1", "aria-labelledby": "lead-detail-title" });
    tr.parentNode.insertBefore(h("tr", { class: "detail-row" }, h("td", { colspan: String(columns.length) }, panel)), tr.nextSibling);
    renderLeadDetail(rows[at], panel);
  }
}

function leadKey(row) {
  return String(row.model) + "|" + String(row.id) + "|" + String(row.scoredAt);
}

function isSelected(row) {
  return leads.selected !== null && leads.selected === leadKey(row);
}

/** Opens a lead's reasons, or closes them when they are open. */
function openLead(row) {
  var closing = isSelected(row);
  leads.selected = closing ? null : leadKey(row);
  renderLeads();
  if (closing) focusLeadButton(row);
  else {
    var panel = document.getElementById("lead-detail");
    if (panel) panel.focus();
  }
}

function focusLeadButton(row) {
  var b = document.querySelector("button.lead-open[data-id=\"" + cssEscape(row.id) + "\"]");
  if (b) b.focus();
}

function renderLeadDetail(row, panel) {
  var reasons = row.reasons || [];
  var reasonTable = reasons.length === 0
    ? notice("info", "No reasons were asked for when this lead was scored (explain: 0).")
    : dataTable({ id: "lead-reasons", caption: "Why this score (strongest first)", columns: [
        { key: "text", label: "Reason", render: function (r) { return String(r.text); } },
        { key: "column", label: "Column", render: function (r) { return String(r.column); } },
        { key: "effect", label: "Effect (score points)", numeric: true, render: function (r) { return h("span", { class: r.effect >= 0 ? "up" : "down" }, fmtSigned(r.effect, 1)); } },
      ], rows: reasons });
  replaceContent(panel,
    h("div", { class: "detail-head" },
      h("h3", { id: "lead-detail-title" }, "Lead ", h("span", { class: "mono" }, String(row.id))),
      h("button", { type: "button", class: "secondary", id: "lead-close", onclick: function () { leads.selected = null; renderLeads(); focusLeadButton(row); } }, "Close")),
    h("div", { class: "cards" },
      card("Score", fmtNumber(row.score), "0-100"),
      card("Grade", gradeBadge(row.grade)),
      card("Probability", fmtPercent(row.probability)),
      card("Model", String(row.model), row.version !== undefined ? "version " + row.version : null),
      card("Outcome", row.converted === true ? "converted" : row.converted === false ? "not converted" : "not known yet")),
    reasonTable,
    reasons.length ? barChart({ title: "Effect of each reason on the score (points)", items: reasons.map(function (r) { return { label: r.column, value: r.effect, text: fmtSigned(r.effect, 1), kind: r.effect >= 0 ? "up" : "down" }; }) }) : null);
}

function cssEscape(value) {
  return window.CSS && CSS.escape ? CSS.escape(String(value)) : String(value).replace(/["\\]/g, "\\$&");
}

function showLeads(root) {
  replaceContent(root,
    h("h2", null, "Leads"),
    h("p", { class: "lead-text" }, "Every scored lead, best first. Choose a lead to see the reasons behind its score."),
    leadsControls(),
    h("div", { id: "leads-results" }, notice("info", "Loading…")));
  // Grades and model names for the filters come from the registry; the list loads meanwhile.
  api("/v1/models").then(function (body) {
    var names = (body.models || []).map(function (m) { return String(m.name); });
    if (names.join() !== leads.models.join()) {
      leads.models = names;
      var select = document.getElementById("lead-model");
      if (select) replaceContent(select, h("option", { value: "" }, "All models"), names.map(function (m) { return h("option", { value: m, selected: m === leads.model }, m); }));
    }
  }).catch(function () { /* the list itself reports errors */ });
  // The grade filter offers the grades that scored leads actually have (models name their own).
  api("/v1/monitoring/outcomes").then(function (body) {
    var grades = (body.byGrade || []).map(function (g) { return String(g.grade); });
    if (grades.length === 0 || grades.join() === leads.grades.join()) return;
    leads.grades = grades;
    var select = document.getElementById("lead-grade");
    if (select) replaceContent(select, h("option", { value: "" }, "All grades"), grades.map(function (g) { return h("option", { value: g, selected: g === leads.grade }, g); }));
  }).catch(function () { /* keep the default A-D */ });
  return loadLeads();
}
`;
