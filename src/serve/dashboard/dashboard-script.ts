/** The dashboard's whole browser script, served as /dashboard/dashboard.js (one file, no build step). */
import { CLIENT_APP } from "./client-app.js";
import { CLIENT_EXPERIMENTS } from "./client-experiments.js";
import { CLIENT_KIT } from "./client-kit.js";
import { CLIENT_LEADS } from "./client-leads.js";
import { CLIENT_MODELS } from "./client-models.js";
import { CLIENT_MONITORING } from "./client-monitoring.js";

// One function scope keeps the helpers out of the page's globals.
export const DASHBOARD_SCRIPT = `(function () {
"use strict";
${CLIENT_KIT}
${CLIENT_LEADS}
${CLIENT_MODELS}
${CLIENT_EXPERIMENTS}
${CLIENT_MONITORING}
${CLIENT_APP}
})();
`;
