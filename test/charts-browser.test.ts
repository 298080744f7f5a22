import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkinsOverTime } from "../src/charts/checkins-over-time.js";
import { venueMap } from "../src/charts/venue-map.js";
import { weekdayHourHeatmap } from "../src/charts/weekday-hour-heatmap.js";
import { toDataFrame } from "../src/frame/to-frame.js";
import { figureBundle, resendPlotly } from "../src/notebook/plotly.js";

const CHROMIUM = "/usr/bin/chromium";

/** Script that imitates require.js: a global `define` with `define.amd` makes UMD bundles register as AMD modules. */
const AMD_LOADER = "<script>window.amdModules = []; window.define = function () { window.amdModules.push(arguments); }; window.define.amd = {};</script>";

const frame = toDataFrame([
  { created_at: "2024-03-04T18:30:00Z", venue_name: "Taproom", venue_city: "Portland", venue_lat: 45.5, venue_lng: -122.6 },
  { created_at: "2024-03-05T21:10:00Z", venue_name: "Taproom", venue_city: "Portland", venue_lat: 45.5, venue_lng: -122.6 },
  { created_at: "2024-04-01T12:00:00Z", venue_name: "Bar", venue_city: "Oslo", venue_lat: 59.9, venue_lng: 10.7 },
]);

/** Builds the HTML outputs of one kernel session: bars, a heatmap, bars again and a map. */
function sessionOutputs(): string[] {
  resendPlotly();
  const figures = [checkinsOverTime(frame), weekdayHourHeatmap(frame), checkinsOverTime(frame, { period: "day" }), venueMap(frame)];
  return figures.map((figure) => String(figureBundle(figure)["text/html"]));
}

let browser: Browser | undefined;

beforeAll(async () => {
  if (existsSync(CHROMIUM)) {
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }
});

afterAll(async () => {
  await browser?.close();
});

/** Opens the outputs in one page with every network request refused, and returns the page and the URLs it requested. */
async function render(head: string, outputs: string[]): Promise<{ page: Page; requests: string[] }> {
  const page = await (browser as Browser).newPage();
  const requests: string[] = [];
  await page.route("**/*", async (route) => {
    requests.push(route.request().url());
    await route.abort();
  });
  await page.setContent(`<!doctype html><html><head>${head}</head><body>${outputs.map((output) => `<div class="output">${output}</div>`).join("")}</body></html>`);
  // Expressions as strings, because the tests compile without the DOM library.
  await page.waitForFunction('document.querySelectorAll(".ordslab-plot .main-svg").length >= 4 && document.querySelector(".geo .layer.land path") !== null', undefined, { timeout: 20_000 });
  return { page, requests };
}

describe.skipIf(!existsSync(CHROMIUM))("figures in Chromium", () => {
  it.each([
    ["without an AMD loader", ""],
    ["with an AMD loader", AMD_LOADER],
  ])("draw offline %s", async (_, head) => {
    const { page, requests } = await render(head, sessionOutputs());
    try {
      expect(requests).toEqual([]);
      expect(await page.locator(".ordslab-plot").nth(0).locator(".barlayer .point").count()).toBe(2);
      expect(await page.locator(".ordslab-plot").nth(1).locator(".heatmaplayer image").count()).toBe(1);
      expect(await page.locator(".ordslab-plot").nth(2).locator(".barlayer .point").count()).toBeGreaterThan(2);
      expect(await page.locator(".ordslab-plot").nth(3).locator(".scattergeo .point").count()).toBe(2);
      expect(await page.evaluate("Object.keys(window.ordslabPlotly).sort()")).toEqual(["basic", "cartesian", "geo"]);
    } finally {
      await page.close();
    }
  });
});
