import type Database from "better-sqlite3";
import { findExportColumn, REQUIRED_EXPORT_COLUMNS } from "./columns.js";
import { ImportError } from "./errors.js";
import { mergeRows } from "./merge.js";
import { bindColumns, normalizeRecord, type CheckinRow, type ColumnBinding } from "./normalize.js";
import { probeFile } from "./probe.js";
import { resolveDates } from "./resolve-dates.js";
import { ensureCheckinSchema } from "./schema.js";
import type { Source } from "./source.js";
import { openCsvSource } from "./source-csv.js";
import { openJsonSource } from "./source-json.js";
import type { ImportOptions, ImportReport, RejectedRecord } from "./types.js";
import { writeCheckins } from "./write.js";

/** Number of records between two `onProgress` calls. */
const PROGRESS_INTERVAL = 5000;

/**
 * Imports an Untappd CSV or JSON export into the `checkins` and `checkin_photos` tables.
 *
 * The tables are created if missing. Records with invalid values are rejected with their line
 * and reason while the other records are imported. Rows of one check-in that differ only in
 * `photo_url` are merged. Every write happens in one transaction, so a thrown error leaves the
 * database unchanged. The file is read completely before anything is written, because the day
 * and month order of spreadsheet dates is decided from all dates of the file.
 *
 * @throws ImportError when the whole file cannot be imported: unreadable, empty, without a header,
 *   missing a required column, unparsable, or with an undecidable date order.
 */
export async function importCheckins(
  db: Database.Database,
  file: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const probe = await probeFile(file);
  const source = probe.format === "json" ? await openJsonSource(file) : openCsvSource(file, probe.firstLine);
  const bindings = bindColumns(source.header);
  checkRequiredColumns(file, source, bindings);

  const { rows, rejected, read } = await readRows(source, bindings, options);
  const dates = resolveDates(file, rows, options.dateOrder);
  const merge = mergeRows(dates.rows);

  const counts = db.transaction(() => {
    ensureCheckinSchema(db);
    return writeCheckins(db, merge.checkins);
  })();

  return {
    file,
    format: source.format,
    read,
    ...counts,
    merged: merge.merged,
    rejected: [...rejected, ...dates.rejected, ...merge.replaced].sort((a, b) => a.line - b.line),
    ignoredColumns: source.header.filter((name) => findExportColumn(name) === undefined),
  };
}

function checkRequiredColumns(file: string, source: Source, bindings: readonly ColumnBinding[]): void {
  const present = new Set(bindings.filter((b) => b.headerName !== undefined).map((b) => b.spec.exportName));
  // The older 20- and 23-column exports have no checkin_id column, but checkin_url ends with the id.
  const missing = REQUIRED_EXPORT_COLUMNS.filter(
    (name) => !present.has(name) && !(name === "checkin_id" && present.has("checkin_url")),
  );
  if (missing.length === 0) {
    return;
  }
  const found = source.header.length === 0 ? "no columns" : source.header.join(", ");
  throw new ImportError(
    "MISSING_COLUMNS",
    `Cannot import ${file}: the required columns ${missing.join(", ")} are missing (found: ${found}). ` +
      `Import the file as Untappd exported it, with its header line.`,
  );
}

async function readRows(
  source: Source,
  bindings: readonly ColumnBinding[],
  options: ImportOptions,
): Promise<{ rows: CheckinRow[]; rejected: RejectedRecord[]; read: number }> {
  const rows: CheckinRow[] = [];
  const rejected: RejectedRecord[] = [];
  let read = 0;

  for await (const record of source.records) {
    read += 1;
    const normalized = normalizeRecord(record, bindings, source.context);
    if (normalized.ok) {
      rows.push(normalized.row);
    } else {
      rejected.push(normalized.rejected);
    }
    if (read % PROGRESS_INTERVAL === 0) {
      options.onProgress?.(read);
    }
  }
  options.onProgress?.(read);
  return { rows, rejected, read };
}
