/**
 * Browser code shared by the dashboard's views: building DOM nodes (text only — no HTML
 * parsing of anything the API returns), calling the API with the admin key, formatting
 * numbers and dates, sortable tables and small SVG bar charts.
 *
 * Client code is plain ES2020 kept in strings (the project compiles without DOM types);
 * no backticks or template placeholders inside, and String.raw keeps backslashes as written.
 */
export const CLIENT_KIT = String.raw`
var KEY_STORAGE = "leadscore.adminKey";
var SVG_NS = "http://www.w3.org/2000/svg";

/** An element with attributes and children; strings become text nodes, never markup. */
function h(tag, attrs) {
  var node = document.createElement(tag);
  setAttributes(node, attrs);
  appendChildren(node, Array.prototype.slice.call(arguments, 2));
  return node;
}

function svg(tag, attrs) {
  var node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attrs);
  appendChildren(node, Array.prototype.slice.call(arguments, 2));
  return node;
}

function setAttributes(node, attrs) {
  if (!attrs) return;
  Object.keys(attrs).forEach(function (name) {
    var value = attrs[name];
    if (value === undefined || value === null || value === false) return;
    if (name === "class") node.setAttribute("class", String(value));
    else if (name.slice(0, 2) === "on" && typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  });
}

function appendChildren(node, children) {
  children.forEach(function add(child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(add);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  });
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

function replaceContent(node) {
  clear(node);
  appendChildren(node, Array.prototype.slice.call(arguments, 1));
  return node;
}

function ApiError(status, code, message) {
  this.status = status;
  this.code = code;
  this.message = message;
}

function adminKey() {
  try { return sessionStorage.getItem(KEY_STORAGE); } catch (e) { return null; }
}

/** GET an API path with the admin key; rejects with ApiError carrying the service's message. */
function api(path) {
  return fetch(path, { headers: { authorization: "Bearer " + (adminKey() || ""), accept: "application/json" } }).then(function (response) {
    return response.text().then(function (text) {
      var body = null;
      try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
      if (!response.ok) {
        var error = body && body.error ? body.error : {};
        throw new ApiError(response.status, error.code || "http_" + response.status, error.message || ("The service answered " + response.status + "."));
      }
      return body;
    });
  });
}

function query(params) {
  var parts = [];
  Object.keys(params).forEach(function (name) {
    var value = params[name];
    if (value === undefined || value === null || value === "") return;
    parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(String(value)));
  });
  return parts.length ? "?" + parts.join("&") : "";
}

function isNumber(v) { return typeof v === "number" && isFinite(v); }

function fmtNumber(v, digits) {
  if (!isNumber(v)) return "–";
  return v.toLocaleString("en-US", { minimumFractionDigits: digits || 0, maximumFractionDigits: digits || 0 });
}

function fmtPercent(v, digits) {
  if (!isNumber(v)) return "–";
  return (v * 100).toFixed(digits === undefined ? 1 : digits) + " %";
}

function fmtSigned(v, digits) {
  if (!isNumber(v)) return "–";
  var text = Math.abs(v).toFixed(digits === undefined ? 1 : digits);
  return (v > 0 ? "+" : v < 0 ? "−" : "±") + text;
}

function fmtDate(iso) {
  if (typeof iso !== "string" || !iso) return "–";
  var d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  function two(n) { return (n < 10 ? "0" : "") + n; }
  return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()) + " " + two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
}

function fmtPValue(p) {
  if (!isNumber(p)) return "–";
  return p < 0.0001 ? "< 0.0001" : p.toFixed(4);
}

/** Reasons may arrive parsed or as the stored JSON text. */
function reasonsOf(value) {
  if (Array.isArray(value)) return value;
  if (typeof value === "string" && value) {
    try { var parsed = JSON.parse(value); return Array.isArray(parsed) ? parsed : []; } catch (e) { return []; }
  }
  return [];
}

function gradeBadge(grade) {
  var safe = typeof grade === "string" && /^[A-Za-z0-9]{1,3}$/.test(grade) ? grade.toUpperCase() : "other";
  return h("span", { class: "grade grade-" + safe }, grade === undefined || grade === null ? "–" : String(grade));
}

function notice(kind, text) {
  return h("p", { class: "notice " + kind, role: kind === "error" ? "alert" : "status" }, text);
}

function card(label, value, note) {
  return h("div", { class: "card" }, h("span", { class: "label" }, label), h("span", { class: "value" }, value), note ? h("span", { class: "note" }, note) : null);
}

/**
 * A table with sortable column headers. columns: [{ key, label, numeric, sortable, render(row) }];
 * sort: { key, direction: "ascending"|"descending" } or null; onSort(key) is called when a
 * sortable header's button is pressed.
 */
function dataTable(options) {
  var sort = options.sort || null;
  var head = h("tr", null, options.columns.map(function (column) {
    var active = sort && sort.key === column.key;
    var th = h("th", { scope: "col", class: column.numeric ? "num" : "text", "aria-sort": active ? sort.direction : (column.sortable ? "none" : null), "data-key": column.key });
    if (column.sortable && options.onSort) {
      var arrow = active ? (sort.direction === "ascending" ? " ▲" : " ▼") : "";
      th.appendChild(h("button", { type: "button", class: "sort", "data-sort": column.key, onclick: function () { options.onSort(column.key); } }, column.label, h("span", { "aria-hidden": "true" }, arrow)));
    } else {
      th.appendChild(document.createTextNode(column.label));
    }
    return th;
  }));
  var body = h("tbody", null, options.rows.map(function (row, index) {
    var tr = h("tr", options.rowAttributes ? options.rowAttributes(row, index) : null, options.columns.map(function (column) {
      var content = column.render ? column.render(row, index) : row[column.key];
      var cellTag = column.header ? "th" : "td";
      return h(cellTag, { class: (column.numeric ? "num" : "text") + (column.className ? " " + column.className : ""), scope: column.header ? "row" : null }, content === undefined || content === null ? "–" : content);
    }));
    if (options.onRowClick) tr.addEventListener("click", function (event) {
      if (event.target && event.target.closest && event.target.closest("button, a, input, select")) return;
      options.onRowClick(row);
    });
    return tr;
  }));
  var table = h("table", { id: options.id || null, class: options.className || null }, options.caption ? h("caption", null, options.caption) : null, h("thead", null, head), body);
  return h("div", { class: "table-scroll" }, table);
}

/**
 * Horizontal bars: items [{ label, value, text, kind }] drawn against max (default: the
 * largest value); marks [{ value, label }] draw dashed vertical lines (e.g. PSI bands).
 */
function barChart(options) {
  var items = options.items;
  var labelWidth = options.labelWidth || 170;
  var width = 640, barHeight = 22, gap = 8, top = 8, textWidth = 90;
  var plot = width - labelWidth - textWidth;
  var max = options.max || Math.max.apply(null, items.map(function (i) { return Math.abs(i.value) || 0; }).concat([1e-9]));
  (options.marks || []).forEach(function (m) { if (m.value > max) max = m.value * 1.1; });
  var height = top + items.length * (barHeight + gap) + 18;
  var titleId = "chart-" + Math.random().toString(36).slice(2);
  var root = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-labelledby": titleId, class: "bars", preserveAspectRatio: "xMinYMin meet" },
    svg("title", { id: titleId }, options.title + ": " + items.map(function (i) { return i.label + " " + (i.text || String(i.value)); }).join(", ")));
  items.forEach(function (item, index) {
    var y = top + index * (barHeight + gap);
    var w = Math.max(1, (Math.abs(item.value) || 0) / max * plot);
    root.appendChild(svg("text", { x: labelWidth - 8, y: y + barHeight * 0.7, "text-anchor": "end", class: "bar-label" }, truncate(item.label, 26)));
    root.appendChild(svg("rect", { x: labelWidth, y: y, width: w.toFixed(1), height: barHeight, rx: 3, class: "bar " + (item.kind || "") }));
    root.appendChild(svg("text", { x: labelWidth + w + 6, y: y + barHeight * 0.7, class: "bar-value" }, item.text || String(item.value)));
  });
  (options.marks || []).forEach(function (m) {
    var x = labelWidth + m.value / max * plot;
    root.appendChild(svg("line", { x1: x, x2: x, y1: 2, y2: height - 16, class: "mark" }));
    root.appendChild(svg("text", { x: x, y: height - 4, "text-anchor": "middle", class: "mark-label" }, m.label));
  });
  return h("figure", { class: "chart" }, root, h("figcaption", null, options.title));
}

/** Points with 95 % intervals on a 0..max axis (conversion rates per arm). */
function intervalChart(options) {
  var items = options.items;
  var labelWidth = 170, width = 640, rowHeight = 30, top = 10;
  var plot = width - labelWidth - 30;
  // The axis ends at the next round tenth above the widest interval.
  var max = Math.min(1, Math.ceil(Math.max.apply(null, items.map(function (i) { return i.high; }).concat([0.01])) * 10) / 10);
  var height = top + items.length * rowHeight + 24;
  var titleId = "chart-" + Math.random().toString(36).slice(2);
  var root = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-labelledby": titleId, class: "bars" },
    svg("title", { id: titleId }, options.title + ": " + items.map(function (i) { return i.label + " " + fmtPercent(i.value) + " (" + fmtPercent(i.low) + " to " + fmtPercent(i.high) + ")"; }).join(", ")));
  function x(v) { return labelWidth + v / max * plot; }
  items.forEach(function (item, index) {
    var y = top + index * rowHeight + rowHeight / 2;
    root.appendChild(svg("text", { x: labelWidth - 8, y: y + 4, "text-anchor": "end", class: "bar-label" }, truncate(item.label, 26)));
    root.appendChild(svg("line", { x1: x(item.low), x2: x(item.high), y1: y, y2: y, class: "interval" }));
    root.appendChild(svg("circle", { cx: x(item.value), cy: y, r: 5, class: "point" }));
  });
  [0, max / 2, max].forEach(function (v) {
    root.appendChild(svg("text", { x: x(v), y: height - 4, "text-anchor": "middle", class: "mark-label" }, fmtPercent(v, 0)));
  });
  return h("figure", { class: "chart" }, root, h("figcaption", null, options.title));
}

function truncate(text, n) {
  var s = String(text);
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}
`;
