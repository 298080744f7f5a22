import type { CheckinColumn } from "./schema.js";

/**
 * Id columns that early exports lack, with the URL column whose last path segment is the same
 * id: `https://untappd.com/c/101127053` has checkin_id 101127053.
 */
export const ID_URL_COLUMNS: ReadonlyArray<{ id: CheckinColumn; url: CheckinColumn }> = [
  { id: "checkin_id", url: "checkin_url" },
  { id: "bid", url: "beer_url" },
  { id: "brewery_id", url: "brewery_url" },
];

const TRAILING_ID = /\/(\d{1,15})\/?$/;

/**
 * Returns the numeric id at the end of an Untappd URL, or null when the URL has none.
 *
 * Both `https://untappd.com/beer/63130` and `https://untappd.com/b/some-slug/63130` give 63130.
 */
export function idFromUrl(url: unknown): number | null {
  if (typeof url !== "string") {
    return null;
  }
  const match = TRAILING_ID.exec(url.trim());
  return match?.[1] === undefined ? null : Number(match[1]);
}
