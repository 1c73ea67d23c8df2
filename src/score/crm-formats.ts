/**
 * `score --format hubspot|salesforce`: the scored rows as a CSV that a CRM's own import tool
 * maps without hand work — one row per lead: the CRM's record key, the score, the grade and
 * the reasons (texts, strongest first, joined with "; ").
 *
 * Our documented mapping (the headers are what each tool auto-maps; the custom fields are
 * created once by the CRM administrator before the first import):
 *
 * HubSpot — contact import (Contacts › Import › "File from computer", one object), updating
 * existing contacts. HubSpot matches an imported row to a contact by `Record ID` (its numeric
 * internal id) or, when no Record ID is given, by `Email`, and maps a column to a property when
 * the header equals the property's label. So the key column is `Email` when the id column
 * holds e-mail addresses (its name says e-mail, or its first value is one), else `Record ID`
 * (digits only). The scores go to three custom contact properties, because HubSpot's own
 * "HubSpot Score" is calculated by HubSpot and cannot be imported:
 *   `Lead Score` (number; 0-100, a scorecard's points), `Lead Grade` (single-line text or
 *   dropdown A-D), `Lead Score Reasons` (multi-line text).
 *
 * Salesforce — Lead object, updating existing leads with Data Loader ("Update", auto-match
 * maps a header equal to a field's API name) or the Data Import Wizard ("Leads", "Update
 * existing records", matched by Salesforce.com ID). Both key the row on the record's `Id`;
 * the scores go to three custom fields created on Lead:
 *   `Lead_Score__c` (Number(3,0); a scorecard's points need Number(4,0)), `Lead_Grade__c`
 *   (Text(10) or picklist), `Lead_Score_Reasons__c` (Long Text Area).
 * `Id` is always written in the 18-character form: Salesforce ids are case-sensitive in their
 * 15-character form, and a spreadsheet that changes case (or a tool that compares without
 * case) would then point at another record; the 18-character form carries a checksum of the
 * case and is safe. A 15-character id is converted; an 18-character one is kept as given.
 *
 * Rows are keyed on the CRM's id, never on row numbers: a row whose id cell is empty or not a
 * valid key for the chosen CRM stops the export with an error naming its line.
 */
import { dataError, LeadscoreError } from "../core/errors.js";
import type { RawTable } from "../core/frame.js";
import { csvLine } from "./csv-writer.js";
import type { ScoredRecord } from "./score-table.js";

export type OutputFormat = "csv" | "hubspot" | "salesforce";
export type CrmFormat = Exclude<OutputFormat, "csv">;
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["csv", "hubspot", "salesforce"];

export const HUBSPOT_COLUMNS = { score: "Lead Score", grade: "Lead Grade", reasons: "Lead Score Reasons" } as const;
export const SALESFORCE_COLUMNS = { id: "Id", score: "Lead_Score__c", grade: "Lead_Grade__c", reasons: "Lead_Score_Reasons__c" } as const;
export const REASON_SEPARATOR = "; ";

export function parseOutputFormat(value: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new LeadscoreError("usage", `--format must be one of ${OUTPUT_FORMATS.join(", ")}; got '${value}'.`, { field: "format" });
}

/** The HubSpot key column: e-mail addresses or HubSpot's numeric Record IDs. */
export type HubspotKey = "Email" | "Record ID";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_NAME = /^e-?mail(?:[ _-]?address)?$/i;
const HUBSPOT_RECORD_ID = /^[1-9][0-9]*$/;
const SALESFORCE_ID = /^(?:[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18})$/;
const CASE_CHECKSUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/** Email when the column's name says e-mail or its first value is an address; Record ID otherwise. */
export function hubspotKey(idColumn: string, firstValue: string | null): HubspotKey {
  if (EMAIL_NAME.test(idColumn.trim())) return "Email";
  return firstValue !== null && EMAIL.test(firstValue.trim()) ? "Email" : "Record ID";
}

