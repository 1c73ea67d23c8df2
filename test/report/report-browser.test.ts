// Opens the bank-marketing report, and the compare and drift pages, in Debian Chromium with
// the network cut off, checks that every section is there and every chart is drawn (a
// non-empty SVG with both axes named), and saves screenshots into test-output/.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { type BrowserContext, type Page, chromium } from "playwright-core";
import { ROOT } from "../cli/run-cli.js";
import { type AuditPage, COMPARE_CHARTS, COMPARE_SECTIONS, DRIFT_CHARTS, DRIFT_SECTIONS, comparePageOfBank, driftPageOfLeads } from "./audit-pages.js";
import { type BankReport, TRAIN_CHARTS, TRAIN_SECTIONS, bankReport } from "./bank-report.js";

const CHROMIUM = "/usr/bin/chromium";
const OUTPUT = join(ROOT, "test-output");

interface ChartFacts {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly marks: number;
  readonly texts: readonly string[];
  readonly xAxis: string;
  readonly yAxis: string;
  readonly title: string;
  readonly tableRows: number;
}

/** A headless Chromium with a fresh profile in which only file: URLs load; any other request is recorded in `outsideRequests` and refused. */
async function openOffline(outsideRequests: string[]): Promise<{ profile: string; context: BrowserContext; page: Page }> {
  const profile = mkdtempSync(join(tmpdir(), "leadscore-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    offline: true,
    viewport: { width: 1280, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  await context.route("**", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    outsideRequests.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("request", (request) => {
    if (!request.url().startsWith("file:")) outsideRequests.push(request.url());
  });
  return { profile, context, page };
}

/** What the browser drew for every chart of the open page. */
async function chartFacts(page: Page): Promise<ChartFacts[]> {
  return page.$$eval("figure[data-chart]", (figures) =>
    figures.map((f) => {
      const svg = f.querySelector("svg");
      const box = svg?.getBoundingClientRect();
      return {
        id: f.getAttribute("data-chart") ?? "",
        width: box?.width ?? 0,
        height: box?.height ?? 0,
        marks: svg ? svg.querySelectorAll("path, rect, circle, polyline").length : 0,
        texts: svg ? [...svg.querySelectorAll("text")].map((t) => t.textContent ?? "") : [],
        xAxis: f.getAttribute("data-x-axis") ?? "",
        yAxis: f.getAttribute("data-y-axis") ?? "",
        title: svg?.querySelector("title")?.textContent ?? "",
        tableRows: f.querySelectorAll("details table tbody tr").length,
      };
    }),
  );
}

/** Every chart a non-empty SVG of a readable size, with a title, both axes named (x with its unit), tick labels and a data table. */
function assertChartsDrawn(charts: readonly ChartFacts[]): void {
  for (const c of charts) {
    assert.ok(c.width > 300 && c.height > 200, `${c.id} is drawn ${c.width}×${c.height}`);
    assert.ok(c.marks > 20, `${c.id} has only ${c.marks} marks`);
    assert.ok(c.texts.includes(c.xAxis), `${c.id}: x axis '${c.xAxis}' not drawn`);
    assert.ok(c.texts.includes(c.yAxis), `${c.id}: y axis '${c.yAxis}' not drawn`);
    assert.match(c.xAxis, /\(.+\)|AUC/, `${c.id}: the x axis names no unit`);
    assert.ok(c.title.length > 10, `${c.id} has no accessible title`);
    assert.ok(c.tableRows > 0, `${c.id} has no data table`);
  }
  // Axes carry tick labels: at least three numbers on every chart.
  for (const c of charts) assert.ok(c.texts.filter((t) => /^-?[\d.]+( %|×)?$/.test(t)).length >= 3, `${c.id} has no tick labels`);
}

describe("report.html in a browser, offline (bank marketing)", () => {
  let b: BankReport;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const outsideRequests: string[] = [];

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
    b = await bankReport();
    ({ profile, context, page } = await openOffline(outsideRequests));
    await page.goto(pathToFileURL(b.htmlPath).href, { waitUntil: "load" });
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("asks for nothing from the network", () => {
    assert.deepEqual(outsideRequests, []);
  });

  it("has every section, titled and listed in the contents bar", async () => {
    const sections = await page.$$eval("section[data-section]", (nodes) => nodes.map((n) => ({ id: n.id, title: n.querySelector("h2")?.textContent ?? "" })));
    const ids = sections.map((s) => s.id);
    for (const id of TRAIN_SECTIONS) assert.ok(ids.includes(id), `section ${id} missing (found ${ids.join(", ")})`);
    for (const s of sections) assert.ok(s.title.length > 0, `section ${s.id} has no title`);
    const links = await page.$$eval("nav.toc a", (nodes) => nodes.map((n) => n.getAttribute("href")));
    assert.deepEqual(links, ids.map((id) => `#${id}`));
  });

  it("draws every chart: a non-empty SVG with a title, both axes named with units, and a data table", async () => {
    const charts = await chartFacts(page);
    const ids = charts.map((c) => c.id);
    for (const id of TRAIN_CHARTS) assert.ok(ids.includes(id), `chart ${id} missing (found ${ids.join(", ")})`);
    assertChartsDrawn(charts);
  });

  it("marks the chosen threshold on the ROC, precision-recall and gains curves", async () => {
    for (const id of ["roc", "precision-recall", "gains"]) {
      const texts = await page.$$eval(`figure[data-chart="${id}"] svg text`, (nodes) => nodes.map((n) => n.textContent ?? ""));
      assert.ok(
        texts.some((t) => t.startsWith("threshold")),
        `${id} has no threshold label`,
      );
    }
  });

  it("shows the summary in business terms and opens every data table for printing", async () => {
    const callout = await page.textContent(".callout");
    assert.match(callout ?? "", /^Call the top \d+ % of rows by score to reach \d+ % of all positives/);
    await page.emulateMedia({ media: "print" });
    // (A string: the test is compiled without the DOM library.)
    await page.evaluate(`window.dispatchEvent(new Event("beforeprint"))`);
    const closed = await page.$$eval("details", (nodes) => nodes.filter((d) => !d.hasAttribute("open")).length);
    assert.equal(closed, 0);
    await page.emulateMedia({ media: "screen" });
    await page.$$eval("details", (nodes) => {
      for (const d of nodes) d.removeAttribute("open");
    });
  });

  it("saves a screenshot into test-output/", async () => {
    mkdirSync(OUTPUT, { recursive: true });
    const path = join(OUTPUT, "report-bank-marketing.png");
    await page.screenshot({ path, fullPage: true });
    assert.ok(existsSync(path));
  });
});

describe("the compare and drift pages in a browser, offline", () => {
  const pages: { name: string; sections: readonly string[]; charts: readonly string[]; build: () => Promise<AuditPage<unknown>> }[] = [
    { name: "compare", sections: COMPARE_SECTIONS, charts: COMPARE_CHARTS, build: comparePageOfBank },
    { name: "drift", sections: DRIFT_SECTIONS, charts: DRIFT_CHARTS, build: driftPageOfLeads },
  ];
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const outsideRequests: string[] = [];

  before(async () => {
    ({ profile, context, page } = await openOffline(outsideRequests));
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  for (const p of pages) {
    it(`${p.name}: every section and chart drawn, nothing asked of the network, a screenshot saved`, async () => {
      const built = await p.build();
      await page.goto(pathToFileURL(built.htmlPath).href, { waitUntil: "load" });
      const sections = await page.$$eval("section[data-section]", (nodes) => nodes.map((n) => n.id));
      assert.deepEqual(sections, [...p.sections]);
      const charts = await chartFacts(page);
      assert.deepEqual(
        charts.map((c) => c.id),
        [...p.charts],
      );
      assertChartsDrawn(charts);
      assert.deepEqual(outsideRequests, []);
      mkdirSync(OUTPUT, { recursive: true });
      const path = join(OUTPUT, `report-${p.name}.png`);
      await page.screenshot({ path, fullPage: true });
      assert.ok(existsSync(path));
    });
  }
});
