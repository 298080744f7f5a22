import type { ValueContext } from "./values.js";

/** One record of an export file, before any value is converted. */
export interface SourceRecord {
  /** CSV: the physical line where the record starts. JSON: the array index + 1. */
  line: number;
  /** Values keyed by the file's own column names: strings from CSV, any JSON value from JSON. */
  fields: Readonly<Record<string, unknown>>;
  /** Reason the record cannot be read at all, such as a wrong number of CSV fields. */
  problem?: string;
}

/** An opened export file: its format, column names and records in file order. */
export interface Source {
  format: "csv" | "json";
  /** Column names as the file spells them, in file order. */
  header: readonly string[];
  context: ValueContext;
  records: AsyncIterable<SourceRecord>;
}
