// score --format hubspot|salesforce: header names of each CRM's import template, CSV quoting
// of reasons holding commas and quotes (hand-written expected bytes), Salesforce 18-character
// ids (hand-computed case checksums), and the command line end to end.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { RawTable } from "../../src/core/frame.js";
import { readTable } from "../../src/data/read-table.js";
import { CrmCsv, hubspotKey, parseOutputFormat, salesforceId18 } from "../../src/score/crm-formats.js";
import type { ScoredRecord } from "../../src/score/score-table.js";
import { FIXTURES, isCleanUserError, runCli, tempDir } from "../cli/run-cli.js";

function table(header: string[], columns: (string | null)[][]): RawTable {
  const rows = columns[0]?.length ?? 0;
  return { source: "leads.csv", header, rows, cells: columns, lines: Int32Array.from({ length: rows }, (_, i) => i + 2) };
}

function record(id: string, score: number, grade: string, texts: string[]): ScoredRecord {
  return {
    id,
    probability: score / 100,
    score,
    grade,
    low: 0,
    high: 1,
    reasons: texts.map((text, i) => ({ column: `c${i}`, text, points: 10 - i, logOdds: 0.1 })) as unknown as ScoredRecord["reasons"],
  };
}

const QUOTED_REASON = 'source is Trade "Expo", Berlin — raises the score';
const RECORDS = [
  record("r1", 87, "A", [QUOTED_REASON, "pages_viewed is 12 (higher than 57 % of leads) — raises the score"]),
  record("r2", 12, "D", []),
  record("r3", 55, "B", ["company_size is missing — lowers the score"]),
];

