import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { runInNewContext } from "node:vm";
import type { Figure } from "./figure.js";

/** Trace types drawn on a `geo` subplot, which needs a topojson file for its map. */
const GEO_TRACE_TYPES = ["scattergeo", "choropleth"];

/**
 * Returns the names of the topojson files that the geo subplots of a figure need, the way
 * plotly.js names them: `<scope>_<resolution>m` with spaces in the scope as `-`, by
 * default `world_110m`. Empty when the figure has no geo trace.
 */
export function figureTopojsonNames(figure: Figure): string[] {
  const names = new Set<string>();
  for (const trace of figure.data) {
    if (!GEO_TRACE_TYPES.includes(String(trace.type))) {
      continue;
    }
    const subplot = typeof trace.geo === "string" ? trace.geo : "geo";
    const geo = (figure.layout[subplot] ?? {}) as { scope?: unknown; resolution?: unknown };
    const scope = typeof geo.scope === "string" ? geo.scope : "world";
    const resolution = geo.resolution === 50 || geo.resolution === "50" ? 50 : 110;
    names.add(`${scope.replace(/ /g, "-")}_${resolution}m`);
  }
  return [...names];
}

let topojsonFiles: Record<string, unknown> | undefined;

/**
 * Returns a topojson file of plotly.js by name (`world_110m`, `europe_50m`, ...). plotly.js
 * 3.7 ships them only inside `dist/plotly-geo-assets.js`, a UMD script that also assigns
 * `window.Plotly`, so it runs once in a `vm` context with a stand-in `window` (about 0.4 s)
 * and the files are kept for the process.
 *
 * @throws Error naming the file and those available, for an unknown name.
 */
export function readTopojson(name: string): unknown {
  if (topojsonFiles === undefined) {
    const path = createRequire(import.meta.url).resolve("plotly.js/dist/plotly-geo-assets.js");
    const context = { module: { exports: {} as { topojson?: Record<string, unknown> } }, window: {} };
    runInNewContext(readFileSync(path, "utf8"), context, { filename: path });
    topojsonFiles = context.module.exports.topojson ?? {};
  }
  const file = topojsonFiles[name];
  if (file === undefined) {
    throw new Error(`topojson ${JSON.stringify(name)} not found in plotly.js's geo assets; available: ${Object.keys(topojsonFiles).join(", ")}`);
  }
  return file;
}
