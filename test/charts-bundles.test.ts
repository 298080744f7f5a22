import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { beforeEach, describe, expect, it } from "vitest";
import { checkinsOverTime } from "../src/charts/checkins-over-time.js";
import type { Figure } from "../src/charts/figure.js";
import { bundlesFor, PLOTLY_BUNDLES, type PlotlyBundle } from "../src/charts/plotly-bundles.js";
import { figureTopojsonNames } from "../src/charts/topojson.js";
import { venueMap } from "../src/charts/venue-map.js";
import { weekdayHourHeatmap } from "../src/charts/weekday-hour-heatmap.js";
import { toDataFrame } from "../src/frame/to-frame.js";
import { describeFigure, figureBundle, resendPlotly } from "../src/notebook/plotly.js";

const require = createRequire(import.meta.url);

function bundle(name: PlotlyBundle["name"]): PlotlyBundle {
  return PLOTLY_BUNDLES.find((candidate) => candidate.name === name) as PlotlyBundle;
}

function source(name: PlotlyBundle["name"]): string {
  return readFileSync(require.resolve(bundle(name).module), "utf8");
}

/** Returns the first line of a minified bundle's banner, such as `* plotly.js (cartesian - minified) v3.7.0`. */
function banner(name: PlotlyBundle["name"]): string {
  return source(name).split("\n")[1] as string;
}

function html(figure: Figure, options = {}): string {
  return String(figureBundle(figure, options)["text/html"]);
}

const rows = [
  { created_at: "2024-03-04T18:30:00Z", venue_name: "Taproom", venue_city: "Portland", venue_lat: 45.5, venue_lng: -122.6 },
  { created_at: "2024-03-05T21:10:00Z", venue_name: "Taproom", venue_city: "Portland", venue_lat: 45.5, venue_lng: -122.6 },
  { created_at: "2024-04-01T12:00:00Z", venue_name: "Bar", venue_city: "Oslo", venue_lat: 59.9, venue_lng: 10.7 },
];
const frame = toDataFrame(rows);
const bars = checkinsOverTime(frame);
const heatmap = weekdayHourHeatmap(frame);
const map = venueMap(frame);

beforeEach(() => {
  resendPlotly();
});

describe("bundle choice", () => {
  it("orders candidates by file size", () => {
    expect(bundlesFor(bars).map((candidate) => candidate.name)).toEqual(["basic", "cartesian", "full"]);
    expect(bundlesFor(heatmap).map((candidate) => candidate.name)).toEqual(["cartesian", "full"]);
    expect(bundlesFor(map).map((candidate) => candidate.name)).toEqual(["geo", "full"]);
  });

  it("takes the full bundle for mixed traces", () => {
    const mixed: Figure = { data: [{ type: "bar" }, { type: "scattergeo" }], layout: {} };

    expect(bundlesFor(mixed).map((candidate) => candidate.name)).toEqual(["full"]);
  });

  it("lists trace types each bundle has", () => {
    expect(source("cartesian")).toContain('name:"heatmap"');
    expect(source("basic")).not.toContain('name:"heatmap"');
    expect(source("geo")).toContain('name:"scattergeo"');
  });
});

describe("figureBundle library", () => {
  it("inlines the basic bundle for bars", () => {
    const output = html(bars);

    expect(output).toContain(banner("basic"));
    expect(output).not.toContain(banner("cartesian"));
    expect(output.length).toBeLessThan(2_000_000);
  });

  it("inlines a heatmap bundle for heatmaps", () => {
    const output = html(heatmap);

    expect(output).toContain(banner("cartesian"));
    expect(output).toContain('name:"heatmap"');
    expect(output).not.toContain(banner("basic"));
  });

  it("inlines each bundle once per session", () => {
    expect(html(bars)).toContain(banner("basic"));
    expect(html(bars)).not.toContain("ordslabPlotly = window.ordslabPlotly");
    expect(html(heatmap)).toContain(banner("cartesian"));
    // The cartesian bundle draws bars too, and the page already has it.
    expect(html(bars)).not.toContain("ordslabPlotly = window.ordslabPlotly");
    expect(html(heatmap)).not.toContain("ordslabPlotly = window.ordslabPlotly");
    expect(html(map)).toContain(banner("geo"));
    expect(html(map)).not.toContain("ordslabPlotly = window.ordslabPlotly");
  });

  it("keeps the AMD-safe wrapper", () => {
    const output = html(bars);

    expect(output).toContain("(function (module, exports, define) {");
    expect(output).toContain("}).call(window);");
    expect(output).toContain('loaded["basic"] = window.Plotly;');
  });

  it("obeys includeLibrary", () => {
    expect(html(bars, { includeLibrary: false })).not.toContain(banner("basic"));
    expect(html(bars)).toContain(banner("basic"));
    expect(html(bars, { includeLibrary: true })).toContain(banner("basic"));
    expect(html(map, { includeLibrary: false })).not.toContain("PlotlyGeoAssets");
  });

  it("lets the draw script pick a covering bundle", () => {
    expect(html(heatmap)).toContain('var bundles = ["cartesian","full"];');
  });
});

describe("figureBundle maps", () => {
  it("inlines the world topojson once", () => {
    const first = html(map);
    const second = html(map);

    expect(figureTopojsonNames(map)).toEqual(["world_110m"]);
    expect(first).toContain('assets.topojson["world_110m"] = {"type":"Topology"');
    expect(second).not.toContain("PlotlyGeoAssets");
  });

  it("leaves out the plotly MIME type", () => {
    const output = figureBundle(map);

    expect(Object.keys(output)).toEqual(["text/html", "text/plain"]);
    expect(Object.keys(figureBundle(bars))).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
  });

  it("stays under 2 MB", () => {
    expect(html(map).length).toBeLessThan(2_000_000);
  });
});

describe("describeFigure", () => {
  it("counts cells and locations", () => {
    expect(describeFigure(heatmap)).toBe("Figure: Check-ins by weekday and hour: 3 check-ins, local time of each check-in (heatmap \"Check-ins\" with 168 points)");
    expect(describeFigure(map)).toContain('scattergeo "Venues" with 2 points');
  });
});