describe("CRM import files (hand-checked bytes)", () => {
  it("HubSpot keyed by Email: header labels, reasons joined with '; ' and quoted per RFC 4180", () => {
    const crm = new CrmCsv("hubspot", "email");
    const text = crm.chunk(table(["lead_id", "email"], [["r1", "r2", "r3"], ["ann@example.com", "bob@example.org", " carl@example.net "]]), RECORDS);
    assert.equal(
      text,
      [
        "Email,Lead Score,Lead Grade,Lead Score Reasons",
        'ann@example.com,87,A,"source is Trade ""Expo"", Berlin — raises the score; pages_viewed is 12 (higher than 57 % of leads) — raises the score"',
        "bob@example.org,12,D,",
        "carl@example.net,55,B,company_size is missing — lowers the score",
        "",
      ].join("\n"),
    );
    // The header is written once: the next chunk starts with data.
    assert.equal(crm.chunk(table(["email"], [["dee@example.com"]]), [record("r4", 40, "C", [])]), "dee@example.com,40,C,\n");
  });

  it("HubSpot keyed by Record ID when the id column holds HubSpot's numeric ids", () => {
    const crm = new CrmCsv("hubspot", "hs_object_id");
    const text = crm.chunk(table(["hs_object_id"], [["5101", "5102", "5103"]]), RECORDS);
    assert.equal(text.split("\n")[0], "Record ID,Lead Score,Lead Grade,Lead Score Reasons");
    assert.equal(text.split("\n")[2], "5102,12,D,");
  });

  it("Salesforce Lead update: API-name header, 15-character ids widened to 18, 18-character ids kept", () => {
    const crm = new CrmCsv("salesforce", "sfid");
    const text = crm.chunk(table(["sfid"], [["00Q5g00000AbCdE", "00Q5g00000AbCdEEAV", "001A0000006Vm9r"]]), RECORDS);
    assert.equal(
      text,
      [
        "Id,Lead_Score__c,Lead_Grade__c,Lead_Score_Reasons__c",
        '00Q5g00000AbCdEEAV,87,A,"source is Trade ""Expo"", Berlin — raises the score; pages_viewed is 12 (higher than 57 % of leads) — raises the score"',
        "00Q5g00000AbCdEEAV,12,D,",
        "001A0000006Vm9rIAC,55,B,company_size is missing — lowers the score",
        "",
      ].join("\n"),
    );
  });

  it("computes the 18-character checksum from the case of each 5-character block", () => {
    // 00Q5g: Q at position 2 -> 4 -> E; 00000 -> 0 -> A; AbCdE: positions 0, 2, 4 -> 1+4+16 = 21 -> V
    assert.equal(salesforceId18("00Q5g00000AbCdE"), "00Q5g00000AbCdEEAV");
    // 001A0: A at 3 -> 8 -> I; 00000 -> A; 6Vm9r: V at 1 -> 2 -> C
    assert.equal(salesforceId18("001A0000006Vm9r"), "001A0000006Vm9rIAC");
    // all five upper-case in every block -> 31 -> '5'
    assert.equal(salesforceId18("ABCDEFGHIJKLMNO"), "ABCDEFGHIJKLMNO555");
    assert.equal(salesforceId18("abcdefghijklmno"), "abcdefghijklmnoAAA");
  });

  it("decides the HubSpot key from the column name or the first value", () => {
    assert.equal(hubspotKey("Email", null), "Email");
    assert.equal(hubspotKey("e-mail address", "x"), "Email");
    assert.equal(hubspotKey("contact", "ann@example.com"), "Email");
    assert.equal(hubspotKey("contact", "12345"), "Record ID");
    assert.equal(hubspotKey("emailed_at", "2024-01-01"), "Record ID");
  });

  it("refuses rows that cannot be matched on import, naming file, line and column", () => {
    assert.throws(() => new CrmCsv("salesforce", "sfid").chunk(table(["sfid"], [["00Q5g00000AbCdE", null, "x"]]), RECORDS), {
      message: "leads.csv:3, column 'sfid': the Salesforce record id is empty; every row needs one to be matched on import.",
    });
    assert.throws(() => new CrmCsv("salesforce", "sfid").chunk(table(["sfid"], [["00Q5g00000AbCd", "a", "b"]]), RECORDS), {
      message: "leads.csv:2, column 'sfid': '00Q5g00000AbCd' is not a Salesforce record id (15 or 18 letters and digits, e.g. 00Q5g00000AbCdE).",
    });
    assert.throws(() => new CrmCsv("hubspot", "email").chunk(table(["email"], [["a@b.co", "not-an-address", "c@d.co"]]), RECORDS), {
      message: "leads.csv:3, column 'email': 'not-an-address' is not an e-mail address, and HubSpot matches this file's contacts by Email.",
    });
    assert.throws(() => new CrmCsv("hubspot", "lead_id").chunk(table(["lead_id"], [["L1", "L2", "L3"]]), RECORDS), /'L1' is neither a HubSpot Record ID \(digits\) nor an e-mail address/);
    assert.throws(() => new CrmCsv("hubspot", "email").chunk(table(["lead_id"], [["1", "2", "3"]]), RECORDS), /leads.csv: no column 'email' to use as the HubSpot record id/);
  });

  it("parses --format", () => {
    assert.equal(parseOutputFormat("salesforce"), "salesforce");
    assert.throws(() => parseOutputFormat("marketo"), /--format must be one of csv, hubspot, salesforce; got 'marketo'/);
  });
});

