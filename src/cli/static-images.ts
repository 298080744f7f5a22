import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Figure } from "../charts/figure.js";
import { describeFigure, figureBundle } from "../notebook/plotly.js";

const PLOTLY_JSON = "application/vnd.plotly.v1+json";
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

interface NotebookOutput {
  output_type: string;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** Returns the browser that draws the images: `$CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

/**
 * Draws every plotly figure of an executed notebook in headless Chromium and adds the
 * picture as `image/png` to the same output. Front ends that run no scripts, such as
 * GitHub's preview or an untrusted notebook, then show the image. Trusted ones still draw
 * the interactive chart from `text/html` or the plotly MIME type. Returns the number of images.
 */
export async function addStaticImages(notebookFile: string): Promise<number> {
  const executable = chromiumPath();
  if (!existsSync(executable)) {
    throw new Error(`Chromium not found at ${executable}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH, or run the report without --images`);
  }

  const notebook = JSON.parse(readFileSync(notebookFile, "utf8")) as { cells: { outputs?: NotebookOutput[] }[] };
  const outputs = notebook.cells.flatMap((cell) => cell.outputs ?? []).filter((output) => figureOf(output) !== undefined);
  if (outputs.length === 0) {
    return 0;
  }

  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: executable, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 960, height: 600 }, deviceScaleFactor: 1 });
    // Everything the page needs is inline; any other request would be a mistake.
    await page.route(/^(?!about:|data:)/, (route) => route.abort());
    for (const output of outputs) {
      const figure = figureOf(output) as Figure;
      const html = String(figureBundle(figure, { includeLibrary: true })["text/html"]);
      await page.setContent(`<!doctype html><html><body style="margin:0">${html}</body></html>`);
      const plot = page.locator(".ordslab-plot");
      await page.waitForSelector(".ordslab-plot .main-svg", { timeout: 30_000 });
      const png = await plot.screenshot({ type: "png" });
      const box = await plot.boundingBox();

      const base64 = png.toString("base64");
      output.data = { ...output.data, "image/png": base64, "text/html": withPicture(output.data?.["text/html"], base64, figure) };
      output.metadata = { ...output.metadata, "image/png": { width: Math.round(box?.width ?? 960), height: Math.round(box?.height ?? 450) } };
    }
  } finally {
    await browser.close();
  }

  writeFileSync(notebookFile, `${JSON.stringify(notebook, null, 1)}\n`);
  return outputs.length;
}

/**
 * Puts the picture inside the chart's container too. Front ends that sanitise untrusted HTML
 * (classic Notebook, GitHub) show the HTML without its scripts, so they would show an empty
 * container. The draw script removes the picture when it draws the chart.
 */
function withPicture(html: unknown, base64: string, figure: Figure): unknown {
  const text = Array.isArray(html) ? html.join("") : html;
  if (typeof text !== "string") {
    return html;
  }
  const title = describeFigure(figure).replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
  const picture = `<img class="ordslab-static" alt="${title}" style="max-width:100%" src="data:image/png;base64,${base64}">`;
  return text.replace(/(<div id="ordslab-plot-[0-9a-f]+" class="ordslab-plot"[^>]*>)(<\/div>)/, `$1${picture}$2`);
}

/** Reads the figure of an output: from the plotly MIME type, or from the draw script of the HTML fallback. */
function figureOf(output: NotebookOutput): Figure | undefined {
  const data = output.data;
  if (data === undefined) {
    return undefined;
  }
  const plotly = data[PLOTLY_JSON] as Figure | undefined;
  if (plotly !== undefined && Array.isArray(plotly.data)) {
    return plotly;
  }

  const html = Array.isArray(data["text/html"]) ? (data["text/html"] as string[]).join("") : data["text/html"];
  const match = typeof html === "string" && html.includes("ordslab-plot") ? /var figure = (\{.*\});\n/.exec(html) : null;
  if (match === null) {
    return undefined;
  }
  return JSON.parse(match[1] as string) as Figure;
}
