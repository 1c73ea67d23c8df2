import assert from "node:assert/strict";
import { test } from "node:test";
import { JOB_TITLE_COLUMN, parseJobTitle, titleWords } from "../../src/features/job-title.js";
import { holdsJobTitles } from "../../src/data/job-title-column.js";
import { inferSchema } from "../../src/data/infer-kinds.js";

// Real-world titles as they come out of CRMs and sign-up forms: [title, seniority, function].
const TITLES: readonly (readonly [string, string, string])[] = [
  ["CEO", "c_level", "executive"],
  ["Founder & CEO", "c_level", "executive"],
  ["Co-Founder & CTO", "c_level", "engineering"],
  ["Chief Financial Officer", "c_level", "finance"],
  ["Chief Marketing Officer", "c_level", "marketing"],
  ["Chief Revenue Officer", "c_level", "sales"],
  ["C.E.O.", "c_level", "executive"],
  ["Owner", "c_level", "executive"],
  ["President", "c_level", "executive"],
  ["Managing Director", "c_level", "executive"],
  ["Managing Partner", "c_level", "executive"],
  ["COO", "c_level", "operations"],
  ["Vice President of Sales", "vp", "sales"],
  ["V.P. Marketing", "vp", "marketing"],
  ["SVP, Engineering", "vp", "engineering"],
  ["EVP Finance", "vp", "finance"],
  ["Head of Growth", "vp", "marketing"],
  ["Head of IT", "vp", "it"],
  ["Assistant Vice President - Operations", "vp", "operations"],
  ["Director of Engineering", "director", "engineering"],
  ["Dir. of Eng.", "director", "engineering"],
  ["Sr. Director, Product Marketing", "director", "marketing"],
  ["Associate Director, Data Science", "director", "data"],
  ["Account Director", "director", "sales"],
  ["General Manager", "director", "executive"],
  ["HR Director", "director", "hr"],
  ["Marketing Manager", "manager", "marketing"],
  ["Sr. Mgr., Mktg.", "manager", "marketing"],
  ["Snr Sales Mgr", "manager", "sales"],
  ["Product Manager", "manager", "product"],
  ["Project Manager", "manager", "operations"],
  ["Customer Success Manager", "manager", "customer_success"],
  ["Team Lead - Customer Support", "manager", "customer_success"],
  ["Tech Lead", "manager", "engineering"],
  ["Office Manager", "manager", "operations"],
  ["Warehouse Supervisor", "manager", "operations"],
  ["Asst. Mgr", "manager", "other"],
  ["Software Engineer", "individual", "engineering"],
  ["Senior Software Engineer", "individual", "engineering"],
  ["Snr Software Dev", "individual", "engineering"],
  ["Account Executive", "individual", "sales"],
  ["Sales Development Representative", "individual", "sales"],
  ["SDR", "individual", "sales"],
  ["Business Development Representative", "individual", "sales"],
  ["Data Analyst", "individual", "data"],
  ["Financial Analyst", "individual", "finance"],
  ["Staff Accountant", "individual", "finance"],
  ["Recruiter", "individual", "hr"],
  ["Talent Acquisition Specialist", "individual", "hr"],
  ["UX Designer", "individual", "design"],
  ["Systems Administrator", "individual", "it"],
  ["Paralegal", "individual", "legal"],
  ["Executive Assistant to the CEO", "individual", "operations"],
  ["Lead Generation Specialist", "individual", "marketing"],
  ["Product Owner", "individual", "product"],
  ["HR Business Partner", "individual", "hr"],
  ["Registered Nurse", "individual", "healthcare"],
  ["High School Teacher", "individual", "education"],
  ["Consultant", "individual", "other"],
  ["Student", "individual", "other"],
  ["", "unknown", "unknown"],
  ["  --  ", "unknown", "unknown"],
];

test(`${TITLES.length} real-world job titles: seniority and function`, () => {
  assert.ok(TITLES.length >= 40);
  const wrong: string[] = [];
  for (const [title, seniority, fn] of TITLES) {
    const parsed = parseJobTitle(title);
    if (parsed.seniority !== seniority || parsed.function !== fn) wrong.push(`${JSON.stringify(title)}: got ${parsed.seniority}/${parsed.function}, expected ${seniority}/${fn}`);
  }
  assert.deepEqual(wrong, []);
  assert.deepEqual(parseJobTitle(null), { seniority: "unknown", function: "unknown" });
});

test("title words: dotted acronyms closed up, abbreviations spelt out, cut at 'to'", () => {
  assert.deepEqual(titleWords("V.P. Ops"), ["vp", "operations"]);
  assert.deepEqual(titleWords("Sr. Mgr., Mktg."), ["senior", "manager", "marketing"]);
  assert.deepEqual(titleWords("FP&A Analyst"), ["fpa", "analyst"]);
  assert.deepEqual(titleWords("PA to the Managing Director"), ["pa"]);
  // Inherited object keys are not abbreviations or functions.
  assert.deepEqual(parseJobTitle("constructor"), { seniority: "individual", function: "other" });
  assert.deepEqual(parseJobTitle("toString hasOwnProperty"), { seniority: "individual", function: "other" });
});

test("which columns hold job titles: the name, many wordy values", () => {
  for (const name of ["Job Title", "title", "Position", "Role", "contact_job"]) assert.ok(JOB_TITLE_COLUMN.test(name), name);
  for (const name of ["notes", "Lead Source", "Payroll amount"]) assert.ok(!JOB_TITLE_COLUMN.test(name), name);
  const many = TITLES.map(([t]) => t).filter((t) => t.trim() !== "");
  assert.ok(holdsJobTitles("Job Title", many));
  assert.ok(!holdsJobTitles("Lead Source", many));
  // Bank marketing's `job`: a dozen categories stay categorical.
  const bankJobs = ["admin.", "blue-collar", "entrepreneur", "housemaid", "management", "retired", "self-employed", "services", "student", "technician", "unemployed", "unknown"];
  assert.ok(!holdsJobTitles("job", bankJobs));
  const rows = many.length;
  const schema = inferSchema({
    source: "fixture",
    header: ["Job Title", "job", "notes"],
    rows,
    cells: [many, Array.from({ length: rows }, (_, i) => bankJobs[i % bankJobs.length] as string), Array.from({ length: rows }, (_, i) => `short ${i % 3}`)],
    lines: Int32Array.from({ length: rows }, (_, i) => i + 2),
  });
  assert.deepEqual(
    schema.map((c) => c.kind),
    ["text", "categorical", "categorical"],
  );
  // An explicit --kind still wins.
  const forced = inferSchema({ source: "fixture", header: ["Job Title"], rows, cells: [many], lines: Int32Array.from({ length: rows }, (_, i) => i + 2) }, { overrides: { "Job Title": "categorical" } });
  assert.equal(forced[0]?.kind, "categorical");
});
