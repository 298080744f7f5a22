import { CHECKIN_ID_INDEX, CREATED_AT_INDEX, EXPORT_COLUMNS, findExportColumn, type ExportColumn } from "./columns.js";
import { splitDate, type DateParts } from "./dates.js";
import { ID_URL_COLUMNS, idFromUrl } from "./ids-from-urls.js";
import type { SourceRecord } from "./source.js";
import type { RejectedRecord } from "./types.js";
import { convertValue, showValue, type SqlValue, type ValueContext } from "./values.js";

/** A table column together with the file's name for it, or undefined when the file lacks it. */
export interface ColumnBinding {
  spec: ExportColumn;
  headerName: string | undefined;
}

/**
 * A record with every value converted, except `created_at`, whose day and month order is
 * decided from the whole file later.
 */
export interface CheckinRow {
  line: number;
  checkinId: number;
  /** Values in table column order. `created_at` contains the raw text until the date is resolved. */
  values: SqlValue[];
  rawCreatedAt: string;
  dateParts: DateParts;
}

/** A converted record, or the rejection that explains why it cannot be imported. */
export type Normalized = { ok: true; row: CheckinRow } | { ok: false; rejected: RejectedRecord };

/** Pairs each table column with the header name that fills it; columns the file lacks get undefined. */
export function bindColumns(header: readonly string[]): ColumnBinding[] {
  return EXPORT_COLUMNS.map((spec) => ({
    spec,
    headerName: header.find((name) => findExportColumn(name) === spec),
  }));
}

/**
 * Converts every value of a record, collecting all problems into one rejection.
 *
 * The rejection names each column with its value, such as `beer_abv "strong" is not a number`.
 */
export function normalizeRecord(record: SourceRecord, bindings: readonly ColumnBinding[], context: ValueContext): Normalized {
  const idBinding = bindings[CHECKIN_ID_INDEX];
  const checkinIdText = idBinding === undefined ? undefined : textOf(rawValue(record, bindings, idBinding));
  if (record.problem !== undefined) {
    return rejected(record.line, checkinIdText, record.problem);
  }

  const values: SqlValue[] = [];
  const problems: string[] = [];
  for (const binding of bindings) {
    const raw = rawValue(record, bindings, binding);
    const conversion = convertValue(binding.spec, raw, context);
    if (conversion.ok) {
      values.push(conversion.value);
    } else {
      values.push(null);
      problems.push(conversion.reason);
    }
  }

  const rawCreatedAt = values[CREATED_AT_INDEX];
  const dateParts = typeof rawCreatedAt === "string" ? splitDate(rawCreatedAt) : undefined;
  if (typeof rawCreatedAt === "string" && dateParts === undefined) {
    problems.push(
      `created_at ${showValue(rawCreatedAt)} is not a date in the form YYYY-MM-DD HH:MM:SS, ` +
        `dd/mm/yyyy hh:mm, mm/dd/yyyy hh:mm or dd.mm.yyyy hh:mm`,
    );
  }

  const checkinId = values[CHECKIN_ID_INDEX];
  if (problems.length > 0 || typeof checkinId !== "number" || typeof rawCreatedAt !== "string" || !dateParts) {
    return rejected(record.line, checkinIdText, problems.join("; "));
  }
  return { ok: true, row: { line: record.line, checkinId, values, rawCreatedAt, dateParts } };
}

/**
 * Returns the record's value for one column. An id that the file lacks is taken from the end of
 * its URL, because the older 20- and 23-column exports have no id columns. A missing or empty checkin_id is
 * taken from checkin_url too, because the check-in cannot be stored without it.
 */
function rawValue(record: SourceRecord, bindings: readonly ColumnBinding[], binding: ColumnBinding): unknown {
  const raw = binding.headerName === undefined ? undefined : record.fields[binding.headerName];
  const pair = ID_URL_COLUMNS.find((candidate) => candidate.id === binding.spec.column);
  const canDerive = binding.headerName === undefined || binding.spec.column === "checkin_id";
  if (pair === undefined || !canDerive || (raw !== undefined && raw !== null && raw !== "")) {
    return raw;
  }
  const urlName = bindings.find((candidate) => candidate.spec.column === pair.url)?.headerName;
  return (urlName === undefined ? null : idFromUrl(record.fields[urlName])) ?? raw;
}

function textOf(raw: unknown): string | undefined {
  if (typeof raw === "number") {
    return String(raw);
  }
  return typeof raw === "string" && raw.trim() !== "" ? raw.trim() : undefined;
}

function rejected(line: number, checkinId: string | undefined, reason: string): Normalized {
  const record: RejectedRecord = checkinId === undefined ? { line, reason } : { line, checkinId, reason };
  return { ok: false, rejected: record };
}
