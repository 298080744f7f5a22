import type Database from "better-sqlite3";
import type { MergedCheckin } from "./merge.js";
import { CHECKIN_COLUMNS } from "./schema.js";
import type { SqlValue } from "./values.js";

/** How many check-ins were new, changed or already identical in the table. */
export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Prepared statements for writing check-ins, prepared once per import. */
interface Statements {
  selectCheckin: Database.Statement<[number], SqlValue[]>;
  selectPhotos: Database.Statement<[number], string>;
  insertCheckin: Database.Statement<SqlValue[]>;
  updateCheckin: Database.Statement<SqlValue[]>;
  deletePhotos: Database.Statement<[number]>;
  insertPhoto: Database.Statement<[number, string]>;
}

/**
 * Inserts new check-ins and updates changed ones, replacing each changed check-in's photos
 * with the file's photos.
 *
 * A check-in counts as unchanged only when every column and its set of photos are identical.
 * The function starts no transaction, so the caller must run it inside one.
 */
export function writeCheckins(db: Database.Database, checkins: readonly MergedCheckin[]): WriteCounts {
  const statements = prepareStatements(db);
  const counts: WriteCounts = { inserted: 0, updated: 0, unchanged: 0 };

  for (const checkin of checkins) {
    const stored = statements.selectCheckin.get(checkin.checkinId);
    if (stored === undefined) {
      statements.insertCheckin.run(...checkin.values);
      insertPhotos(statements, checkin);
      counts.inserted += 1;
      continue;
    }
    const storedPhotos = statements.selectPhotos.all(checkin.checkinId);
    if (sameValues(stored, checkin.values) && samePhotos(storedPhotos, checkin.photos)) {
      counts.unchanged += 1;
      continue;
    }
    statements.updateCheckin.run(...checkin.values, checkin.checkinId);
    statements.deletePhotos.run(checkin.checkinId);
    insertPhotos(statements, checkin);
    counts.updated += 1;
  }
  return counts;
}

function prepareStatements(db: Database.Database): Statements {
  const columns = CHECKIN_COLUMNS.join(", ");
  const placeholders = CHECKIN_COLUMNS.map(() => "?").join(", ");
  const assignments = CHECKIN_COLUMNS.map((column) => `${column} = ?`).join(", ");
  return {
    selectCheckin: db.prepare<[number], SqlValue[]>(`SELECT ${columns} FROM checkins WHERE checkin_id = ?`).raw(),
    selectPhotos: db.prepare<[number], string>("SELECT photo_url FROM checkin_photos WHERE checkin_id = ?").pluck(),
    insertCheckin: db.prepare<SqlValue[]>(`INSERT INTO checkins (${columns}) VALUES (${placeholders})`),
    updateCheckin: db.prepare<SqlValue[]>(`UPDATE checkins SET ${assignments} WHERE checkin_id = ?`),
    deletePhotos: db.prepare<[number]>("DELETE FROM checkin_photos WHERE checkin_id = ?"),
    insertPhoto: db.prepare<[number, string]>(
      "INSERT OR IGNORE INTO checkin_photos (checkin_id, photo_url) VALUES (?, ?)",
    ),
  };
}

function insertPhotos(statements: Statements, checkin: MergedCheckin): void {
  for (const photo of checkin.photos) {
    statements.insertPhoto.run(checkin.checkinId, photo);
  }
}

function sameValues(stored: readonly SqlValue[], values: readonly SqlValue[]): boolean {
  return values.every((value, index) => stored[index] === value);
}

function samePhotos(stored: readonly string[], photos: readonly string[]): boolean {
  return stored.length === photos.length && photos.every((photo) => stored.includes(photo));
}
