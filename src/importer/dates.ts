import { ImportError } from "./errors.js";

/** Order of day and month in slash-separated dates: `dmy` reads 04/07 as 4 July, `mdy` as April 7. */
export type DateOrder = "dmy" | "mdy";

/**
 * A `created_at` value split into numbers without deciding which of `first` and `second` is the
 * day. `iso` dates are year-month-day, `dot` dates are day.month.year, and `slash` dates need a
 * {@link DateOrder}.
 */
export interface DateParts {
  style: "iso" | "slash" | "dot";
  year: number;
  first: number;
  second: number;
  hour: number;
  minute: number;
  seconds: number;
}

/** A date of the file with the line of its record, used as evidence in error messages. */
export interface DateSample {
  line: number;
  raw: string;
  parts: DateParts;
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?$/;
const DOT = /^(\d{1,2})\.(\d{1,2})\.(\d{4})[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Splits a `created_at` value into numbers, or returns undefined if it has none of the formats
 * `YYYY-MM-DD HH:MM[:SS]`, `dd/mm/yyyy hh:mm[:ss]`, `mm/dd/yyyy hh:mm[:ss]` (optionally with
 * AM/PM) or `dd.mm.yyyy hh:mm[:ss]`.
 *
 * Dotted dates are always read day first, as in the German and Nordic locales that write them.
 */
export function splitDate(raw: string): DateParts | undefined {
  const text = raw.trim();
  const iso = ISO.exec(text);
  if (iso) {
    return toParts("iso", iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]);
  }
  const dot = DOT.exec(text);
  if (dot) {
    return toParts("dot", dot[3], dot[1], dot[2], dot[4], dot[5], dot[6]);
  }
  const slash = SLASH.exec(text);
  if (slash) {
    const parts = toParts("slash", slash[3], slash[1], slash[2], slash[4], slash[5], slash[6]);
    return applyMeridiem(parts, slash[7]);
  }
  return undefined;
}

function toParts(
  style: DateParts["style"],
  year: string | undefined,
  first: string | undefined,
  second: string | undefined,
  hour: string | undefined,
  minute: string | undefined,
  seconds: string | undefined,
): DateParts {
  return {
    style,
    year: Number(year),
    first: Number(first),
    second: Number(second),
    hour: Number(hour),
    minute: Number(minute),
    seconds: seconds === undefined ? 0 : Number(seconds),
  };
}

/** Converts a 12-hour clock time to 24 hours, and marks an hour outside 1 to 12 invalid (99). */
function applyMeridiem(parts: DateParts, meridiem: string | undefined): DateParts {
  if (meridiem === undefined) {
    return parts;
  }
  if (parts.hour < 1 || parts.hour > 12) {
    return { ...parts, hour: 99 };
  }
  const pm = meridiem.toLowerCase() === "pm";
  const hour = (parts.hour % 12) + (pm ? 12 : 0);
  return { ...parts, hour };
}

/**
 * Decides the day and month order of the file's slash-separated dates.
 *
 * `requested` wins when given. Otherwise a first part above 12 proves day first and a second
 * part above 12 proves month first. Returns undefined when the file has no slash dates.
 *
 * @throws ImportError AMBIGUOUS_DATE_ORDER when every slash date reads both ways, and
 *   CONFLICTING_DATE_ORDER when the file proves both orders.
 */
export function resolveDateOrder(
  file: string,
  samples: readonly DateSample[],
  requested: DateOrder | undefined,
): DateOrder | undefined {
  const slashDates = samples.filter((sample) => sample.parts.style === "slash");
  const dayFirst = slashDates.find((s) => s.parts.first > 12 && s.parts.second <= 12);
  const monthFirst = slashDates.find((s) => s.parts.second > 12 && s.parts.first <= 12);

  if (requested !== undefined) {
    // A requested order that every unambiguous date contradicts would misread the ambiguous ones.
    let proof: DateSample | undefined;
    if (requested === "mdy" && monthFirst === undefined) {
      proof = dayFirst;
    } else if (requested === "dmy" && dayFirst === undefined) {
      proof = monthFirst;
    }
    if (proof !== undefined) {
      const actual = requested === "mdy" ? "day first (dmy)" : "month first (mdy)";
      throw new ImportError(
        "CONFLICTING_DATE_ORDER",
        `Cannot read the created_at dates of ${file} as --date-order ${requested}: line ${proof.line} has ` +
          `"${proof.raw}", which can only be ${actual}, and no date in the file is read only the requested way. ` +
          `Run the import again with --date-order ${requested === "mdy" ? "dmy" : "mdy"}, or without --date-order.`,
      );
    }
    return requested;
  }

  if (dayFirst && monthFirst) {
    throw new ImportError(
      "CONFLICTING_DATE_ORDER",
      `Cannot read the created_at dates of ${file}: line ${dayFirst.line} has "${dayFirst.raw}", which must be ` +
        `day first, but line ${monthFirst.line} has "${monthFirst.raw}", which must be month first. ` +
        `Fix the dates that do not match the file's date format, or pass --date-order dmy or ` +
        `--date-order mdy to reject them.`,
    );
  }
  if (dayFirst) {
    return "dmy";
  }
  if (monthFirst) {
    return "mdy";
  }
  const example = slashDates[0];
  if (example === undefined) {
    return undefined;
  }
  throw new ImportError(
    "AMBIGUOUS_DATE_ORDER",
    `Cannot tell the date order of ${file}: ${slashDates.length === 1 ? "its only created_at date" : `all ${slashDates.length} created_at dates, such as`} ` +
      `"${example.raw}" on line ${example.line}, read as both day/month and month/day. ` +
      `Pass --date-order dmy if "${example.raw}" is day first, or --date-order mdy if it is month first ` +
      `(option dateOrder in the library).`,
  );
}

/**
 * Formats date parts as 'YYYY-MM-DD HH:MM:SS' without any time-zone conversion, or returns
 * undefined when the day, month or time does not exist (31 April, 25:00).
 */
export function formatDate(parts: DateParts, order: DateOrder | undefined): string | undefined {
  const monthFirst = parts.style === "iso" || (parts.style === "slash" && order === "mdy");
  const month = monthFirst ? parts.first : parts.second;
  const day = monthFirst ? parts.second : parts.first;
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(parts.year, month) &&
    parts.hour <= 23 &&
    parts.minute <= 59 &&
    parts.seconds <= 59;
  if (!valid) {
    return undefined;
  }
  const date = `${pad(parts.year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  return `${date} ${pad(parts.hour, 2)}:${pad(parts.minute, 2)}:${pad(parts.seconds, 2)}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}
