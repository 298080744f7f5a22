import type { DataFrame } from "danfojs-node";
import { checkPositiveInteger, readChartColumns, toNumber, toText } from "./chart-input.js";
import { chartTitle, compareText, formatCount, noDataAnnotation, titledAxis } from "./chart-text.js";
import type { Figure } from "./figure.js";

export interface TopOptions {
  /** Number of bars; 15 by default. */
  limit?: number;
  title?: string;
}

/**
 * Builds horizontal bars of the `limit` beer styles (the whole `beer_type`, such as
 * `IPA - New England / Hazy`) with the most check-ins, the largest at the top, with the
 * count and mean rating in the hover text. See {@link topCounts} for the rules.
 */
export function topStyles(frame: DataFrame, options: TopOptions = {}): Figure {
  return topCounts(frame, { column: "beer_type", plural: "styles", axis: "Style" }, options);
}

/**
 * Builds horizontal bars of the `limit` breweries (by `brewery_name`) with the most
 * check-ins, the largest at the top, with the count and mean rating in the hover text.
 * See {@link topCounts} for the rules.
 */
export function topBreweries(frame: DataFrame, options: TopOptions = {}): Figure {
  return topCounts(frame, { column: "brewery_name", plural: "breweries", axis: "Brewery" }, options);
}

/** The category a top-N chart counts. */
export interface TopCategory {
  /** The column to group by. */
  column: string;
  /** The category's plural for the title, such as `styles`. */
  plural: string;
  /** The category axis title. */
  axis: string;
}

/**
 * Counts check-ins per value of `category.column` and draws the largest `limit` as
 * horizontal bars. Ties are ordered by name (code point order); rows with a missing value
 * are not counted. The mean rating covers the rated check-ins of each bar only.
 *
 * A frame without rows, or without a value in the column, gives a figure with a "No … to show" note.
 *
 * @throws Error naming the column and listing those present, when the frame has rows but
 *   lacks the category column or `rating_score`.
 * @throws RangeError when `limit` is not a positive integer.
 */
export function topCounts(frame: DataFrame, category: TopCategory, options: TopOptions = {}): Figure {
  const limit = checkPositiveInteger("limit", options.limit ?? 15);
  const columns = readChartColumns(frame, [category.column, "rating_score"]);

  const groups = new Map<string, { count: number; rated: number; ratingSum: number }>();
  if (columns !== null) {
    const names = columns[category.column] as unknown[];
    const ratings = columns.rating_score as unknown[];
    names.forEach((value, row) => {
      const name = toText(value);
      if (name === null) {
        return;
      }
      const group = groups.get(name) ?? { count: 0, rated: 0, ratingSum: 0 };
      group.count += 1;
      const rating = toNumber(ratings[row]);
      if (rating !== null) {
        group.rated += 1;
        group.ratingSum += rating;
      }
      groups.set(name, group);
    });
  }

  const top = [...groups.entries()].sort(([a, groupA], [b, groupB]) => groupB.count - groupA.count || compareText(a, b)).slice(0, limit);
  const ratingText = top.map(([, group]) => (group.rated === 0 ? "no ratings" : `mean rating ${(group.ratingSum / group.rated).toFixed(2)} of ${formatCount(group.rated)} rated`));

  const layout: Record<string, unknown> = {
    title: chartTitle(options.title ?? `Top ${top.length === 0 ? limit : top.length} ${category.plural} by check-ins`, groups.size === 0 ? undefined : `of ${formatCount(groups.size)} ${category.plural}`),
    xaxis: titledAxis("Check-ins", { rangemode: "tozero" }),
    yaxis: { title: { text: category.axis, standoff: 12 }, autorange: "reversed", automargin: true, type: "category" },
    height: Math.max(300, 120 + 28 * top.length),
    showlegend: false,
    margin: { t: 70, r: 20, b: 60, l: 20 },
  };
  if (top.length === 0) {
    layout.annotations = [noDataAnnotation(columns === null ? "No check-ins to show" : `No ${category.plural} to show`)];
  }

  return {
    data: [
      {
        type: "bar",
        orientation: "h",
        name: "Check-ins",
        x: top.map(([, group]) => group.count),
        y: top.map(([name]) => name),
        customdata: ratingText,
        hovertemplate: "<b>%{y}</b><br>%{x} check-ins<br>%{customdata}<extra></extra>",
      },
    ],
    layout,
  };
}
