import type { DateOrder } from "./dates.js";

/** A record of the export file that was not imported, with the reason. */
export interface RejectedRecord {
  /** CSV: the physical line where the record starts. JSON: the array index + 1. */
  line: number;
  /** The record's checkin_id as written in the file, when it has one. */
  checkinId?: string;
  reason: string;
}

/**
 * Counts of one import. Every record read ends up in exactly one of inserted, updated,
 * unchanged, merged and rejected.
 */
export interface ImportReport {
  file: string;
  format: "csv" | "json";
  /** Records read from the file, not physical lines. */
  read: number;
  /** New check-ins. */
  inserted: number;
  /** Check-ins already in the table whose values or photos changed. */
  updated: number;
  /** Check-ins already in the table and identical, photos included. */
  unchanged: number;
  /** Extra rows of a multi-photo check-in, merged into the first row of that check-in. */
  merged: number;
  rejected: RejectedRecord[];
  /** Columns of the file that the check-in tables have no place for, so they were not imported. */
  ignoredColumns?: string[];
}

/** Options of {@link importCheckins}. */
export interface ImportOptions {
  /** Day and month order of slash-separated dates, for files where every date reads both ways. */
  dateOrder?: DateOrder;
  /** Called with the number of records read so far, every few thousand records and at the end. */
  onProgress?: (recordsRead: number) => void;
}
