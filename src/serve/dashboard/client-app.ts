/**
 * The dashboard's frame: the admin-key prompt (the key lives in this tab's sessionStorage
 * and goes out only as the Authorization header of API calls), the hash navigation between
 * views, and what happens when the service refuses the key.
 */
export const CLIENT_APP = String.raw`
var VIEWS = { leads: showLeads, models: showModels, experiments: showExperiments, monitoring: showMonitoring };

function currentView() {
  var name = location.hash.replace(/^#/, "");
  return VIEWS[name] ? name : "leads";
}

function showViewError(containerId, error) {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    askForKey(error.status === 401 ? "The service did not accept this key (401): paste a valid admin key." : "This key may not read the dashboard's data (403): it needs the admin scope.");
    return;
  }
  var container = document.getElementById(containerId);
  if (!container) return;
  container.hidden = false;
  container.removeAttribute("aria-busy");
  var message = error instanceof ApiError ? error.message + " (" + error.status + ")" : "The service could not be reached: " + (error && error.message ? error.message : String(error));
  replaceContent(container, notice("error", message));
}

function askForKey(message) {
  try { sessionStorage.removeItem(KEY_STORAGE); } catch (e) { /* storage unavailable */ }
  document.getElementById("app").hidden = true;
  document.getElementById("forget-key").hidden = true;
  document.getElementById("key-view").hidden = false;
  var error = document.getElementById("key-error");
  replaceContent(error, message || "");
  error.hidden = !message;
  var input = document.getElementById("admin-key");
  input.value = "";
  input.focus();
}

function showApp() {
  document.getElementById("key-view").hidden = true;
  document.getElementById("app").hidden = false;
  document.getElementById("forget-key").hidden = false;
  route(false);
}

function route(focus) {
  if (!adminKey()) { askForKey(""); return; }
  var name = currentView();
  var links = document.querySelectorAll("nav.views a");
  for (var i = 0; i < links.length; i++) {
    if (links[i].getAttribute("data-view") === name) links[i].setAttribute("aria-current", "page");
    else links[i].removeAttribute("aria-current");
  }
  var root = document.getElementById("view");
  root.setAttribute("data-view", name);
  VIEWS[name](root);
  if (focus) {
    var heading = root.querySelector("h2");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  }
}

function boot() {
  document.getElementById("key-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var key = document.getElementById("admin-key").value.trim();
    if (!/^ls_[A-Za-z0-9]+_[A-Za-z0-9_-]+$/.test(key)) {
      var error = document.getElementById("key-error");
      replaceContent(error, "A leadscore key looks like ls_<id>_<secret>; create one with: leadscore keys create --scope admin");
      error.hidden = false;
      return;
    }
    try { sessionStorage.setItem(KEY_STORAGE, key); } catch (e) { /* storage unavailable: the key then lasts until reload */ }
    showApp();
  });
  document.getElementById("forget-key").addEventListener("click", function () { askForKey(""); });
  window.addEventListener("hashchange", function () { route(true); });
  if (adminKey()) showApp();
  else askForKey("");
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
`;
