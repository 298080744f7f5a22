import type { DataFrame } from "danfojs-node";
import { toWallClockDate } from "../frame/columns.js";

/** A plotly.js figure: the JSON the browser's plotly.js draws. Build it in the kernel, render it in the front end. */
export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** Tells whether a value looks like a plotly figure. */
export function isFigure(value: unknown): value is Figure {
  return typeof value === "object" && value !== null && Array.isArray((value as Figure).data) && typeof (value as Figure).layout === "object";
}

/** Returns the values of a frame's column, or throws an Error naming the column and listing those present. */
export function columnValues(frame: DataFrame, column: string): unknown[] {
  if (!frame.columns.includes(column)) {
    throw new Error(`column ${JSON.stringify(column)} not found in the DataFrame; its columns are ${frame.columns.join(", ")}`);
  }
  return frame.column(column).values as unknown[];
}

/** Reads a column of check-in times as wall-clock Dates, skipping missing and invalid values. */
export function wallClockColumn(frame: DataFrame, column: string): Date[] {
  const dates: Date[] = [];
  for (const value of columnValues(frame, column)) {
    const date = toWallClockDate(value);
    if (date !== null) {
      dates.push(date);
    }
  }
  return dates;
}
