/**
 * Benchmark: the size of each report, and what it would be with the full plotly.js inlined
 * instead of the partial bundles. Run `npm run report -- --images` first, then
 * `node --import tsx bench/report-size.ts`. Reads reports/*.html and reports/*.ipynb.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { PLOTLY_BUNDLES, bundleSource } from "../src/charts/plotly-bundles.js";

const REPORTS = join(import.meta.dirname, "..", "reports");
// The full bundle as published in plotly.js-dist: the unminified dist/plotly.js of plotly.js.
const fullDist = statSync(createRequire(import.meta.url).resolve("plotly.js/dist/plotly.js")).size;

/** Returns the text of every HTML output of a notebook, joined, as a front end would read it. */
function notebookHtml(file: string): string {
  const notebook = JSON.parse(readFileSync(file, "utf8")) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
  return notebook.cells
    .flatMap((cell) => cell.outputs ?? [])
    .map((output) => output.data?.["text/html"])
    .map((html) => joinHtml(html))
    .join("");
}

/** Joins an output's HTML, which an .ipynb stores as a string or a list of lines. */
function joinHtml(html: unknown): string {
  if (Array.isArray(html)) {
    return html.join("");
  }
  return typeof html === "string" ? html : "";
}

process.stdout.write(`| report | bytes | plotly bundles inlined | bytes with the full plotly.js-dist (${(fullDist / 1e6).toFixed(1)} MB) instead | ratio |\n|---|---|---|---|---|\n`);
for (const name of readdirSync(REPORTS).filter((file) => /\.(html|ipynb)$/.test(file)).sort()) {
  const file = join(REPORTS, name);
  const size = statSync(file).size;
  const text = name.endsWith(".ipynb") ? notebookHtml(file) : readFileSync(file, "utf8");
  const inlined = PLOTLY_BUNDLES.filter((bundle) => text.includes(bundleSource(bundle).slice(-2000)));
  // JSON escaping makes a bundle a little larger inside an .ipynb; the estimate uses the file's own bytes.
  const inlinedBytes = inlined.reduce((sum, bundle) => sum + Buffer.byteLength(name.endsWith(".ipynb") ? JSON.stringify(bundleSource(bundle)) : bundleSource(bundle)), 0);
  const withFull = size - inlinedBytes + (inlined.length > 0 ? fullDist : 0);
  process.stdout.write(`| ${name} | ${size.toLocaleString("en-US")} | ${inlined.map((bundle) => bundle.name).join(", ") || "none"} | ${withFull.toLocaleString("en-US")} | ${(size / withFull).toFixed(2)} |\n`);
}
