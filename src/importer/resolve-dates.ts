import { CREATED_AT_INDEX } from "./columns.js";
import { formatDate, resolveDateOrder, type DateOrder } from "./dates.js";
import type { CheckinRow } from "./normalize.js";
import type { RejectedRecord } from "./types.js";
import { showValue } from "./values.js";

/** Rows whose `created_at` is now 'YYYY-MM-DD HH:MM:SS', and the rows rejected for an invalid date. */
export interface ResolvedDates {
  rows: CheckinRow[];
  rejected: RejectedRecord[];
}

/**
 * Decides the file's day and month order and rewrites every `created_at` as
 * 'YYYY-MM-DD HH:MM:SS' wall-clock time, without time-zone conversion.
 *
 * A date that does not exist in the decided order, such as 31/02/2015, rejects its row.
 *
 * @throws ImportError from {@link resolveDateOrder} when the order cannot be decided.
 */
export function resolveDates(file: string, rows: readonly CheckinRow[], requested: DateOrder | undefined): ResolvedDates {
  const samples = rows.map((row) => ({ line: row.line, raw: row.rawCreatedAt, parts: row.dateParts }));
  const order = resolveDateOrder(file, samples, requested);
  const resolved: CheckinRow[] = [];
  const rejected: RejectedRecord[] = [];

  for (const row of rows) {
    const createdAt = formatDate(row.dateParts, order);
    if (createdAt === undefined) {
      rejected.push({
        line: row.line,
        checkinId: String(row.checkinId),
        reason: `created_at ${showValue(row.rawCreatedAt)} is not a valid date${describeOrder(row, order)}`,
      });
      continue;
    }
    row.values[CREATED_AT_INDEX] = createdAt;
    resolved.push(row);
  }
  return { rows: resolved, rejected };
}

function describeOrder(row: CheckinRow, order: DateOrder | undefined): string {
  if (row.dateParts.style !== "slash") {
    return "";
  }
  return order === "mdy" ? " when read month first" : " when read day first";
}
