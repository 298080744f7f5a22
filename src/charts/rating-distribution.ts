import type { DataFrame } from "danfojs-node";
import { readChartColumns, toNumber } from "./chart-input.js";
import { chartTitle, checkinCount, formatCount, noDataAnnotation, titledAxis } from "./chart-text.js";
import type { Figure } from "./figure.js";

export interface RatingDistributionOptions {
  /** The column of ratings; `rating_score` by default. */
  column?: string;
  title?: string;
}

/**
 * Builds a bar chart with one bar per distinct rating (Untappd rates in 0.25 steps, and
 * since 2021 some accounts in 0.1 steps, so both can occur), with the count and share of
 * rated check-ins in the hover text. Unrated check-ins (a missing rating) get no bar:
 * their number is in the title. A dashed line marks the mean rating.
 *
 * A frame without rows, or with no rated check-in, gives a figure with a "No … to show" note.
 *
 * @throws Error naming the column and listing those present, when the frame has rows but no rating column.
 */
export function ratingDistribution(frame: DataFrame, options: RatingDistributionOptions = {}): Figure {
  const column = options.column ?? "rating_score";
  const columns = readChartColumns(frame, [column]);
  const ratings: number[] = [];
  let unrated = 0;
  for (const value of columns?.[column] ?? []) {
    const rating = toNumber(value);
    if (rating === null) {
      unrated += 1;
    } else {
      ratings.push(rating);
    }
  }

  // Ratings are read back from floats, so 3.7 may arrive as 3.700000047: group by hundredths.
  const counts = new Map<number, number>();
  for (const rating of ratings) {
    const key = Math.round(rating * 100) / 100;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const x = [...counts.keys()].sort((a, b) => a - b);
  const y = x.map((rating) => counts.get(rating) as number);
  const shares = y.map((count) => (100 * count) / ratings.length);

  const total = ratings.length + unrated;
  const note = total === 0 ? undefined : `${formatCount(ratings.length)} rated, ${formatCount(unrated)} unrated (not shown) of ${checkinCount(total)}`;
  const layout: Record<string, unknown> = {
    title: chartTitle(options.title ?? "Rating distribution", note),
    // The axis starts half a point below the lowest rating, so a narrow range of ratings fills the width.
    xaxis: titledAxis("Rating", { range: [Math.max(0, Math.floor(((x[0] ?? 0.5) - 0.25) * 2) / 2), 5.25], dtick: 0.5 }),
    yaxis: titledAxis("Check-ins", { rangemode: "tozero" }),
    bargap: 0.15,
    showlegend: false,
    margin: { t: 70, r: 20, b: 60, l: 60 },
  };

  if (ratings.length === 0) {
    layout.annotations = [noDataAnnotation(total === 0 ? "No check-ins to show" : "No rated check-ins to show")];
  } else {
    const mean = ratings.reduce((sum, rating) => sum + rating, 0) / ratings.length;
    layout.shapes = [{ type: "line", xref: "x", yref: "paper", x0: mean, x1: mean, y0: 0, y1: 1, line: { color: "#444444", width: 1.5, dash: "dash" } }];
    layout.annotations = [{ text: `mean ${mean.toFixed(2)}`, xref: "x", yref: "paper", x: mean, y: 1, yanchor: "bottom", showarrow: false }];
  }

  return {
    data: [
      {
        type: "bar",
        name: "Rated check-ins",
        x,
        y,
        customdata: shares,
        hovertemplate: "Rating %{x}: %{y} check-ins (%{customdata:.1f}% of rated)<extra></extra>",
      },
    ],
    layout,
  };
}
