import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { parse as parseDotenv } from "dotenv";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./helpers/browser.js";
import { runOrdslab, type CommandResult } from "./helpers/process.js";

const ROOT = join(import.meta.dirname, "..");
// Inside the project, so the kernel resolves `import "ordslab"` through the project's node_modules.
const WORK = join(ROOT, "test-artifacts", "tutorial-report");
const REPORTS = join(WORK, "reports");

let run: CommandResult;
let browser: Browser | undefined;

function readNotebook(name = "tutorial"): { cells: { cell_type: string; outputs?: Record<string, unknown>[] }[] } {
  return JSON.parse(readFileSync(join(REPORTS, `${name}.ipynb`), "utf8"));
}

function outputsOfType(type: string, name = "tutorial"): unknown[] {
  return readNotebook(name).cells.flatMap((cell) =>
    (cell.outputs ?? []).flatMap((output) => {
      const data = output.data as Record<string, unknown> | undefined;
      return data?.[type] === undefined ? [] : [data[type]];
    }),
  );
}

beforeAll(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(join(WORK, "notebooks"), { recursive: true });
  cpSync(join(ROOT, "notebooks", "tutorial.ipynb"), join(WORK, "notebooks", "tutorial.ipynb"));
  cpSync(join(ROOT, "notebooks", "explore.ipynb"), join(WORK, "notebooks", "explore.ipynb"));
  run = await runOrdslab(["report", "--images"], { cwd: WORK });
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

async function openOffline(file: string): Promise<{ page: import("playwright-core").Page; errors: string[] }> {
  browser ??= await launchChromium();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    // Requests this test blocks (the HTML template's CDN scripts) log load failures; they are not chart errors.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      errors.push(message.text());
    }
  });
  await page.route(/^(?!file:)/, (route) => route.abort());
  await page.goto(`file://${file}`);
  return { page, errors };
}

describe("npm run report on the tutorial", () => {
  it("exits 0 and writes the notebook and HTML", () => {
    expect(run.output).toContain("tutorial.ipynb: ok");
    expect(run.code).toBe(0);
    expect(existsSync(join(REPORTS, "tutorial.ipynb"))).toBe(true);
    expect(existsSync(join(REPORTS, "tutorial.html"))).toBe(true);
  });

  it("shows the 401, the 200 with elapsed time, emoji and the shape", () => {
    const html = readFileSync(join(REPORTS, "tutorial.html"), "utf8");

    expect(html).toContain("HTTP 401 Unauthorized");
    expect(html).toContain("&#34;code&#34;: &#34;Unauthorized&#34;");
    expect(html).toContain("Status code: 200");
    expect(html).toMatch(/Elapsed: \d+\.\d{3} s/);
    expect(html).toMatch(/\p{Extended_Pictographic}/u);
    expect(html).not.toMatch(/\\ud83[cde]/i);
    expect(html).toContain("Shape: 2438 rows × 32 columns");
  });

  it("charts check-ins per month adding up to the distinct check-ins", () => {
    const db = new Database(join(WORK, "var", "ordslab.sqlite"), { readonly: true });
    const distinct = (db.prepare("SELECT count(DISTINCT checkin_id) AS count FROM checkins").get() as { count: number }).count;
    db.close();

    const [figure] = outputsOfType("application/vnd.plotly.v1+json") as { data: { type: string; y: number[] }[] }[];
    const bars = figure?.data[0];

    expect(distinct).toBe(2438);
    expect(bars?.type).toBe("bar");
    expect(bars?.y.reduce((sum, count) => sum + count, 0)).toBe(distinct);
  });

  it("leaks no client secret or access token", () => {
    const secret = parseDotenv(readFileSync(join(WORK, ".env"), "utf8")).ORDS_CLIENT_SECRET ?? "";
    const cacheDirectory = process.env.ORDSLAB_TOKEN_CACHE ?? "";
    const tokens = readdirSync(cacheDirectory).map(
      (name) => (JSON.parse(readFileSync(join(cacheDirectory, name), "utf8")) as { accessToken: string }).accessToken,
    );
    const files = [...readdirSync(REPORTS).map((name) => join(REPORTS, name)), join(WORK, "var", "server.log")];

    expect(secret.length).toBeGreaterThan(10);
    expect(tokens.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(text.includes(secret), `${file} contains the client secret`).toBe(false);
      for (const token of tokens) {
        expect(text.includes(token), `${file} contains an access token`).toBe(false);
      }
    }
    expect(run.output.includes(secret)).toBe(false);
  });

  it("numbers the executed cells in order", () => {
    const counts = readNotebook().cells.filter((cell) => cell.cell_type === "code").map((cell) => (cell as { execution_count?: number }).execution_count);
    expect(counts).toEqual(counts.map((_, index) => index + 1));
  });

  it("keeps the HTML report under 2 MB", () => {
    const size = readFileSync(join(REPORTS, "tutorial.html")).byteLength;
    expect(size).toBeLessThan(2 * 1024 * 1024);
  });

  it("renders the chart offline in Chromium", async () => {
    const { page, errors } = await openOffline(join(REPORTS, "tutorial.html"));
    await page.waitForSelector(".ordslab-plot .main-svg", { timeout: 30_000 });
    const bars = await page.locator(".ordslab-plot .bars .point").count();
    await page.screenshot({ path: join(ROOT, "test-artifacts", "tutorial-report.png"), fullPage: true });

    expect(errors).toEqual([]);
    expect(bars).toBe(108);
  });

  it("stores a PNG of the chart in the same output", () => {
    const [png] = outputsOfType("image/png") as string[];
    const bytes = Buffer.from(png ?? "", "base64");
    expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(bytes.byteLength).toBeGreaterThan(5_000);
  });
});

describe("npm run report on the exploration notebook", () => {
  it("runs every cell without an error", () => {
    expect(run.output).toContain("explore.ipynb: ok");
    const errors = readNotebook("explore").cells.flatMap((cell) => (cell.outputs ?? []).filter((output) => output.output_type === "error"));
    expect(errors).toEqual([]);
  });

  it("stores a PNG for each of its seven charts", () => {
    const images = outputsOfType("image/png", "explore") as string[];
    expect(images).toHaveLength(7);
    for (const image of images) {
      expect(Buffer.from(image, "base64").subarray(1, 4).toString("latin1")).toBe("PNG");
    }
  });

  it("shows the q filter and the SQL result", () => {
    const html = readFileSync(join(REPORTS, "explore.html"), "utf8");
    expect(html).toMatch(/\d+ check-ins of 10% ABV or more since 2023/);
    expect(html).toContain("serving_type: string, checkins: number, mean_rating: number");
  });

  it("renders every chart offline in Chromium", async () => {
    const { page, errors } = await openOffline(join(REPORTS, "explore.html"));
    await page.waitForFunction(() => {
      const plots = (globalThis as unknown as { document: { querySelectorAll: (selector: string) => { length: number } } }).document;
      return plots.querySelectorAll(".ordslab-plot .main-svg").length >= 7;
    }, undefined, { timeout: 60_000 });
    const plots = await page.locator(".ordslab-plot").count();
    const drawn = await page.locator(".ordslab-plot .main-svg").count();
    await page.screenshot({ path: join(ROOT, "test-artifacts", "explore-report.png"), fullPage: true });

    expect(errors).toEqual([]);
    expect(plots).toBe(7);
    expect(drawn).toBeGreaterThanOrEqual(7);
  });
});
