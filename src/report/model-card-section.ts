/** The model card (audit/model-card.ts) as a section of report.html, saying exactly what model-card.md says. */
import type { CardBlock, ModelCard } from "../audit/model-card.js";
import { dataTable, escapeHtml } from "./html.js";
import { type PageSection, section } from "./page-shell.js";

export function modelCardSection(card: ModelCard): PageSection {
  const body = card.sections
    .map((s) => `<h3>${escapeHtml(s.title)}</h3>\n${s.blocks.map(blockHtml).join("\n")}`)
    .join("\n");
  return section("model-card", "Model card", body, "What a model validator asks for: intended use, data, validation, metrics, fairness, stability, limits and the monitoring plan. The same text is in model-card.md beside model.json.");
}

function blockHtml(block: CardBlock): string {
  if (block.kind === "paragraph") return `<p>${escapeHtml(block.text)}</p>`;
  if (block.kind === "list") return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`;
  return `<div class="table-scroll">${dataTable({ caption: "", header: block.header, rows: block.rows })}</div>`;
}
