import type { DataFrame } from "danfojs-node";
import { readChartColumns, toNumber, toText } from "./chart-input.js";
import { chartTitle, formatCount, noDataAnnotation } from "./chart-text.js";
import type { Figure } from "./figure.js";

export interface VenueMapOptions {
  title?: string;
  /** Diameter in pixels of the marker of the venue with the most check-ins; 40 by default. */
  maxMarkerSize?: number;
}

const NEEDED_COLUMNS = ["venue_name", "venue_city", "venue_lat", "venue_lng"] as const;

/**
 * Builds a world map of venues, one marker per venue (same name and coordinates to four
 * decimals). A marker's area is proportional to the venue's check-ins, with a minimum
 * diameter of 4 pixels. The hover text shows the venue name, city, country (when the frame
 * has `venue_country`) and count. Check-ins without valid coordinates are left out, and
 * the title gives their number.
 *
 * The map is a plotly `scattergeo` trace on the `world_110m` topojson (Natural Earth
 * 1:110m land, coastlines and borders, 285 kB as JSON). plotly.js would fetch that file
 * from its CDN, so `figureBundle` inlines it into the HTML output once per kernel session
 * as `window.PlotlyGeoAssets.topojson.world_110m`, which plotly reads before fetching. It
 * also leaves out the plotly MIME type, so every front end draws that HTML. The map thus
 * draws offline, with a real projection, country borders and zoom. A cartesian scatter
 * over an inlined outline would need no geo bundle, but it would carry the outline in
 * every figure and give a distorted plate carrée with no borders.
 *
 * A frame without rows, or without a check-in with coordinates, gives a map with a "No
 * venues to show" note.
 *
 * @throws Error naming the column and listing those present, when the frame has rows but
 *   lacks `venue_name`, `venue_city`, `venue_lat` or `venue_lng`.
 */
export function venueMap(frame: DataFrame, options: VenueMapOptions = {}): Figure {
  const columns = readChartColumns(frame, NEEDED_COLUMNS);
  const countries = columns !== null && frame.columns.includes("venue_country") ? (frame.column("venue_country").values as unknown[]) : undefined;

  const venues = new Map<string, { name: string; place: string; lat: number; lng: number; count: number }>();
  let located = 0;
  const rows = columns === null ? 0 : columns.venue_lat.length;
  for (let row = 0; row < rows; row += 1) {
    const lat = toNumber(columns?.venue_lat[row]);
    const lng = toNumber(columns?.venue_lng[row]);
    if (lat === null || lng === null || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      continue;
    }
    located += 1;
    const name = toText(columns?.venue_name[row]) ?? "Unnamed venue";
    const key = `${lat.toFixed(4)},${lng.toFixed(4)},${name}`;
    const venue = venues.get(key);
    if (venue !== undefined) {
      venue.count += 1;
      continue;
    }
    const place = [toText(columns?.venue_city[row]), toText(countries?.[row])].filter((part) => part !== null).join(", ");
    venues.set(key, { name, place: place === "" ? "no city" : place, lat, lng, count: 1 });
  }

  // Largest first, so smaller markers are drawn on top and stay hoverable.
  const sorted = [...venues.values()].sort((a, b) => b.count - a.count);
  const maxCount = sorted[0]?.count ?? 1;
  const maxSize = options.maxMarkerSize ?? 40;

  const unlocated = rows - located;
  const note = rows === 0 ? undefined : `${formatCount(located)} check-ins at ${formatCount(venues.size)} venues; ${formatCount(unlocated)} without venue coordinates not shown`;
  const layout: Record<string, unknown> = {
    title: chartTitle(options.title ?? "Venues", note),
    geo: {
      scope: "world",
      resolution: 110,
      projection: { type: "natural earth" },
      showland: true,
      landcolor: "#ebebeb",
      showcountries: true,
      countrycolor: "#ffffff",
      showocean: true,
      oceancolor: "#f5f9fc",
      ...(sorted.length > 0 ? { fitbounds: "locations" } : {}),
    },
    showlegend: false,
    margin: { t: 70, r: 10, b: 10, l: 10 },
  };
  if (sorted.length === 0) {
    layout.annotations = [noDataAnnotation(rows === 0 ? "No check-ins to show" : "No venues to show")];
  }

  return {
    data: [
      {
        type: "scattergeo",
        mode: "markers",
        name: "Venues",
        lat: sorted.map((venue) => venue.lat),
        lon: sorted.map((venue) => venue.lng),
        customdata: sorted.map((venue) => [venue.name, venue.place, `${venue.count} ${venue.count === 1 ? "check-in" : "check-ins"}`]),
        marker: {
          size: sorted.map((venue) => venue.count),
          sizemode: "area",
          sizeref: (2 * maxCount) / (maxSize * maxSize),
          sizemin: 4,
          color: "#d9480f",
          opacity: 0.7,
          line: { color: "#7f2704", width: 0.5 },
        },
        hovertemplate: "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
      },
    ],
    layout,
  };
}
