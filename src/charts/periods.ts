/** A calendar bucket of check-in times; weeks start on Monday. */
export type Period = "day" | "week" | "month" | "year";

export const PERIODS: readonly Period[] = ["day", "week", "month", "year"];

/** Checks a period option from a notebook, where TypeScript's types are no guarantee. @throws RangeError listing the periods. */
export function checkPeriod(value: unknown): Period {
  if (!PERIODS.includes(value as Period)) {
    throw new RangeError(`period must be one of ${PERIODS.join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value as Period;
}

/** Counts dates per period, as `[YYYY-MM-DD of the period's start, count]` pairs in time order, gaps filled with 0. */
export function countByPeriod(dates: readonly Date[], period: Period): [string, number][] {
  const counts = new Map<number, number>();
  for (const date of dates) {
    const start = periodStart(date, period);
    counts.set(start, (counts.get(start) ?? 0) + 1);
  }
  return periodRange(dates, period).map((start) => [formatPeriodStart(start), counts.get(start) ?? 0]);
}

/**
 * Lists the start of every period from the one with the earliest date to the one with the
 * latest, as milliseconds of wall-clock Dates. The list is empty for no dates.
 */
export function periodRange(dates: readonly Date[], period: Period): number[] {
  if (dates.length === 0) {
    return [];
  }
  let first = Infinity;
  let last = -Infinity;
  for (const date of dates) {
    const start = periodStart(date, period);
    first = Math.min(first, start);
    last = Math.max(last, start);
  }
  const starts: number[] = [];
  for (let start = first; start <= last; start = nextPeriod(start, period)) {
    starts.push(start);
  }
  return starts;
}

/** Formats a period start from {@link periodRange} as `YYYY-MM-DD`, which plotly reads as a date. */
export function formatPeriodStart(start: number): string {
  return new Date(start).toISOString().slice(0, 10);
}

/** Returns the start of the period holding a wall-clock Date, read through its UTC fields only. */
export function periodStart(date: Date, period: Period): number {
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
