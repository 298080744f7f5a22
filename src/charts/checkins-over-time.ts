import type { DataFrame } from "danfojs-node";
import { toWallClockDate } from "../frame/columns.js";
import { checkPositiveInteger, readChartColumns } from "./chart-input.js";
import { chartTitle, checkinCount, compareText, escapeHoverText, noDataAnnotation, titledAxis } from "./chart-text.js";
import type { Figure } from "./figure.js";
import { checkPeriod, formatPeriodStart, periodRange, periodStart, type Period } from "./periods.js";
import { rollingMean } from "./rolling-mean.js";
import { styleFamily } from "./style-family.js";

export { countByPeriod, type Period } from "./periods.js";

/** The grouping of stacked bars. `style family` is the part of `beer_type` before " - ". */
export type OverTimeSplit = "style family";

export interface OverTimeOptions {
  /** The bucket of each bar; `month` by default. */
  period?: Period;
  /** The column of check-in times; `created_at` by default. */
  column?: string;
  title?: string;
  /** Stacks the bars by style family, which needs the `beer_type` column. */
  splitBy?: OverTimeSplit;
  /** Style families with their own colour when split, the largest first; the rest are stacked as "Other". 8 by default. */
  topFamilies?: number;
  /** Adds a line of the mean check-ins over this many periods up to each bar, empty periods counting as 0. */
  rollingMean?: number;
}

/** The name of the stacked bar that contains the families outside the top ones. */
export const OTHER_FAMILIES = "Other";

const DEFAULT_TOP_FAMILIES = 8;
const OTHER_COLOUR = "#b0b0b0";

/**
 * Builds a bar chart of check-ins per day, week (starting Monday), month or year, from the
 * wall-clock check-in times, so the buckets are the same in every time zone. Periods
 * without check-ins between the first and last get a zero bar, and the bars add up to the
 * number of rows with a time, split or not. Rows without a valid time are left out.
 *
 * A frame without rows gives a figure with the note "No check-ins to show".
 *
 * @throws Error naming the column and listing those present, when the frame has rows but no
 *   time column (or no `beer_type` column when split by style family).
 * @throws RangeError for an unknown period or split, or a count option that is not a positive integer.
 */
export function checkinsOverTime(frame: DataFrame, options: OverTimeOptions = {}): Figure {
  const period = checkPeriod(options.period ?? "month");
  const column = options.column ?? "created_at";
  const split = options.splitBy !== undefined;
  if (split && options.splitBy !== "style family") {
    throw new RangeError(`splitBy must be "style family", got ${JSON.stringify(options.splitBy)}`);
  }
  const topFamilies = checkPositiveInteger("topFamilies", options.topFamilies ?? DEFAULT_TOP_FAMILIES);
  const window = options.rollingMean === undefined ? undefined : checkPositiveInteger("rollingMean", options.rollingMean);

  const timed = readTimedRows(frame, column, split);
  const starts = periodRange(timed.dates, period);
  const x = starts.map(formatPeriodStart);
  const slots = new Map(starts.map((start, index) => [start, index]));
  const slotOf = timed.dates.map((date) => slots.get(periodStart(date, period)) as number);

  const totals = new Array<number>(starts.length).fill(0);
  for (const slot of slotOf) {
    totals[slot] = (totals[slot] as number) + 1;
  }

  const hover = `%{x|${HOVER_FORMAT[period]}}: %{y} check-ins`;
  const data: Record<string, unknown>[] = split
    ? familyBars(timed.families, slotOf, x, topFamilies, hover)
    : [{ type: "bar", name: "Check-ins", x, y: totals, hovertemplate: `${hover}<extra></extra>` }];
  if (window !== undefined) {
    data.push({
      type: "scatter",
      mode: "lines",
      name: `Mean of ${window} ${PERIOD_NAMES[period]}${window === 1 ? "" : "s"}`,
      x,
      y: rollingMean(totals, window),
      line: { color: "#222222", width: 2 },
      hovertemplate: `%{x|${HOVER_FORMAT[period]}}: mean %{y:.1f} check-ins per ${PERIOD_NAMES[period]} over the ${window} ${PERIOD_NAMES[period]}${window === 1 ? "" : "s"} ending here<extra></extra>`,
    });
  }

  const title = options.title ?? `Check-ins per ${PERIOD_NAMES[period]}${split ? " by style family" : ""}`;
  const layout: Record<string, unknown> = {
    title: chartTitle(title, timed.dates.length === 0 ? undefined : checkinCount(timed.dates.length)),
    xaxis: titledAxis(capitalise(PERIOD_NAMES[period]), { type: "date" }),
    yaxis: titledAxis("Check-ins", { rangemode: "tozero" }),
    bargap: 0.1,
    barmode: "stack",
    showlegend: data.length > 1,
    margin: { t: 70, r: 20, b: 60, l: 60 },
  };
  if (timed.dates.length === 0) {
    layout.annotations = [noDataAnnotation("No check-ins to show")];
  }
  return { data, layout };
}

