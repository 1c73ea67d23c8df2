/**
 * Job titles normalised to a seniority and a function by rules over their words, so that
 * "Sr. Mgr., Mktg.", "Marketing Manager" and a title never seen in training all say the
 * same thing to the model.
 *
 * Words: NFKC, lower case, dotted acronyms closed up ("V.P." → "vp"), "R&D" → "rd", split on
 * anything that is not a letter or digit, abbreviations spelt out ("Sr"/"Snr" → senior,
 * "Mgr" → manager, "Dir" → director, "Mktg" → marketing …). Whatever follows "to" is cut off:
 * "Assistant to the CEO" is an assistant.
 *
 * Seniority, the first rule that fits:
 * - c_level: a C-suite abbreviation (CEO, CFO, CTO …), "chief" (but "chief of staff" is a
 *   director), founder, owner (not "product owner"), president (not "vice president"),
 *   chairman, proprietor, entrepreneur, "managing director", a partner of a firm ("Partner",
 *   "Managing Partner"; not "Partner Manager" or "Business Partner");
 * - vp: VP/SVP/EVP/AVP, "vice president", "head" ("Head of Sales");
 * - director: director, "general manager", "chief of staff";
 * - manager: manager, supervisor, lead (not "lead generation"), leader, foreman;
 * - individual: any other title; unknown: no title.
 * "Senior", "junior", "assistant", "associate" do not move a title between levels: a senior
 * engineer is an individual contributor, an assistant director a director.
 *
 * Function: reading the words left to right, the first word (or pair of words, tried first)
 * that names one wins, so "VP Sales & Marketing" is sales, "Director, Product Marketing"
 * marketing and "Co-Founder & CTO" engineering. A C-level title naming no function
 * ("Founder & CEO") is executive; anything else unnamed is other.
 */

export const SENIORITY_LEVELS = ["c_level", "vp", "director", "manager", "individual", "unknown"] as const;
export type Seniority = (typeof SENIORITY_LEVELS)[number];

export const JOB_FUNCTIONS = [
  "executive", "sales", "marketing", "customer_success", "engineering", "it", "data", "product", "design", "finance",
  "operations", "hr", "legal", "education", "healthcare", "other", "unknown",
] as const;
export type JobFunction = (typeof JOB_FUNCTIONS)[number];

export interface JobTitle {
  readonly seniority: Seniority;
  readonly function: JobFunction;
}

export { JOB_TITLE_COLUMN } from "../data/job-title-column.js";

const ABBREVIATIONS: ReadonlyMap<string, string> = wordMap({
  sr: "senior", snr: "senior", sen: "senior", jr: "junior", jnr: "junior",
  mgr: "manager", mngr: "manager", mgmt: "management", dir: "director", supv: "supervisor", supvr: "supervisor",
  asst: "assistant", assoc: "associate", exec: "executive", pres: "president", chrmn: "chairman",
  eng: "engineer", engr: "engineer", dev: "developer", sw: "software", sys: "systems",
  mktg: "marketing", mkt: "marketing", acct: "account", ops: "operations", svc: "services", svcs: "services",
  coord: "coordinator", spec: "specialist", rep: "representative", admin: "administrator", gen: "generation",
  gm: "general manager", cofounder: "founder",
});

const C_SUITE = new Set(["ceo", "cfo", "cto", "coo", "cmo", "cio", "cro", "cso", "cpo", "cdo", "cco", "chro", "ciso", "clo", "cao", "cxo"]);
const OWNER_NOT_C_LEVEL = new Set(["product", "process", "content", "service", "data", "system", "systems"]);
const PARTNER_OF_FIRM = new Set(["managing", "senior", "founding", "equity", "general", "name", "co"]);
const LEAD_NOT_SENIORITY = new Set(["generation", "qualification", "nurturing", "nurture", "management", "source", "sources"]);

/** Pairs of words naming a function; tried before single words at each position. */
const FUNCTION_PAIRS: ReadonlyMap<string, JobFunction> = wordMap({
  "product marketing": "marketing", "business development": "sales", "account executive": "sales", "account manager": "sales",
  "revenue operations": "sales", "customer success": "customer_success", "customer service": "customer_success",
  "customer services": "customer_success", "customer support": "customer_success", "client services": "customer_success",
  "information technology": "it", "technical support": "it", "tech support": "it", "help desk": "it",
  "human resources": "hr", "people operations": "hr", "talent acquisition": "hr",
  "data science": "data", "data scientist": "data", "machine learning": "data", "business intelligence": "data",
  "supply chain": "operations", "office manager": "operations", "project manager": "operations", "program manager": "operations",
  "executive assistant": "operations", "general counsel": "legal", "public relations": "marketing", "social media": "marketing",
  "lead generation": "marketing", "demand generation": "marketing", "quality assurance": "engineering",
  "user experience": "design", "investor relations": "finance", "chief executive": "executive",
  "managing director": "executive", "general manager": "executive", "product owner": "product",
});

