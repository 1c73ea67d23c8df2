/** The frame every leadscore HTML report shares: head, title band, contents, sections, footer. */
import { escapeHtml } from "./html.js";
import { REPORT_STYLE } from "./report-style.js";

export interface PageSection {
  readonly id: string;
  /** Short title, also the entry in the contents bar. */
  readonly title: string;
  readonly html: string;
}

export interface PageOptions {
  /** The document title and the heading of the page. */
  readonly title: string;
  /** One line under the heading: what data, when. */
  readonly subtitle: string;
  readonly sections: readonly PageSection[];
  readonly footer?: string;
}

/** A section: heading, an optional one-paragraph lead in plain words, then the body. */
export function section(id: string, title: string, body: string, lead?: string): PageSection {
  const html = `<section class="report-section" id="${escapeHtml(id)}" data-section="${escapeHtml(id)}" aria-labelledby="${escapeHtml(id)}-title">
<h2 id="${escapeHtml(id)}-title">${escapeHtml(title)}</h2>
${lead ? `<p class="lead">${lead}</p>\n` : ""}${body}
</section>`;
  return { id, title, html };
}

// Print every folded data table: a printout cannot be clicked open.
const PRINT_SCRIPT = `addEventListener("beforeprint",()=>{for(const d of document.querySelectorAll("details"))d.open=true});`;

export function pageShell(options: PageOptions): string {
  const toc = options.sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="generator" content="leadscore">
<title>${escapeHtml(options.title)}</title><style>${REPORT_STYLE}</style></head>
<body>
<header class="report-head"><div class="page"><h1>${escapeHtml(options.title)}</h1><p>${escapeHtml(options.subtitle)}</p></div></header>
<nav class="toc" aria-label="Contents"><ul>${toc}</ul></nav>
<main class="page">
${options.sections.map((s) => s.html).join("\n")}
${options.footer ? `<footer class="report-foot">${options.footer}</footer>` : ""}
</main>
<script>${PRINT_SCRIPT}</script>
</body></html>
`;
}
