import { CHECKIN_COLUMNS } from "./schema.js";
import { PHOTO_URL_INDEX } from "./columns.js";
import type { CheckinRow } from "./normalize.js";
import type { RejectedRecord } from "./types.js";
import type { SqlValue } from "./values.js";

/** One check-in of the file after its rows were merged, with every photo URL in file order. */
export interface MergedCheckin {
  line: number;
  checkinId: number;
  /** Values in table column order, where `photo_url` is the first photo or null. */
  values: SqlValue[];
  photos: string[];
}

/** Check-ins in order of first appearance, and what merging did to the other rows. */
export interface MergeResult {
  checkins: MergedCheckin[];
  /** Rows that repeated a check-in and differed at most in `photo_url`. */
  merged: number;
  /** Earlier rows replaced by a later row with the same checkin_id and other differences. */
  replaced: RejectedRecord[];
}

/**
 * Merges rows that share a checkin_id into one check-in.
 *
 * Untappd exports a check-in with several photos once per photo, so rows that differ only in
 * `photo_url` count as merged and add their photo. When rows differ in other columns too, the
 * later row's values win, the earlier row is reported as replaced, and the photos of both are
 * kept.
 */
export function mergeRows(rows: readonly CheckinRow[]): MergeResult {
  const byId = new Map<number, MergedCheckin>();
  const replaced: RejectedRecord[] = [];
  let merged = 0;

  for (const row of rows) {
    const photo = row.values[PHOTO_URL_INDEX];
    const existing = byId.get(row.checkinId);
    if (existing === undefined) {
      byId.set(row.checkinId, { line: row.line, checkinId: row.checkinId, values: row.values, photos: [] });
    } else {
      const differences = differingColumns(existing.values, row.values);
      if (differences.length === 0) {
        merged += 1;
      } else {
        replaced.push({
          line: existing.line,
          checkinId: String(row.checkinId),
          reason:
            `replaced by line ${row.line}, which has the same checkin_id but different ` +
            `${differences.join(", ")}; the later row was imported`,
        });
        existing.line = row.line;
        existing.values = row.values;
      }
    }
    addPhoto(byId.get(row.checkinId), photo);
  }

  const checkins = [...byId.values()];
  for (const checkin of checkins) {
    checkin.values[PHOTO_URL_INDEX] = checkin.photos[0] ?? null;
  }
  return { checkins, merged, replaced };
}

function addPhoto(checkin: MergedCheckin | undefined, photo: SqlValue | undefined): void {
  if (checkin !== undefined && typeof photo === "string" && !checkin.photos.includes(photo)) {
    checkin.photos.push(photo);
  }
}

function differingColumns(earlier: readonly SqlValue[], later: readonly SqlValue[]): string[] {
  const names: string[] = [];
  CHECKIN_COLUMNS.forEach((column, index) => {
    if (index !== PHOTO_URL_INDEX && earlier[index] !== later[index]) {
      names.push(column);
    }
  });
  return names;
}
