import type { DataFrame } from "danfojs-node";
import { readChartColumns, toNumber, toText } from "./chart-input.js";
import { chartTitle, checkinCount, formatCount, noDataAnnotation, titledAxis } from "./chart-text.js";
import type { Figure } from "./figure.js";

export interface AbvVersusRatingOptions {
  title?: string;
}

const NEEDED_COLUMNS = ["beer_abv", "rating_score", "beer_name", "brewery_name"] as const;

/**
 * Builds a scatter plot of each check-in's `beer_abv` (x, percent) against its
 * `rating_score` (y), with the beer and brewery names in the hover text. Check-ins with an
 * ABV of 0 (Untappd's value for an unknown ABV), a missing ABV or no rating are left out,
 * and the title gives their number.
 *
 * A frame without rows, or without a check-in that has both values, gives a figure with a
 * "No … to show" note.
 *
 * @throws Error naming the column and listing those present, when the frame has rows but
 *   lacks `beer_abv`, `rating_score`, `beer_name` or `brewery_name`.
 */
export function abvVersusRating(frame: DataFrame, options: AbvVersusRatingOptions = {}): Figure {
  const columns = readChartColumns(frame, NEEDED_COLUMNS);
  const x: number[] = [];
  const y: number[] = [];
  const names: [string, string][] = [];
  let skipped = 0;

  const rows = columns === null ? 0 : columns.beer_abv.length;
  for (let row = 0; row < rows; row += 1) {
    const abv = toNumber(columns?.beer_abv[row]);
    const rating = toNumber(columns?.rating_score[row]);
    if (abv === null || abv <= 0 || rating === null) {
      skipped += 1;
      continue;
    }
    x.push(abv);
    y.push(rating);
    names.push([toText(columns?.beer_name[row]) ?? "unnamed beer", toText(columns?.brewery_name[row]) ?? "unknown brewery"]);
  }

  const note = rows === 0 ? undefined : `${checkinCount(x.length)}; ${formatCount(skipped)} without an ABV or a rating not shown`;
  const layout: Record<string, unknown> = {
    title: chartTitle(options.title ?? "ABV and rating", note),
    xaxis: titledAxis("ABV (%)", { rangemode: "tozero" }),
    yaxis: titledAxis("Rating", { range: [0, 5.25], dtick: 0.5 }),
    hovermode: "closest",
    showlegend: false,
    margin: { t: 70, r: 20, b: 60, l: 60 },
  };
  if (x.length === 0) {
    layout.annotations = [noDataAnnotation(rows === 0 ? "No check-ins to show" : "No check-ins with both an ABV and a rating to show")];
  }

  return {
    data: [
      {
        type: "scatter",
        mode: "markers",
        name: "Check-ins",
        x,
        y,
        customdata: names,
        marker: { size: 7, opacity: 0.45 },
        hovertemplate: "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>ABV %{x}%, rating %{y}<extra></extra>",
      },
    ],
    layout,
  };
}
