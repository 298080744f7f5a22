import { toText } from "./chart-input.js";

/** The family given to check-ins whose `beer_type` is missing. */
export const UNKNOWN_FAMILY = "Unknown style";

/**
 * Returns the style family of an Untappd `beer_type`: the part before the first " - "
 * (`IPA` for `IPA - New England / Hazy`), the whole trimmed value when it has no " - ",
 * or {@link UNKNOWN_FAMILY} when the value is missing.
 */
export function styleFamily(beerType: unknown): string {
  const text = toText(beerType);
  if (text === null) {
    return UNKNOWN_FAMILY;
  }
  const separator = text.indexOf(" - ");
  return separator === -1 ? text : text.slice(0, separator).trim();
}