describe("score --format on the command line", () => {
  const dir = tempDir();
  // The fixture leads, with one source level holding a comma and quotes (it reaches the reason text).
  const leads = readFileSync(join(FIXTURES, "leads.csv"), "utf8").replaceAll(",webinar,", ',"Trade ""Expo"", Berlin",');
  writeFileSync(join(dir, "leads.csv"), leads);
  writeFileSync(
    join(dir, "new.csv"),
    [
      "lead_id,email,sfid,source,pages_viewed,company_size,signup_date",
      'N1,ann@example.com,00Q5g00000AbCdE,"Trade ""Expo"", Berlin",12,100,2024-06-01',
      "N2,bob@example.org,00Q5g00000XyZab,podcast,3,,2024-07-01",
      "N3,carl@example.net,00Q5g00000AbCdEEAV,,0,5,",
      "",
    ].join("\n"),
  );
  const model = join(dir, "model", "model.json");
  const trained = runCli(["train", join(dir, "leads.csv"), "--target", "converted", "--out", join(dir, "model"), "--folds", "0", "--quiet"]);

  async function scoreAs(format: string, extra: string[]): Promise<{ raw: string; rows: Record<string, string | null>[] }> {
    const out = join(dir, `${format}.csv`);
    const result = runCli(["score", model, join(dir, "new.csv"), "--out", out, "--quiet", "--format", format, ...extra]);
    assert.equal(result.status, 0, result.stderr);
    const parsed = await readTable(out);
    const rows = Array.from({ length: parsed.rows }, (_, r) => Object.fromEntries(parsed.header.map((h, c) => [h, parsed.cells[c]?.[r] ?? null])));
    return { raw: readFileSync(out, "utf8"), rows };
  }

  it("writes the same scores, grades and top 3 reasons as the plain CSV, keyed on the CRM's id", async () => {
    assert.equal(trained.status, 0, trained.stderr);
    const plain = await scoreAs("csv", ["--explain", "3"]);
    const hubspot = await scoreAs("hubspot", ["--crm-id", "email"]);
    const salesforce = await scoreAs("salesforce", ["--crm-id", "sfid"]);
    assert.equal(hubspot.raw.split("\n")[0], "Email,Lead Score,Lead Grade,Lead Score Reasons");
    assert.equal(salesforce.raw.split("\n")[0], "Id,Lead_Score__c,Lead_Grade__c,Lead_Score_Reasons__c");
    assert.deepEqual(hubspot.rows.map((r) => r.Email), ["ann@example.com", "bob@example.org", "carl@example.net"]);
    assert.deepEqual(salesforce.rows.map((r) => r.Id), ["00Q5g00000AbCdEEAV", "00Q5g00000XyZabEAF", "00Q5g00000AbCdEEAV"]);
    const reasons = plain.rows.map((r) => [r.reason_1, r.reason_2, r.reason_3].filter((t) => t !== null).join("; "));
    assert.ok(reasons.every((r) => r.split("; ").length === 3), "every row has three reasons");
    assert.ok((reasons[0] as string).includes('source is Trade "Expo", Berlin'), reasons[0]);
    assert.ok(hubspot.raw.includes('Trade ""Expo"", Berlin'), "the quotes are doubled in the file");
    for (const [i, p] of plain.rows.entries()) {
      assert.equal(hubspot.rows[i]?.["Lead Score"], p.score);
      assert.equal(hubspot.rows[i]?.["Lead Grade"], p.grade);
      assert.equal(hubspot.rows[i]?.["Lead Score Reasons"], reasons[i]);
      assert.equal(salesforce.rows[i]?.Lead_Score__c, p.score);
      assert.equal(salesforce.rows[i]?.Lead_Grade__c, p.grade);
      assert.equal(salesforce.rows[i]?.Lead_Score_Reasons__c, reasons[i]);
    }
  });

  it("refuses ids the CRM cannot match, and --json with --format, with one clean sentence", () => {
    const noCrmId = runCli(["score", model, join(dir, "new.csv"), "--format", "salesforce"]);
    assert.ok(isCleanUserError(noCrmId), noCrmId.stderr);
    assert.match(noCrmId.stderr, /new.csv:2, column 'lead_id': 'N1' is not a Salesforce record id/);
    const json = runCli(["score", model, join(dir, "new.csv"), "--format", "hubspot", "--json"]);
    assert.ok(isCleanUserError(json), json.stderr);
    const noIdColumn = runCli(["score", model, join(FIXTURES, "new-leads-no-id.csv"), "--format", "hubspot"]);
    assert.ok(isCleanUserError(noIdColumn), noIdColumn.stderr);
    assert.match(noIdColumn.stderr, /no column 'lead_id' to use as the HubSpot record id/);
  });
});
