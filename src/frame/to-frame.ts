import { createRequire } from "node:module";
import type { DataFrame } from "danfojs-node";
import { collectColumnNames, convertValue, inferColumnType, type ColumnSpec, type ColumnType } from "./columns.js";

const DANFO_TYPES: Record<ColumnType, string> = {
  integer: "int32",
  number: "float32",
  string: "string",
  boolean: "boolean",
  datetime: "datetime",
};

export interface FrameOptions {
  /** Column order and types, from ORDS metadata; columns not listed are inferred and appended. */
  columns?: readonly ColumnSpec[];
  /** Types for some columns by name, overriding inference. */
  types?: Readonly<Record<string, ColumnType>>;
}

/** Column values and specs, before they become a DataFrame; what charts and tables read. */
export interface ColumnTable {
  columns: ColumnSpec[];
  values: Record<string, unknown[]>;
  rowCount: number;
}

/**
 * Builds typed columns from rows, column by column: each value is read by its key, so a
 * row with a missing or reordered key cannot shift values into another column (a row
 * array given to `new DataFrame` is read by position).
 */
export function toColumns(rows: readonly Record<string, unknown>[], options: FrameOptions = {}): ColumnTable {
  const specified = options.columns ?? [];
  const names = [...specified.map((column) => column.name)];
  for (const name of collectColumnNames(rows)) {
    if (!names.includes(name)) {
      names.push(name);
    }
  }

  const columns: ColumnSpec[] = [];
  const values: Record<string, unknown[]> = {};
  for (const name of names) {
    const raw = rows.map((row) => row[name]);
    const type = options.types?.[name] ?? specified.find((column) => column.name === name)?.type ?? inferColumnType(raw);
    columns.push({ name, type });
    values[name] = raw.map((value) => convertValue(value, type));
  }
  return { columns, values, rowCount: rows.length };
}

/**
 * Turns ORDS rows into a danfo.js DataFrame with typed columns, as {@link toColumns} builds them.
 * A `datetime` column contains Dates whose UTC fields are the wall-clock time. Read them with
 * `getUTC*` or `wallClockParts`, because danfo's `dt` helpers use the process's time zone.
 */
export function toDataFrame(rows: readonly Record<string, unknown>[], options: FrameOptions = {}): DataFrame {
  const table = toColumns(rows, options);
  const danfo = loadDanfo();
  const names = table.columns.map((column) => column.name);
  if (names.length === 0) {
    return new danfo.DataFrame([]);
  }
  return new danfo.DataFrame(table.values, {
    columns: names,
    dtypes: table.columns.map((column) => DANFO_TYPES[column.type]),
  });
}

let danfoModule: typeof import("danfojs-node") | undefined;

/** Loads danfojs-node on first use: it pulls in TensorFlow.js, which takes about a second. */
function loadDanfo(): typeof import("danfojs-node") {
  danfoModule ??= createRequire(import.meta.url)("danfojs-node") as typeof import("danfojs-node");
  return danfoModule;
}
