import { randomBytes } from "node:crypto";
import type { Figure } from "../charts/figure.js";
import { bundleSource, bundlesFor, PLOTLY_BUNDLES, type PlotlyBundle } from "../charts/plotly-bundles.js";
import { figureTopojsonNames, readTopojson } from "../charts/topojson.js";
import type { MimeBundle } from "./kernel.js";

/**
 * The package of the smallest plotly.js bundle, which every bar and line chart uses: the
 * basic partial bundle (bar, scatter, pie), about 1.1 MB minified. Heatmaps and maps get a
 * larger partial bundle from the `plotly.js` package; see `PLOTLY_BUNDLES`.
 */
export const PLOTLY_PACKAGE = "plotly.js-basic-dist-min";

/** Bundles and topojson files inlined in an output of this kernel session, by name. */
const shippedBundles = new Set<string>();
const shippedTopojson = new Set<string>();

/**
 * Returns a `<script>` that loads a plotly.js bundle into the page's `window.ordslabPlotly`
 * registry under the bundle's name and makes it `window.Plotly`, unless the registry
 * already contains it. The bundle is wrapped in a function whose `module`, `exports` and
 * `define` parameters are undefined, so it sets the global whether or not the page has an
 * AMD loader (classic Notebook and nbconvert's HTML load require.js) or a CommonJS shim.
 * Charts already drawn keep the bundle that drew them.
 */
export function plotlyLibraryScript(bundle: PlotlyBundle = PLOTLY_BUNDLES[0] as PlotlyBundle): string {
  const name = JSON.stringify(bundle.name);
  return `<script type="text/javascript">(function () {
var loaded = window.ordslabPlotly = window.ordslabPlotly || {};
if (loaded[${name}]) { return; }
(function (module, exports, define) {
${bundleSource(bundle)}
}).call(window);
loaded[${name}] = window.Plotly;
})();</script>`;
}

/**
 * Returns a `<script>` that stores a topojson file in `window.PlotlyGeoAssets.topojson`,
 * where plotly.js looks before fetching it from its CDN.
 */
export function topojsonScript(name: string): string {
  const json = JSON.stringify(readTopojson(name)).replace(/</g, "\\u003c");
  return `<script type="text/javascript">(function () {
var assets = window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};
assets.topojson = assets.topojson || {};
if (!assets.topojson[${JSON.stringify(name)}]) { assets.topojson[${JSON.stringify(name)}] = ${json}; }
})();</script>`;
}

export interface FigureBundleOptions {
  /**
   * Inline plotly.js (and a map's topojson) in this output: `true` always, `false` never. By
   * default an output carries the smallest bundle that draws the figure, unless an earlier
   * output of the kernel session carried a bundle that draws it, and the same for topojson.
   */
  includeLibrary?: boolean;
  height?: number;
}

/**
 * Builds the MIME bundle of a figure: `application/vnd.plotly.v1+json` for JupyterLab and
 * VS Code, an HTML fallback that draws with the inlined plotly.js (classic Notebook, HTML
 * reports, offline), and a `text/plain` summary. A figure with a map has no plotly MIME
 * type, because plotly renderers would fetch the map's topojson from a CDN: front ends
 * then draw the HTML, which carries the topojson.
 */
export function figureBundle(figure: Figure, options: FigureBundleOptions = {}): MimeBundle {
  const candidates = bundlesFor(figure);
  const library = chooseLibrary(candidates, options.includeLibrary);
  const topojson = figureTopojsonNames(figure).filter((name) => options.includeLibrary ?? !shippedTopojson.has(name));
  if (options.includeLibrary !== false) {
    topojson.forEach((name) => shippedTopojson.add(name));
  }

  const scripts = [...topojson.map(topojsonScript), library === undefined ? "" : plotlyLibraryScript(library)].join("");
  const html = `${scripts}${figureHtml(figure, candidates, options.height ?? 450)}`;
  const bundle: MimeBundle = {};
  if (figureTopojsonNames(figure).length === 0) {
    bundle["application/vnd.plotly.v1+json"] = { data: figure.data, layout: figure.layout, config: figure.config ?? {} };
  }
  bundle["text/html"] = html;
  bundle["text/plain"] = describeFigure(figure);
  return bundle;
}