/**
 * The 18-character form of a 15-character Salesforce id: for each 5-character block, a
 * letter from A-Z0-5 whose bits say which of its characters are upper-case letters.
 */
export function salesforceId18(id15: string): string {
  if (!/^[a-zA-Z0-9]{15}$/.test(id15)) throw new LeadscoreError("data", `'${id15}' is not a 15-character Salesforce id.`);
  let suffix = "";
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(block * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += CASE_CHECKSUM_ALPHABET[bits];
  }
  return id15 + suffix;
}

/** Writes one CRM import file chunk by chunk; the key column is decided on the first row. */
export class CrmCsv {
  private key: HubspotKey | undefined;
  private wroteHeader = false;

  /** `idColumn`: the column of the scored data holding the CRM's record id. */
  constructor(
    readonly format: CrmFormat,
    readonly idColumn: string,
  ) {}

  /** The CSV text of one scored chunk (the header line first, on the first call). */
  chunk(table: RawTable, records: readonly ScoredRecord[]): string {
    const at = table.header.indexOf(this.idColumn);
    if (at < 0) {
      throw new LeadscoreError("data", `${table.source}: no column '${this.idColumn}' to use as the ${CRM_NAMES[this.format]} record id.`, { file: table.source, column: this.idColumn });
    }
    const ids = table.cells[at] as readonly (string | null)[];
    this.key ??= hubspotKey(this.idColumn, ids[0] ?? null);
    let text = this.wroteHeader ? "" : this.headerLine();
    for (let r = 0; r < records.length; r++) {
      const crmId = this.checkedId(ids[r] ?? null, table, r);
      text += csvLine(crmCells(crmId, records[r] as ScoredRecord));
    }
    return text;
  }

  /** The header line alone; the next chunk then starts without it. */
  headerLine(): string {
    this.wroteHeader = true;
    return csvLine(crmHeader(this.format, this.key ?? hubspotKey(this.idColumn, null)));
  }

  private checkedId(value: string | null, table: RawTable, r: number): string {
    const where = { file: table.source, line: table.lines[r] as number, column: this.idColumn };
    const id = value?.trim() ?? "";
    if (id === "") throw dataError(`the ${CRM_NAMES[this.format]} record id is empty; every row needs one to be matched on import.`, where);
    if (this.format === "salesforce") {
      if (!SALESFORCE_ID.test(id)) throw dataError(`'${id}' is not a Salesforce record id (15 or 18 letters and digits, e.g. 00Q5g00000AbCdE).`, where);
      return id.length === 15 ? salesforceId18(id) : id;
    }
    if (this.key === "Email" && !EMAIL.test(id)) throw dataError(`'${id}' is not an e-mail address, and HubSpot matches this file's contacts by Email.`, where);
    if (this.key === "Record ID" && !HUBSPOT_RECORD_ID.test(id)) {
      throw dataError(`'${id}' is neither a HubSpot Record ID (digits) nor an e-mail address; name the column holding one with --crm-id.`, where);
    }
    return id;
  }
}

const CRM_NAMES: Record<CrmFormat, string> = { hubspot: "HubSpot", salesforce: "Salesforce" };

export function crmHeader(format: CrmFormat, key: HubspotKey): string[] {
  if (format === "salesforce") return [SALESFORCE_COLUMNS.id, SALESFORCE_COLUMNS.score, SALESFORCE_COLUMNS.grade, SALESFORCE_COLUMNS.reasons];
  return [key, HUBSPOT_COLUMNS.score, HUBSPOT_COLUMNS.grade, HUBSPOT_COLUMNS.reasons];
}

/** The same cells for both CRMs: key, score, grade, reasons joined strongest first. */
export function crmCells(crmId: string, record: ScoredRecord): (string | number)[] {
  return [crmId, record.score, record.grade, record.reasons.map((r) => r.text).join(REASON_SEPARATOR)];
}
