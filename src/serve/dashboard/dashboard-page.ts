/**
 * The dashboard's HTML shell, served at `/`. It holds no data: the script fills the views
 * from the API once the user has given an admin key. Script and stylesheet are separate
 * same-origin files, so the page runs under a strict Content-Security-Policy
 * (`script-src 'self'`, no inline script) and needs nothing from the internet.
 */
export const DASHBOARD_ASSET_PREFIX = "/dashboard/";
export const DASHBOARD_SCRIPT_PATH = `${DASHBOARD_ASSET_PREFIX}dashboard.js`;
export const DASHBOARD_STYLE_PATH = `${DASHBOARD_ASSET_PREFIX}dashboard.css`;

export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="generator" content="leadscore">
<meta name="referrer" content="no-referrer">
<title>leadscore dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${DASHBOARD_STYLE_PATH}">
<script src="${DASHBOARD_SCRIPT_PATH}" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <div class="top-inner">
    <span class="brand">leadscore</span>
    <nav class="views" aria-label="Dashboard views">
      <ul>
        <li><a href="#leads" data-view="leads">Leads</a></li>
        <li><a href="#models" data-view="models">Models</a></li>
        <li><a href="#experiments" data-view="experiments">Experiments</a></li>
        <li><a href="#monitoring" data-view="monitoring">Monitoring</a></li>
      </ul>
    </nav>
    <button type="button" id="forget-key" class="secondary" hidden>Forget key</button>
  </div>
</header>
<main id="main" tabindex="-1">
  <section id="key-view" aria-labelledby="key-title" hidden>
    <h1 id="key-title">Open the dashboard</h1>
    <form id="key-form" class="key-form" autocomplete="off">
      <label for="admin-key">Admin API key</label>
      <input id="admin-key" name="admin-key" type="password" autocomplete="off" required spellcheck="false" aria-describedby="key-hint key-error">
      <p id="key-hint" class="hint">Create one with <code>leadscore keys create --scope admin</code>. It stays in this browser tab (session storage) and is sent only to this service.</p>
      <p id="key-error" class="notice error" role="alert" hidden></p>
      <button type="submit">Open dashboard</button>
    </form>
  </section>
  <div id="app" hidden>
    <div id="view" class="view"></div>
  </div>
  <noscript><p class="notice error">The dashboard needs JavaScript; the API itself is documented at <a href="/docs">/docs</a>.</p></noscript>
</main>
</body>
</html>
`;
