import { CHECKIN_COLUMNS, type CheckinColumn } from "./schema.js";

/** Conversion that the importer applies to an export value before storing it. */
export type ColumnKind =
  | { type: "text"; required?: boolean }
  | { type: "real"; min: number; max: number }
  | { type: "integer"; min: number; required?: boolean }
  | { type: "datetime" }
  | { type: "photo" };

/** One column of the export with the table column it fills and the conversion it gets. */
export interface ExportColumn {
  /** Header name in the export file (CSV header or JSON key). */
  exportName: string;
  column: CheckinColumn;
  /** Position of `column` in {@link CHECKIN_COLUMNS}. */
  index: number;
  kind: ColumnKind;
}

const TEXT: ColumnKind = { type: "text" };
const COUNT: ColumnKind = { type: "integer", min: 0 };
const GLOBAL_SCORE: ColumnKind = { type: "real", min: 0, max: 5 };

const KINDS: Record<CheckinColumn, ColumnKind> = {
  beer_name: { type: "text", required: true },
  brewery_name: { type: "text", required: true },
  beer_type: TEXT,
  beer_abv: { type: "real", min: 0, max: 100 },
  beer_ibu: COUNT,
  comments: TEXT,
  venue_name: TEXT,
  venue_city: TEXT,
  venue_state: TEXT,
  venue_country: TEXT,
  venue_lat: { type: "real", min: -90, max: 90 },
  venue_lng: { type: "real", min: -180, max: 180 },
  rating_score: { type: "real", min: 0, max: 5 },
  created_at: { type: "datetime" },
  checkin_url: TEXT,
  beer_url: TEXT,
  brewery_url: TEXT,
  brewery_country: TEXT,
  brewery_city: TEXT,
  brewery_state: TEXT,
  flavor_profiles: TEXT,
  purchase_venue: TEXT,
  serving_type: TEXT,
  checkin_id: { type: "integer", min: 1, required: true },
  bid: COUNT,
  brewery_id: COUNT,
  photo_url: { type: "photo" },
  global_rating_score: GLOBAL_SCORE,
  global_weighted_rating_score: GLOBAL_SCORE,
  tagged_friends: TEXT,
  total_toasts: COUNT,
  total_comments: COUNT,
};

/** The export calls `comments` `comment`. Every other column keeps its table name. */
const EXPORT_NAMES: Partial<Record<CheckinColumn, string>> = { comments: "comment" };

/** Every column the importer reads, in table order. */
export const EXPORT_COLUMNS: readonly ExportColumn[] = CHECKIN_COLUMNS.map((column, index) => ({
  exportName: EXPORT_NAMES[column] ?? column,
  column,
  index,
  kind: KINDS[column],
}));

/** Columns without which a file cannot be imported, except that checkin_url can stand in for checkin_id. */
export const REQUIRED_EXPORT_COLUMNS = ["beer_name", "brewery_name", "created_at", "checkin_id"];

/** Index of `checkin_id`, `created_at` and `photo_url` in a row of {@link CHECKIN_COLUMNS}. */
export const CHECKIN_ID_INDEX = CHECKIN_COLUMNS.indexOf("checkin_id");
export const CREATED_AT_INDEX = CHECKIN_COLUMNS.indexOf("created_at");
export const PHOTO_URL_INDEX = CHECKIN_COLUMNS.indexOf("photo_url");

/**
 * Returns the table column that a header name fills, or undefined for an unknown column.
 *
 * Matching ignores case and surrounding spaces, and accepts the table name `comments` as well
 * as the export name `comment`.
 */
export function findExportColumn(headerName: string): ExportColumn | undefined {
  const name = headerName.trim().toLowerCase();
  return EXPORT_COLUMNS.find((spec) => spec.exportName === name || spec.column === name);
}
