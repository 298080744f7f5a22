/** The column types a frame can hold; `datetime` values are wall-clock times. */
export type ColumnType = "integer" | "number" | "string" | "boolean" | "datetime";

/** A column of a result: its name and type, from ORDS metadata or inferred from the values. */
export interface ColumnSpec {
  name: string;
  type: ColumnType;
}

/** ORDS writes DATE and TIMESTAMP values as ISO 8601 with a `Z`, with or without milliseconds. */
const ORDS_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;

/** Collects the rows' keys in first-seen order, so that a key missing from the first row still gets a column. */
export function collectColumnNames(rows: readonly Record<string, unknown>[], exclude: readonly string[] = ["links"]): string[] {
  const names = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!exclude.includes(key)) {
        names.add(key);
      }
    }
  }
  return [...names];
}

/**
 * Infers a column's type from every value, not a sample: numbers are `integer` when all are
 * whole 32-bit values, strings in ORDS's date format are `datetime`, and any mixture falls
 * back to `string`. Missing values do not count.
 */
export function inferColumnType(values: readonly unknown[]): ColumnType {
  let integers = 0;
  let numbers = 0;
  let booleans = 0;
  let dates = 0;
  let present = 0;

  for (const value of values) {
    if (isMissing(value)) {
      continue;
    }
    present += 1;
    if (typeof value === "number") {
      numbers += 1;
      integers += Number.isInteger(value) && Math.abs(value) <= 2_147_483_647 ? 1 : 0;
    } else if (typeof value === "boolean") {
      booleans += 1;
    } else if (value instanceof Date || (typeof value === "string" && ORDS_DATE.test(value))) {
      dates += 1;
    }
  }

  if (present === 0) {
    return "string";
  }
  if (numbers === present) {
    return integers === present ? "integer" : "number";
  }
  if (booleans === present) {
    return "boolean";
  }
  return dates === present ? "datetime" : "string";
}

/** Tells whether a value counts as missing: `null`, `undefined`, `NaN` or an empty string. */
export function isMissing(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (typeof value === "number" && Number.isNaN(value));
}

/**
 * Converts a value to its column's type, or `null` when it is missing or cannot be
 * converted. A `datetime` becomes a Date whose UTC fields are the wall-clock digits ORDS
 * sent, so month, weekday and hour read the same in every time zone through the
 * `getUTC*` methods and {@link wallClockParts}.
 */
export function convertValue(value: unknown, type: ColumnType): unknown {
  if (isMissing(value)) {
    return null;
  }
  switch (type) {
    case "integer":
    case "number": {
      const number = typeof value === "number" ? value : Number(value);
      return Number.isFinite(number) ? number : null;
    }
    case "boolean":
      return typeof value === "boolean" ? value : value === "true" || value === 1;
    case "datetime":
      return toWallClockDate(value);
    case "string":
      return typeof value === "string" ? value : JSON.stringify(value);
  }
}

/** Parses an ORDS date string (or a `YYYY-MM-DD HH:MM:SS` wall-clock text) into a Date with wall-clock UTC fields. */
export function toWallClockDate(value: unknown): Date | null {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value;
  }
  if (typeof value !== "string") {
    return null;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?Z?$/.exec(value);
  if (match === null) {
    return null;
  }
  const [, year, month, day, hour, minute, second, fraction] = match;
  const milliseconds = fraction === undefined ? 0 : Math.round(Number(fraction) * 1000);
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0), milliseconds));
}

/** The wall-clock parts of a check-in time, independent of the process's time zone; `month` is 1 to 12 and `weekday` 0 (Sunday) to 6. */
export interface WallClockParts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
}

export function wallClockParts(date: Date): WallClockParts {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
  };
}

/** Formats a wall-clock Date as `YYYY-MM-DD HH:MM:SS`, with no zone, since it has none. */
export function formatWallClock(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}
