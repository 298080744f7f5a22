import type Database from "better-sqlite3";

/**
 * Columns of the `checkins` table in table order: the export's order with `comment` renamed
 * `comments`.
 */
export const CHECKIN_COLUMNS = [
  "beer_name",
  "brewery_name",
  "beer_type",
  "beer_abv",
  "beer_ibu",
  "comments",
  "venue_name",
  "venue_city",
  "venue_state",
  "venue_country",
  "venue_lat",
  "venue_lng",
  "rating_score",
  "created_at",
  "checkin_url",
  "beer_url",
  "brewery_url",
  "brewery_country",
  "brewery_city",
  "brewery_state",
  "flavor_profiles",
  "purchase_venue",
  "serving_type",
  "checkin_id",
  "bid",
  "brewery_id",
  "photo_url",
  "global_rating_score",
  "global_weighted_rating_score",
  "tagged_friends",
  "total_toasts",
  "total_comments",
] as const;

/** Name of one column of the `checkins` table. */
export type CheckinColumn = (typeof CHECKIN_COLUMNS)[number];

const CREATED_AT_PATTERN =
  "[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]";

const CREATE_CHECKINS = `
CREATE TABLE IF NOT EXISTS checkins (
  beer_name TEXT NOT NULL, brewery_name TEXT NOT NULL, beer_type TEXT, beer_abv REAL, beer_ibu INTEGER,
  comments TEXT, venue_name TEXT, venue_city TEXT, venue_state TEXT, venue_country TEXT,
  venue_lat REAL, venue_lng REAL,
  rating_score REAL CHECK (rating_score IS NULL OR rating_score BETWEEN 0 AND 5),
  created_at DATETIME NOT NULL CHECK (created_at GLOB '${CREATED_AT_PATTERN}'),
  checkin_url TEXT, beer_url TEXT, brewery_url TEXT, brewery_country TEXT, brewery_city TEXT, brewery_state TEXT,
  flavor_profiles TEXT, purchase_venue TEXT, serving_type TEXT,
  checkin_id INTEGER PRIMARY KEY,
  bid INTEGER, brewery_id INTEGER,
  photo_url TEXT,
  global_rating_score REAL, global_weighted_rating_score REAL, tagged_friends TEXT,
  total_toasts INTEGER, total_comments INTEGER
)`;

const CREATE_CHECKIN_PHOTOS = `
CREATE TABLE IF NOT EXISTS checkin_photos (
  checkin_id INTEGER NOT NULL REFERENCES checkins(checkin_id) ON DELETE CASCADE,
  photo_url TEXT NOT NULL,
  PRIMARY KEY (checkin_id, photo_url)
)`;

/**
 * Creates the `checkins` and `checkin_photos` tables unless they exist.
 *
 * `created_at` is 'YYYY-MM-DD HH:MM:SS' local wall-clock time without a zone, and a CHECK
 * constraint enforces its shape, and `checkin_id` is a 64-bit INTEGER PRIMARY KEY. `checkins.photo_url` is
 * the first photo, and `checkin_photos` lists every photo of a check-in.
 */
export function ensureCheckinSchema(db: Database.Database): void {
  db.exec(CREATE_CHECKINS);
  db.exec(CREATE_CHECKIN_PHOTOS);
}