const PERIOD_NAMES: Record<Period, string> = { day: "day", week: "week", month: "month", year: "year" };

const HOVER_FORMAT: Record<Period, string> = { day: "%a %d %b %Y", week: "week of %d %b %Y", month: "%B %Y", year: "%Y" };

/** The rows with a valid time: their wall-clock Dates and, when split, their style families in the same order. */
interface TimedRows {
  dates: Date[];
  families: string[];
}

function readTimedRows(frame: DataFrame, column: string, split: boolean): TimedRows {
  const columns = readChartColumns(frame, split ? [column, "beer_type"] : [column]);
  const timed: TimedRows = { dates: [], families: [] };
  if (columns === null) {
    return timed;
  }
  const times = columns[column] as unknown[];
  const types = columns.beer_type;
  for (let row = 0; row < times.length; row += 1) {
    const date = toWallClockDate(times[row]);
    if (date === null) {
      continue;
    }
    timed.dates.push(date);
    if (types !== undefined) {
      timed.families.push(styleFamily(types[row]));
    }
  }
  return timed;
}

/**
 * Builds one stacked bar trace per style family among the `top` largest, and one for all
 * others, so each row lands in exactly one trace. Families are ordered by total count,
 * ties by name, with the others last.
 */
function familyBars(families: readonly string[], slotOf: readonly number[], x: readonly string[], top: number, hover: string): Record<string, unknown>[] {
  const totals = new Map<string, number>();
  for (const family of families) {
    totals.set(family, (totals.get(family) ?? 0) + 1);
  }
  const ranked = [...totals.entries()].sort(([a, countA], [b, countB]) => countB - countA || compareText(a, b)).map(([family]) => family);
  // With one family left over there is no point in calling it "Other".
  const shown = ranked.length <= top + 1 ? ranked : ranked.slice(0, top);
  const otherName = totals.has(OTHER_FAMILIES) ? `${OTHER_FAMILIES} families` : OTHER_FAMILIES;

  const series = shown.map(() => new Array<number>(x.length).fill(0));
  const others = new Array<number>(x.length).fill(0);
  const seriesOf = new Map(shown.map((family, index) => [family, series[index] as number[]]));
  families.forEach((family, row) => {
    const counts = seriesOf.get(family) ?? others;
    const slot = slotOf[row] as number;
    counts[slot] = (counts[slot] as number) + 1;
  });

  const traces: Record<string, unknown>[] = shown.map((family, index) => ({
    type: "bar",
    name: family,
    x,
    y: series[index],
    hovertemplate: `${hover}<extra>${escapeHoverText(family)}</extra>`,
  }));
  if (shown.length < ranked.length) {
    traces.push({ type: "bar", name: otherName, x, y: others, marker: { color: OTHER_COLOUR }, hovertemplate: `${hover}<extra>${otherName}</extra>` });
  }
  return traces;
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
