import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeKernelSpec } from "../src/cli/kernel.js";
import { launchChromium } from "./helpers/browser.js";
import { startTestServer, type TestServer } from "./helpers/dev-server.js";
import { freePort, runOrdslab } from "./helpers/process.js";

const ROOT = join(import.meta.dirname, "..");
// Inside the project, so the kernel resolves `import "ordslab"` through the project's node_modules.
const WORK = join(ROOT, "test-artifacts", "classic-notebook");
const JUPYTER_TOKEN = randomBytes(16).toString("hex");

let server: TestServer;
let jupyter: ChildProcess | undefined;
let jupyterLog = "";
let browser: Browser | undefined;
let port = 0;

async function waitForJupyter(): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/status?token=${JUPYTER_TOKEN}`);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`jupyter notebook did not start on port ${port}:\n${jupyterLog}`);
}

beforeAll(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(join(WORK, "notebooks"), { recursive: true });
  cpSync(join(ROOT, "notebooks", "tutorial.ipynb"), join(WORK, "notebooks", "tutorial.ipynb"));
  writeKernelSpec(join(WORK, "jupyter"));

  server = await startTestServer();
  const ordsEnv = {
    ORDS_URL: server.ordsUrl,
    ORDS_CLIENT_ID: server.credentials.clientId,
    ORDS_CLIENT_SECRET: server.credentials.clientSecret,
  };
  // A report with images, opened later as a notebook someone shared: Jupyter does not trust it.
  // Asynchronous, so this process's dev server keeps serving the report's kernel.
  const report = await runOrdslab(["report", "--images", "tutorial.ipynb"], { cwd: WORK, env: { ...process.env, ...ordsEnv } });
  if (report.code !== 0) {
    throw new Error(`ordslab report failed: ${report.output}`);
  }
  cpSync(join(WORK, "reports", "tutorial.ipynb"), join(WORK, "notebooks", "shared.ipynb"));
  port = await freePort();
  jupyter = spawn(
    "jupyter",
    [
      "notebook", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0",
      `--NotebookApp.token=${JUPYTER_TOKEN}`, `--notebook-dir=${join(WORK, "notebooks")}`,
      ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ],
    {
      env: {
        ...process.env,
        JUPYTER_PATH: join(WORK, "jupyter"),
        JUPYTER_RUNTIME_DIR: join(WORK, "runtime"),
        // A data folder of its own gives a new trust database, in which no notebook is trusted.
        JUPYTER_DATA_DIR: join(WORK, "data"),
        ...ordsEnv,
      },
    },
  );
  jupyter.stdout?.on("data", (chunk: Buffer) => (jupyterLog += chunk.toString()));
  jupyter.stderr?.on("data", (chunk: Buffer) => (jupyterLog += chunk.toString()));
  await waitForJupyter();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  jupyter?.kill("SIGTERM");
  await server?.close();
});

describe("classic Notebook", () => {
  it("runs every tutorial cell and draws the chart", async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.route(/^(?!http:\/\/127\.0\.0\.1|ws:\/\/127\.0\.0\.1)/, (route) => route.abort());

    await page.goto(`http://127.0.0.1:${port}/notebooks/tutorial.ipynb?token=${JUPYTER_TOKEN}`);
    await page.waitForFunction(() => {
      const jupyterApp = (globalThis as unknown as { Jupyter?: { notebook?: { kernel?: { is_connected: () => boolean } } } }).Jupyter;
      return jupyterApp?.notebook?.kernel?.is_connected() === true;
    }, undefined, { timeout: 60_000 });

    await page.click("#celllink");
    await page.click("#run_all_cells");
    await page.waitForSelector(".output_area .ordslab-plot .main-svg", { timeout: 120_000 });
    const bars = await page.locator(".output_area .ordslab-plot .bars .point").count();
    const errorOutputs = await page.locator(".output_error").count();
    await page.screenshot({ path: join(ROOT, "test-artifacts", "classic-notebook.png"), fullPage: true });

    expect(errorOutputs).toBe(0);
    expect(bars).toBe(108);
    expect(await page.locator("text=Status code: 200").count()).toBe(1);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it("shows the stored image in an untrusted notebook", async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    await page.route(/^(?!http:\/\/127\.0\.0\.1|ws:\/\/127\.0\.0\.1)/, (route) => route.abort());

    await page.goto(`http://127.0.0.1:${port}/notebooks/shared.ipynb?token=${JUPYTER_TOKEN}`);
    await page.waitForSelector(".output_html .ordslab-plot img.ordslab-static", { timeout: 60_000 });
    const images = await page.locator(".output_html .ordslab-plot img.ordslab-static").count();
    const loaded = await page.locator(".ordslab-plot img.ordslab-static").evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth);
    const drawn = await page.locator(".ordslab-plot .main-svg").count();
    await page.screenshot({ path: join(ROOT, "test-artifacts", "classic-notebook-untrusted.png"), fullPage: true });

    expect(images).toBe(1);
    expect(loaded).toBeGreaterThan(100);
    expect(drawn).toBe(0);
  }, 120_000);
});
