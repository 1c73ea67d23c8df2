// The dashboard in Debian Chromium against the real service (`leadscore serve`, SQLite in a
// temp folder): the key prompt, the lead list (loads, sorts by score both ways — by mouse
// and by keyboard — opens a lead's reasons), the experiment's arms, the models and the
// monitoring views; every string from the API shown as text, nothing fetched from outside.
// Saves screenshots into test-output/.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type BrowserContext, type Page, chromium } from "playwright-core";
import { FIXTURES, ROOT, runCli } from "../cli/run-cli.js";

const CHROMIUM = "/usr/bin/chromium";
const OUTPUT = join(ROOT, "test-output");
const BIN = join(ROOT, "bin", "leadscore.js");
/** A lead id that would become markup if the page parsed API strings as HTML. */
const HOSTILE_ID = `<b id="injected">bold</b><img src=x onerror="window.__pwned=1">`;

interface ApiScore {
  readonly id: string;
  readonly score: number;
  readonly reasons: readonly { readonly text: string }[];
}

interface ApiArm {
  readonly name: string;
  readonly scored: number;
}

describe("dashboard in a browser (real server, SQLite)", () => {
  let dir: string;
  let server: ChildProcess;
  let base: string;
  let adminKey: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const outsideRequests: string[] = [];
  const pageErrors: string[] = [];

  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
    dir = mkdtempSync(join(tmpdir(), "leadscore-dashboard-"));
    const leads = join(FIXTURES, "leads.csv");
    for (const [name, extra] of [["leads", []], ["leads-logit", ["--model", "logistic"]]] as const) {
      const trained = runCli(["train", leads, "--target", "converted", "--folds", "2", "--quiet", "--out", join(dir, "models", name), ...extra]);
      assert.equal(trained.status, 0, trained.stderr);
    }
    const db = join(dir, "leadscore.db");
    const created = runCli(["keys", "create", "--scope", "admin", "--db", db, "--json"]);
    assert.equal(created.status, 0, created.stderr);
    adminKey = (JSON.parse(created.stdout.trim().split("\n").pop() as string) as { key: string }).key;

    server = spawn(process.execPath, [BIN, "serve", "--port", "0", "--models", join(dir, "models"), "--db", db], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    base = await new Promise<string>((resolve, reject) => {
      let out = "";
      let err = "";
      server.stderr?.on("data", (d: Buffer) => (err += d.toString()));
      server.stdout?.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1] as string);
      });
      server.on("exit", (code) => reject(new Error(`serve exited (${code}): ${err}`)));
    });

    // Traffic: 40 fixture leads and one hostile id through a 50/50 experiment, then outcomes.
    await api("PUT", "/v1/experiments/homepage", {
      arms: [
        { name: "champion", model: "leads", weight: 0.5 },
        { name: "challenger", model: "leads-logit", weight: 0.5 },
      ],
    });
    const lines = readFileSync(leads, "utf8").trim().split("\n");
    const header = (lines[0] as string).split(",");
    const rows = lines.slice(1, 41).map((line) => Object.fromEntries(line.split(",").map((cell, c) => [header[c] as string, cell === "" ? null : cell])));
    const records = rows.map(({ converted: _converted, ...record }) => record);
    records.push({ lead_id: HOSTILE_ID, source: "ads", pages_viewed: "3", company_size: "10", signup_date: "2024-03-01" });
    await api("POST", "/v1/score", { records, explain: 3, experiment: "homepage" });
    await api("POST", "/v1/outcomes", { outcomes: rows.slice(0, 30).map((r) => ({ id: r.lead_id, converted: r.converted === "yes" })) });
    // Scores are written in batches: wait until all 41 are readable.
    for (let i = 0; i < 100 && (await api<{ total: number }>("GET", "/v1/scores?limit=1")).total < 41; i++) await new Promise((r) => setTimeout(r, 50));

    profile = mkdtempSync(join(tmpdir(), "leadscore-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    // Only the service itself may be asked for anything.
    await context.route("**", (route) => {
      const url = route.request().url();
      if (url.startsWith(`${base}/`) || url.startsWith("data:")) return route.continue();
      outsideRequests.push(url);
      return route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${base}/`, { waitUntil: "load" });
  });

  after(async () => {
    await context?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Waits until the lead table shows `n` leads (the page's CSP forbids waitForFunction's string eval). */
  async function waitForRows(n: number): Promise<void> {
    let count = -1;
    for (let i = 0; i < 200; i++) {
      count = await page.$$eval("#leads-table tbody tr[data-id]", (rows) => rows.length).catch(() => -1);
      if (count === n) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.fail(`the lead table shows ${count} leads, expected ${n}`);
  }

  async function tableIds(): Promise<string[]> {
    return page.$$eval("#leads-table tbody tr[data-id] button.lead-open", (nodes) => nodes.map((n) => n.textContent ?? ""));
  }

  async function tableScores(): Promise<number[]> {
    return page.$$eval("#leads-table tbody tr[data-id] .score-cell", (nodes) => nodes.map((n) => Number(n.textContent)));
  }

  it("asks for the admin key, refuses a wrong one, and opens with the right one", async () => {
    await page.waitForSelector("#key-form", { state: "visible" });
    assert.equal(await page.getAttribute("label[for=admin-key]", "for"), "admin-key");
    await page.fill("#admin-key", "ls_000000000000_not-a-real-secret");
    await page.press("#admin-key", "Enter");
    await page.waitForSelector("#key-error:not([hidden])");
    assert.match((await page.textContent("#key-error")) ?? "", /401/);
    await page.fill("#admin-key", adminKey);
    await page.click("#key-form button[type=submit]");
    await page.waitForSelector("#leads-table");
    // Kept for the session (this tab), not in localStorage.
    assert.equal(await page.evaluate("sessionStorage.getItem('leadscore.adminKey')"), adminKey);
    assert.equal(await page.evaluate("localStorage.length"), 0);
  });

  it("lists the leads ranked by score, the same order as the API", async () => {
    const expected = await api<{ total: number; results: ApiScore[] }>("GET", "/v1/scores?order=score-desc&limit=50");
    assert.equal(expected.total, 41);
    assert.deepEqual(await tableIds(), expected.results.map((r) => r.id));
    const scores = await tableScores();
    assert.equal(scores.length, 41);
    for (let i = 1; i < scores.length; i++) assert.ok((scores[i - 1] as number) >= (scores[i] as number), `row ${i}: ${scores[i - 1]} then ${scores[i]}`);
    assert.equal(await page.getAttribute("#leads-table th[data-key=score]", "aria-sort"), "descending");
  });

  it("sorts by score when the header is clicked, and back with the keyboard", async () => {
    await page.click("#leads-table th[data-key=score] button");
    await page.waitForSelector("#leads-table th[data-key=score][aria-sort=ascending]");
    const ascending = await tableScores();
    for (let i = 1; i < ascending.length; i++) assert.ok((ascending[i - 1] as number) <= (ascending[i] as number), `row ${i}: ${ascending[i - 1]} then ${ascending[i]}`);
    const expected = await api<{ results: ApiScore[] }>("GET", "/v1/scores?order=score-asc&limit=50");
    assert.deepEqual(await tableIds(), expected.results.map((r) => r.id));
    assert.ok((ascending[0] as number) < (ascending[ascending.length - 1] as number), "the fixture's scores are not all equal");
    await page.focus("#leads-table th[data-key=score] button");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#leads-table th[data-key=score][aria-sort=descending]");
    const descending = await tableScores();
    assert.deepEqual(descending, [...ascending].reverse());
  });

  it("opens a lead's reasons when it is clicked, the reasons the API stored", async () => {
    const expected = await api<{ results: ApiScore[] }>("GET", "/v1/scores?order=score-desc&limit=50");
    const third = expected.results[2] as ApiScore;
    await page.click(`#leads-table tbody tr[data-id] >> nth=2`);
    await page.waitForSelector("#lead-detail #lead-reasons");
    assert.equal(await page.textContent("#lead-detail-title .mono"), third.id);
    const texts = await page.$$eval("#lead-reasons tbody tr td:first-child", (nodes) => nodes.map((n) => n.textContent ?? ""));
    assert.equal(texts.length, 3);
    assert.deepEqual(texts, third.reasons.map((r) => r.text));
    // The detail row sits right under the lead, and its button says it is expanded.
    const next = await page.$eval(`#leads-table tbody tr[data-id] >> nth=2`, (tr) => tr.nextElementSibling?.className ?? "");
    assert.equal(next, "detail-row");
    assert.equal(await page.getAttribute(`#leads-table tbody tr[data-id] >> nth=2 >> button.lead-open`, "aria-expanded"), "true");
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, "dashboard-lead-reasons.png") });
    await page.click("#lead-close");
    assert.equal(await page.$("#lead-detail"), null);
  });

  it("shows ids and texts from the API as text, never as markup", async () => {
    await page.fill("#lead-search", "injected");
    await page.press("#lead-search", "Enter");
    await waitForRows(1);
    assert.deepEqual(await tableIds(), [HOSTILE_ID]);
    assert.equal(await page.$("#injected"), null);
    assert.equal(await page.$("#leads-table img"), null);
    assert.equal(await page.evaluate("window.__pwned === undefined"), true);
    const script = await (await fetch(`${base}/dashboard/dashboard.js`)).text();
    assert.doesNotMatch(script, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    await page.fill("#lead-search", "");
    await page.press("#lead-search", "Enter");
    await waitForRows(41);
  });

  it("filters by grade with the grades the scored leads have", async () => {
    const options = await page.$$eval("#lead-grade option", (nodes) => nodes.map((n) => (n as unknown as { value: string }).value));
    const expected = await api<{ total: number; results: { grade: string }[] }>("GET", "/v1/scores?grade=D&limit=50");
    assert.ok(options.includes("D"), `grade options: ${options.join(",")}`);
    assert.ok(expected.total > 0 && expected.total < 41, `the fixture has some D leads (${expected.total})`);
    await page.selectOption("#lead-grade", "D");
    await waitForRows(expected.total);
    const grades = await page.$$eval("#leads-table tbody tr[data-id] .grade", (nodes) => nodes.map((n) => n.textContent));
    assert.deepEqual(grades, new Array(expected.total).fill("D"));
    await page.selectOption("#lead-grade", "");
    await waitForRows(41);
  });

  it("shows the experiment's arms with the counts the API gives", async () => {
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, "dashboard-leads.png"), fullPage: true });
    const expected = await api<{ arms: ApiArm[] }>("GET", "/v1/experiments/homepage");
    await page.click("nav a[data-view=experiments]");
    await page.waitForSelector("article.experiment[data-name=homepage] table.arms tbody tr");
    await page.waitForSelector("article.experiment[data-name=homepage] p.test:not(:has-text('Loading'))");
    const arms = await page.$$eval("article.experiment[data-name=homepage] table.arms tbody tr", (rows) =>
      rows.map((r) => [...r.children].map((c) => c.textContent ?? "")),
    );
    assert.deepEqual(arms.map((a) => a[0]), ["champion", "challenger"]);
    assert.deepEqual(arms.map((a) => Number(a[3])), expected.arms.map((a) => a.scored));
    assert.equal(expected.arms.reduce((s, a) => s + a.scored, 0), 41);
    assert.match((await page.textContent("article.experiment[data-name=homepage] p.test")) ?? "", /^Test \(chi-square\): statistic [\d.]+ with 1 degree of freedom, p-value [\d.<\s]+:/);
    assert.equal(await page.getAttribute("nav a[data-view=experiments]", "aria-current"), "page");
    await page.screenshot({ path: join(OUTPUT, "dashboard-experiments.png"), fullPage: true });
  });

  it("shows the models leaderboard and the drift and outcome coverage of recent traffic", async () => {
    await page.click("nav a[data-view=models]");
    await page.waitForSelector("#model-versions");
    assert.deepEqual(await page.$$eval("#models-table tbody tr button.model-open", (n) => n.map((b) => b.textContent)).then((names) => [...names].sort()), ["leads", "leads-logit"]);
    assert.ok((await page.$$("#model-detail figure.chart svg rect")).length > 0, "importance bars are drawn");
    await page.click("nav a[data-view=monitoring]");
    await page.waitForSelector("#drift-table tbody tr");
    await page.waitForSelector("#outcomes-table tbody tr");
    const coverage = await page.$$eval("#outcomes-results .card .value", (n) => n.map((v) => v.textContent));
    assert.deepEqual(coverage.slice(0, 2), ["41", "30"]);
    await page.screenshot({ path: join(OUTPUT, "dashboard-monitoring.png"), fullPage: true });
  });

  it("loaded nothing from outside the service and raised no script error", () => {
    assert.deepEqual(outsideRequests, []);
    assert.deepEqual(pageErrors, []);
  });
});
