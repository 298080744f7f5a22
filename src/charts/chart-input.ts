import type { DataFrame } from "danfojs-node";
import { isMissing } from "../frame/columns.js";
import { columnValues } from "./figure.js";

/**
 * Reads the columns a chart needs. Returns `null` when the frame has no rows, whatever its
 * columns, so a chart of an empty result shows a "No … to show" figure instead of failing.
 *
 * @throws Error naming the missing column and the columns present, when the frame has rows
 *   but lacks one of `names`.
 */
export function readChartColumns<Name extends string>(frame: DataFrame, names: readonly Name[]): Record<Name, unknown[]> | null {
  if (frame.shape[0] === 0) {
    return null;
  }
  const columns = {} as Record<Name, unknown[]>;
  for (const name of names) {
    columns[name] = columnValues(frame, name);
  }
  return columns;
}

/** Converts a cell to a finite number, or `null` when it is missing or not numeric. */
export function toNumber(value: unknown): number | null {
  if (isMissing(value)) {
    return null;
  }
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

/** Converts a cell to trimmed text, or `null` when it is missing or blank. */
export function toText(value: unknown): string | null {
  if (isMissing(value)) {
    return null;
  }
  const text = String(value).trim();
  return text === "" ? null : text;
}

/** Checks that a count option is a positive integer. @throws RangeError naming the option and the value. */
export function checkPositiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}
