import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import type { Figure } from "../charts/figure.js";
import type { MimeBundle } from "./kernel.js";

/**
 * The plotly.js bundle inlined into notebooks: the basic partial bundle (bar, scatter, pie),
 * about 1.1 MB minified, instead of the full 4.6 MB `plotly.js-dist-min`, so shared reports stay small.
 */
export const PLOTLY_PACKAGE = "plotly.js-basic-dist-min";

let plotlySource: string | undefined;
let libraryShipped = false;

function readPlotlySource(): string {
  if (plotlySource === undefined) {
    const require = createRequire(import.meta.url);
    plotlySource = readFileSync(require.resolve(PLOTLY_PACKAGE), "utf8");
  }
  return plotlySource;
}

/**
 * Returns a `<script>` that defines `window.Plotly` from the inlined bundle. The bundle is
 * wrapped in a function whose `module`, `exports` and `define` parameters are undefined, so
 * it sets the global whether or not the page has an AMD loader (classic Notebook and
 * nbconvert's HTML load require.js) or a CommonJS shim.
 */
export function plotlyLibraryScript(): string {
  return `<script type="text/javascript">if (!window.Plotly) { (function (module, exports, define) {\n${readPlotlySource()}\n}).call(window); }</script>`;
}

export interface FigureBundleOptions {
  /** Inline plotly.js in this output. By default only the first figure of a kernel session carries it. */
  includeLibrary?: boolean;
  height?: number;
}

/**
 * Builds the MIME bundle of a figure: `application/vnd.plotly.v1+json` for JupyterLab and
 * VS Code, an HTML fallback that draws with the inlined plotly.js (classic Notebook, HTML
 * reports, offline), and a `text/plain` summary.
 */
export function figureBundle(figure: Figure, options: FigureBundleOptions = {}): MimeBundle {
  const includeLibrary = options.includeLibrary ?? !libraryShipped;
  if (includeLibrary) {
    libraryShipped = true;
  }
  return {
    "application/vnd.plotly.v1+json": { data: figure.data, layout: figure.layout, config: figure.config ?? {} },
    "text/html": figureHtml(figure, includeLibrary, options.height ?? 450),
    "text/plain": describeFigure(figure),
  };
}

function figureHtml(figure: Figure, includeLibrary: boolean, height: number): string {
  const id = `ordslab-plot-${randomBytes(6).toString("hex")}`;
  // `<` is escaped so no string in the figure can close the script element.
  const json = JSON.stringify({ data: figure.data, layout: figure.layout, config: { responsive: true, displaylogo: false, ...figure.config } }).replace(/</g, "\\u003c");
  const draw = `<script type="text/javascript">
(function () {
  var figure = ${json};
  var element = document.getElementById(${JSON.stringify(id)});
  var attempts = 0;
  function draw() {
    if (window.Plotly) {
      window.Plotly.newPlot(element, figure.data, figure.layout, figure.config);
      return;
    }
    attempts += 1;
    if (attempts < 100) {
      setTimeout(draw, 100);
    } else {
      element.textContent = "This chart needs plotly.js, which the first chart of the notebook loads: run that cell again.";
    }
  }
  draw();
})();
</script>`;
  const container = `<div id="${id}" class="ordslab-plot" style="width:100%;min-height:${height}px"></div>`;
  return `${includeLibrary ? plotlyLibraryScript() : ""}${container}${draw}`;
}

/** Summarises a figure for plain-text front ends: title and traces with their point counts. */
export function describeFigure(figure: Figure): string {
  const layoutTitle = figure.layout.title as { text?: string } | string | undefined;
  const title = typeof layoutTitle === "string" ? layoutTitle : (layoutTitle?.text ?? "untitled");
  const traces = figure.data.map((trace) => {
    const points = Array.isArray(trace.x) ? trace.x.length : Array.isArray(trace.values) ? trace.values.length : 0;
    return `${String(trace.type ?? "scatter")} "${String(trace.name ?? "")}" with ${points} points`;
  });
  return `Figure: ${title} (${traces.join("; ")})`;
}

/** Forgets that plotly.js was sent, so the next figure carries it again (after the page reloads, say). */
export function resetPlotlyLibrary(): void {
  libraryShipped = false;
}
