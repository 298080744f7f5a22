import type { DataFrame } from "danfojs-node";
import { wallClockColumn, type Figure } from "./figure.js";

export type Period = "day" | "week" | "month" | "year";

export interface OverTimeOptions {
  /** The bucket of each bar; `month` by default. */
  period?: Period;
  /** The column of check-in times; `created_at` by default. */
  column?: string;
  title?: string;
}

const PERIOD_NAMES: Record<Period, string> = { day: "day", week: "week", month: "month", year: "year" };

/**
 * Builds a bar chart of check-ins per day, week (starting Monday), month or year, from the
 * wall-clock check-in times, so the buckets are the same in every time zone. Periods
 * without check-ins between the first and last get a zero bar, and the bars add up to the
 * number of rows with a time.
 */
export function checkinsOverTime(frame: DataFrame, options: OverTimeOptions = {}): Figure {
  const period = options.period ?? "month";
  const dates = wallClockColumn(frame, options.column ?? "created_at");
  const counts = countByPeriod(dates, period);
  const title = options.title ?? `Check-ins per ${PERIOD_NAMES[period]}`;

  const layout: Record<string, unknown> = {
    title: { text: title },
    xaxis: { title: { text: capitalise(PERIOD_NAMES[period]) }, type: "date" },
    yaxis: { title: { text: "Check-ins" }, rangemode: "tozero" },
    bargap: 0.1,
    margin: { t: 60, r: 20, b: 60, l: 60 },
  };
  if (dates.length === 0) {
    layout.annotations = [{ text: "No check-ins to show", showarrow: false, xref: "paper", yref: "paper", x: 0.5, y: 0.5 }];
  }

  return {
    data: [
      {
        type: "bar",
        name: "Check-ins",
        x: counts.map(([bucket]) => bucket),
        y: counts.map(([, count]) => count),
        hovertemplate: `%{x|${HOVER_FORMAT[period]}}: %{y} check-ins<extra></extra>`,
      },
    ],
    layout,
  };
}

const HOVER_FORMAT: Record<Period, string> = { day: "%a %d %b %Y", week: "week of %d %b %Y", month: "%B %Y", year: "%Y" };

/** Counts dates per period, as `[YYYY-MM-DD of the period's start, count]` pairs in time order, gaps filled with 0. */
export function countByPeriod(dates: readonly Date[], period: Period): [string, number][] {
  const counts = new Map<number, number>();
  for (const date of dates) {
    const start = periodStart(date, period);
    counts.set(start, (counts.get(start) ?? 0) + 1);
  }
  if (counts.size === 0) {
    return [];
  }

  const keys = [...counts.keys()].sort((a, b) => a - b);
  const result: [string, number][] = [];
  for (let bucket = keys[0] as number; bucket <= (keys[keys.length - 1] as number); bucket = nextPeriod(bucket, period)) {
    result.push([new Date(bucket).toISOString().slice(0, 10), counts.get(bucket) ?? 0]);
  }
  return result;
}

function periodStart(date: Date, period: Period): number {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  switch (period) {
    case "day":
      return Date.UTC(year, month, day);
    case "week":
      return Date.UTC(year, month, day - ((date.getUTCDay() + 6) % 7));
    case "month":
      return Date.UTC(year, month, 1);
    case "year":
      return Date.UTC(year, 0, 1);
  }
}

function nextPeriod(start: number, period: Period): number {
  const date = new Date(start);
  switch (period) {
    case "day":
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
    case "week":
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 7);
    case "month":
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    case "year":
      return Date.UTC(date.getUTCFullYear() + 1, 0, 1);
  }
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
