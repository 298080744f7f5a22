import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import type { Figure } from "./figure.js";

/** A prebuilt plotly.js bundle that the HTML output can inline. */
export interface PlotlyBundle {
  /** The key of the bundle in the page's `window.ordslabPlotly` registry. */
  name: "basic" | "cartesian" | "geo" | "full";
  /** The module that `require.resolve` finds the minified file by. */
  module: string;
  /** The trace types the bundle registers, or `all`. */
  traceTypes: readonly string[] | "all";
}

/**
 * The bundles to choose from, with the trace types that plotly.js 3.7 puts in each, as
 * listed in `lib/index-basic.js`, `index-cartesian.js` and `index-geo.js` of the plotly.js
 * package. Every bundle has `scatter`. Sizes of the 3.7.0 minified files: basic 1.12 MB,
 * geo 1.26 MB, cartesian 1.42 MB, full 4.85 MB.
 */
export const PLOTLY_BUNDLES: readonly PlotlyBundle[] = [
  { name: "basic", module: "plotly.js-basic-dist-min", traceTypes: ["scatter", "bar", "pie"] },
  {
    name: "cartesian",
    module: "plotly.js/dist/plotly-cartesian.min.js",
    traceTypes: ["scatter", "bar", "box", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "contour", "scatterternary", "violin", "image", "pie"],
  },
  { name: "geo", module: "plotly.js/dist/plotly-geo.min.js", traceTypes: ["scatter", "scattergeo", "choropleth"] },
  { name: "full", module: "plotly.js/dist/plotly.min.js", traceTypes: "all" },
];

const require = createRequire(import.meta.url);
const sizes = new Map<string, number>();
const sources = new Map<string, string>();

/** Returns the trace types of a figure, in first-seen order; a trace without `type` is a `scatter`, as in plotly. */
export function figureTraceTypes(figure: Figure): string[] {
  return [...new Set(figure.data.map((trace) => (typeof trace.type === "string" ? trace.type : "scatter")))];
}

/** Lists the bundles that register every trace type of a figure, the smallest file first; the full bundle is always among them. */
export function bundlesFor(figure: Figure): PlotlyBundle[] {
  const types = figureTraceTypes(figure);
  const covering = PLOTLY_BUNDLES.filter((bundle) => bundle.traceTypes === "all" || types.every((type) => bundle.traceTypes.includes(type)));
  return covering.sort((a, b) => bundleBytes(a) - bundleBytes(b));
}

/** Returns the size in bytes of a bundle's minified file, as installed. */
export function bundleBytes(bundle: PlotlyBundle): number {
  let size = sizes.get(bundle.name);
  if (size === undefined) {
    size = statSync(require.resolve(bundle.module)).size;
    sizes.set(bundle.name, size);
  }
  return size;
}

/** Reads a bundle's minified JavaScript, once per process. */
export function bundleSource(bundle: PlotlyBundle): string {
  let source = sources.get(bundle.name);
  if (source === undefined) {
    source = readFileSync(require.resolve(bundle.module), "utf8");
    sources.set(bundle.name, source);
  }
  return source;
}
