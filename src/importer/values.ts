import type { ExportColumn } from "./columns.js";

/** A value as better-sqlite3 binds and returns it for the check-in tables. */
export type SqlValue = string | number | null;

/** Outcome of converting one export value: the value to store, or why the record is rejected. */
export type Conversion = { ok: true; value: SqlValue } | { ok: false; reason: string };

/** Properties of the source file that change how values are read. */
export interface ValueContext {
  /** True for files whose numbers use a decimal comma (`4,9`), such as `;`-separated CSV. */
  decimalComma: boolean;
}

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_COMMA_PATTERN = /^[+-]?\d+,\d+$/;
const MAX_SHOWN_LENGTH = 60;

/** Formats a raw value for a rejection reason: strings quoted and escaped, long ones shortened. */
export function showValue(raw: unknown): string {
  const shown = typeof raw === "string" ? JSON.stringify(raw) : String(raw);
  return shown.length > MAX_SHOWN_LENGTH ? `${shown.slice(0, MAX_SHOWN_LENGTH - 1)}…` : shown;
}

/**
 * Converts one export value to the value stored in `spec.column`.
 *
 * Missing values, JSON null and empty strings become null. Numeric columns accept numbers and
 * numeric strings, with a decimal comma when `context.decimalComma` is set, and reject text,
 * fractions in integer columns and values outside the column's range. Text columns keep strings
 * byte for byte. Datetime and photo columns are returned as text, because their conversion
 * needs the whole file or the whole check-in.
 */
export function convertValue(spec: ExportColumn, raw: unknown, context: ValueContext): Conversion {
  if (raw === undefined || raw === null || raw === "") {
    return convertMissing(spec);
  }
  if (typeof raw !== "string" && typeof raw !== "number") {
    return reject(spec, `${showValue(JSON.stringify(raw))} is not text or a number`);
  }

  const kind = spec.kind;
  switch (kind.type) {
    case "text":
    case "datetime":
    case "photo":
      return { ok: true, value: String(raw) };
    case "real":
      return convertNumber(spec, raw, context, kind.min, kind.max, false);
    case "integer":
      return convertNumber(spec, raw, context, kind.min, Number.MAX_SAFE_INTEGER, true);
  }
}

function convertMissing(spec: ExportColumn): Conversion {
  const kind = spec.kind;
  const required =
    kind.type === "datetime" || ((kind.type === "text" || kind.type === "integer") && kind.required === true);
  return required ? reject(spec, "is missing") : { ok: true, value: null };
}

function convertNumber(
  spec: ExportColumn,
  raw: string | number,
  context: ValueContext,
  min: number,
  max: number,
  integer: boolean,
): Conversion {
  const parsed = typeof raw === "number" ? raw : parseNumber(raw, context);
  if (parsed === undefined || !Number.isFinite(parsed)) {
    return reject(spec, `${showValue(raw)} is not a number`);
  }
  if (integer && !Number.isInteger(parsed)) {
    return reject(spec, `${showValue(raw)} is not a whole number`);
  }
  if (parsed < min || parsed > max) {
    return reject(spec, `${showValue(raw)} is out of range (${min} to ${max})`);
  }
  return { ok: true, value: parsed };
}

function parseNumber(text: string, context: ValueContext): number | undefined {
  let trimmed = text.trim();
  if (context.decimalComma && DECIMAL_COMMA_PATTERN.test(trimmed)) {
    trimmed = trimmed.replace(",", ".");
  }
  return NUMBER_PATTERN.test(trimmed) ? Number(trimmed) : undefined;
}

function reject(spec: ExportColumn, problem: string): Conversion {
  return { ok: false, reason: `${spec.exportName} ${problem}` };
}