/** Picks the bundle an output inlines, if any, and records it as shipped. */
function chooseLibrary(candidates: readonly PlotlyBundle[], includeLibrary: boolean | undefined): PlotlyBundle | undefined {
  if (includeLibrary === false) {
    return undefined;
  }
  if (includeLibrary !== true && candidates.some((bundle) => shippedBundles.has(bundle.name))) {
    return undefined;
  }
  const smallest = candidates[0] as PlotlyBundle;
  shippedBundles.add(smallest.name);
  return smallest;
}

function figureHtml(figure: Figure, candidates: readonly PlotlyBundle[], height: number): string {
  const id = `ordslab-plot-${randomBytes(6).toString("hex")}`;
  // `<` is escaped so no string in the figure can close the script element.
  const json = JSON.stringify({ data: figure.data, layout: figure.layout, config: { responsive: true, displaylogo: false, ...figure.config } }).replace(/</g, "\\u003c");
  const names = candidates.map((bundle) => bundle.name);
  const draw = `<script type="text/javascript">
(function () {
  var figure = ${json};
  var bundles = ${JSON.stringify(names)};
  var element = document.getElementById(${JSON.stringify(id)});
  var attempts = 0;
  function findPlotly() {
    var loaded = window.ordslabPlotly || {};
    for (var i = 0; i < bundles.length; i += 1) {
      if (loaded[bundles[i]]) { return loaded[bundles[i]]; }
    }
    return null;
  }
  function draw() {
    var plotly = findPlotly();
    var pictures = element.querySelectorAll(".ordslab-static");
    if (plotly) {
      for (var p = 0; p < pictures.length; p += 1) { pictures[p].remove(); }
      plotly.newPlot(element, figure.data, figure.layout, figure.config);
      return;
    }
    attempts += 1;
    if (attempts < 100) {
      setTimeout(draw, 100);
    } else if (pictures.length === 0) {
      element.textContent = "This chart needs plotly.js, which this page has not loaded: the kernel sent it with an earlier chart, before the page was opened or reloaded. Run resendPlotly() in a cell, then run this cell again.";
    }
  }
  draw();
})();
</script>`;
  const container = `<div id="${id}" class="ordslab-plot" style="width:100%;min-height:${height}px"></div>`;
  return `${container}${draw}`;
}

/** Summarises a figure for plain-text front ends: title and traces with their point counts. */
export function describeFigure(figure: Figure): string {
  const layoutTitle = figure.layout.title as { text?: string } | string | undefined;
  const title = typeof layoutTitle === "string" ? layoutTitle : (layoutTitle?.text ?? "untitled");
  const traces = figure.data.map((trace) => `${String(trace.type ?? "scatter")} "${String(trace.name ?? "")}" with ${countPoints(trace)} points`);
  return `Figure: ${title.replace(/<br>/g, ": ").replace(/<[^>]*>/g, "")} (${traces.join("; ")})`;
}

/** Counts a trace's points: the cells of a `z` matrix, else the length of `x`, `values` or `lat`. */
function countPoints(trace: Record<string, unknown>): number {
  if (Array.isArray(trace.z)) {
    return trace.z.reduce((sum: number, row: unknown) => sum + (Array.isArray(row) ? row.length : 1), 0);
  }
  for (const key of ["x", "values", "lat"]) {
    const values = trace[key];
    if (Array.isArray(values)) {
      return values.length;
    }
  }
  return 0;
}

/**
 * Forgets which plotly.js bundles and map files were sent, so the next figure carries them
 * again. A page opened or reloaded while the kernel kept running has none of them loaded.
 */
export function resendPlotly(): void {
  shippedBundles.clear();
  shippedTopojson.clear();
}