const FUNCTION_WORDS: ReadonlyMap<string, JobFunction> = wordMap({
  sales: "sales", account: "sales", accounts: "finance", seller: "sales", selling: "sales", revenue: "sales", cro: "sales", bdr: "sales", sdr: "sales",
  commercial: "sales", retail: "sales", store: "sales", channel: "sales", partnerships: "sales", presales: "sales",
  marketing: "marketing", cmo: "marketing", brand: "marketing", growth: "marketing", seo: "marketing", sem: "marketing",
  content: "marketing", communications: "marketing", comms: "marketing", advertising: "marketing", campaign: "marketing",
  campaigns: "marketing", copywriter: "marketing", pr: "marketing", events: "marketing",
  support: "customer_success", success: "customer_success",
  engineering: "engineering", engineer: "engineering", software: "engineering", developer: "engineering",
  programmer: "engineering", devops: "engineering", sre: "engineering", architect: "engineering", cto: "engineering",
  qa: "engineering", technology: "engineering", technical: "engineering", tech: "engineering", rd: "engineering",
  frontend: "engineering", backend: "engineering", fullstack: "engineering", scrum: "engineering",
  it: "it", cio: "it", ciso: "it", information: "it", systems: "it", network: "it", infrastructure: "it",
  security: "it", cybersecurity: "it", helpdesk: "it", technician: "it", sysadmin: "it",
  data: "data", analytics: "data", analyst: "data", scientist: "data", bi: "data", cdo: "data", statistician: "data",
  product: "product", cpo: "product",
  design: "design", designer: "design", ux: "design", ui: "design", creative: "design", art: "design",
  finance: "finance", financial: "finance", cfo: "finance", accountant: "finance", accounting: "finance",
  controller: "finance", comptroller: "finance", treasurer: "finance", treasury: "finance", audit: "finance",
  auditor: "finance", tax: "finance", bookkeeper: "finance", fpa: "finance", fp: "finance", credit: "finance",
  investment: "finance", banker: "finance",
  operations: "operations", operating: "operations", coo: "operations", logistics: "operations",
  procurement: "operations", purchasing: "operations", facilities: "operations", office: "operations",
  administrator: "operations", administrative: "operations", receptionist: "operations", warehouse: "operations",
  fulfillment: "operations", fulfilment: "operations", project: "operations", program: "operations", secretary: "operations",
  hr: "hr", chro: "hr", people: "hr", talent: "hr", recruiter: "hr", recruiting: "hr", recruitment: "hr", payroll: "hr",
  legal: "legal", counsel: "legal", attorney: "legal", lawyer: "legal", paralegal: "legal", compliance: "legal", clo: "legal",
  teacher: "education", professor: "education", lecturer: "education", tutor: "education", instructor: "education",
  educator: "education", dean: "education", education: "education", academic: "education",
  nurse: "healthcare", physician: "healthcare", doctor: "healthcare", medical: "healthcare", clinical: "healthcare",
  pharmacist: "healthcare", therapist: "healthcare", healthcare: "healthcare",
});

/** A Map, not an object, so that a title word such as "constructor" finds nothing inherited. */
function wordMap<V>(entries: Readonly<Record<string, V>>): ReadonlyMap<string, V> {
  return new Map(Object.entries(entries));
}

const DOTTED_ACRONYM = /(?<![\p{L}\p{N}])\p{L}(?:\.\p{L})+\.?(?![\p{L}\p{N}])/gu;
const AMPERSAND_ACRONYM = /(?<![\p{L}\p{N}])(\p{L}{1,2})&(\p{L}{1,2})(?![\p{L}\p{N}])/gu;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** The words of a title after the normalisations in the file comment. */
export function titleWords(title: string): string[] {
  const text = title
    .normalize("NFKC")
    .toLowerCase()
    .replace(DOTTED_ACRONYM, (m) => m.replace(/\./g, ""))
    .replace(AMPERSAND_ACRONYM, "$1$2");
  const words: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const expanded = ABBREVIATIONS.get(match[0]) ?? match[0];
    for (const word of expanded.split(" ")) words.push(word);
  }
  const to = words.indexOf("to");
  return to > 0 ? words.slice(0, to) : words;
}

export function parseJobTitle(title: string | null): JobTitle {
  const words = title === null ? [] : titleWords(title);
  if (words.length === 0) return { seniority: "unknown", function: "unknown" };
  const seniority = seniorityOf(words);
  const named = functionOf(words);
  return { seniority, function: named ?? (seniority === "c_level" ? "executive" : "other") };
}

function seniorityOf(words: readonly string[]): Seniority {
  const has = (word: string): boolean => words.includes(word);
  const pair = (a: string, b: string): boolean => words.some((w, i) => w === a && words[i + 1] === b);
  const chiefOfStaff = pair("chief", "of") && words.includes("staff");
  const last = words.length - 1;
  const cLevel =
    words.some((w) => C_SUITE.has(w)) ||
    (has("chief") && !chiefOfStaff) ||
    has("founder") ||
    words.some((w, i) => w === "owner" && !OWNER_NOT_C_LEVEL.has(words[i - 1] ?? "")) ||
    words.some((w, i) => w === "president" && words[i - 1] !== "vice") ||
    has("chairman") ||
    has("chairwoman") ||
    has("chairperson") ||
    has("proprietor") ||
    has("entrepreneur") ||
    pair("managing", "director") ||
    (words[last] === "partner" && (last === 0 || PARTNER_OF_FIRM.has(words[last - 1] as string)));
  if (cLevel) return "c_level";
  if (has("vp") || has("svp") || has("evp") || has("avp") || pair("vice", "president") || has("head")) return "vp";
  if (has("director") || pair("general", "manager") || chiefOfStaff) return "director";
  const leads = words.some((w, i) => w === "lead" && !LEAD_NOT_SENIORITY.has(words[i + 1] ?? ""));
  if (has("manager") || has("supervisor") || leads || has("leader") || has("foreman")) return "manager";
  return "individual";
}

function functionOf(words: readonly string[]): JobFunction | undefined {
  for (let i = 0; i < words.length; i++) {
    const pair = i + 1 < words.length ? FUNCTION_PAIRS.get(`${words[i] as string} ${words[i + 1] as string}`) : undefined;
    if (pair !== undefined) return pair;
    const single = FUNCTION_WORDS.get(words[i] as string);
    if (single !== undefined) return single;
  }
  return undefined;
}
