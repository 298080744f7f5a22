/**
 * Generates a synthetic Untappd check-in export as CSV, deterministically from a seed.
 *
 * Usage: npx tsx data/generate.ts [--out data/untappd-sample.csv] [--seed N] [--count N]
 *
 * Every brewery, venue, beer and friend name is invented. The output has the 32 columns of the
 * current export in its order and check-ins from 2016 to 2024, with more on Friday and Saturday
 * evenings. It also has the quirks an importer must handle: multi-line comments with quotes,
 * commas and emoji, unrated and venue-less check-ins, localised venue countries, and check-ins
 * exported once per photo. The same seed and count give byte-identical output on every run and in every time
 * zone, because all randomness comes from a seeded PRNG and all date arithmetic is UTC.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "csv-stringify/sync";

/** Columns of the current Untappd export, in export order. */
export const EXPORT_HEADER = [
  "beer_name", "brewery_name", "beer_type", "beer_abv", "beer_ibu", "comment", "venue_name", "venue_city",
  "venue_state", "venue_country", "venue_lat", "venue_lng", "rating_score", "created_at", "checkin_url",
  "beer_url", "brewery_url", "brewery_country", "brewery_city", "brewery_state", "flavor_profiles",
  "purchase_venue", "serving_type", "checkin_id", "bid", "brewery_id", "photo_url", "global_rating_score",
  "global_weighted_rating_score", "tagged_friends", "total_toasts", "total_comments",
] as const;

/** Column name of the export. */
export type ExportColumnName = (typeof EXPORT_HEADER)[number];

/** One CSV row of the export, every value as the export writes it (empty string for none). */
export type ExportRow = Record<ExportColumnName, string>;

/** Seed and size of a generated export. */
export interface GenerateOptions {
  seed: number;
  /** Number of distinct check-ins; the rows also include the extra rows of multi-photo check-ins. */
  count: number;
}

/** Defaults that produce the committed data/untappd-sample.csv. */
export const DEFAULT_OPTIONS: GenerateOptions = { seed: 20160101, count: 2438 };

// ---------------------------------------------------------------------------------------------
// Random numbers

/** Seeded pseudo-random numbers from mulberry32; uses only integer and float arithmetic. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Returns a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Returns an integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) {
      throw new Error("Cannot pick from an empty list");
    }
    return item;
  }

  /** Picks an item with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    let target = this.next() * total;
    for (const item of items) {
      target -= weight(item);
      if (target < 0) {
        return item;
      }
    }
    return this.pick(items);
  }

  /** Returns an approximately normal value from the sum of four uniforms (Irwin-Hall). */
  normal(mean: number, deviation: number): number {
    const sum = this.next() + this.next() + this.next() + this.next();
    return mean + (sum - 2) * deviation * 1.7320508;
  }

  hex(length: number): string {
    let text = "";
    for (let i = 0; i < length; i += 1) {
      text += "0123456789abcdef"[this.int(0, 15)];
    }
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar, in UTC so that the local time zone never changes a date

const DAY_MS = 86_400_000;
const FIRST_DAY_MS = Date.UTC(2016, 0, 1);
const DAY_COUNT = Math.round((Date.UTC(2025, 0, 1) - FIRST_DAY_MS) / DAY_MS);

interface CalendarDay {
  index: number;
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
  /** 0 is Sunday. */
  weekday: number;
}

function calendarDay(index: number): CalendarDay {
  const date = new Date(FIRST_DAY_MS + index * DAY_MS);
  return {
    index,
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
  };
}

function dayIndexOf(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - FIRST_DAY_MS) / DAY_MS);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

function formatDateTime(day: CalendarDay, secondOfDay: number): string {
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  const second = secondOfDay % 60;
  return `${day.year}-${pad(day.month)}-${pad(day.day)} ${pad(hour)}:${pad(minute)}:${pad(second)}`;
}

// ---------------------------------------------------------------------------------------------
// Places: the drinker lives in Portland, Oregon, and travels now and then

interface City {
  key: string;
  city: string;
  state: string;
  /** Country name as venue_country writes it, in the local language. */
  venueCountry: string;
  /** Country name as brewery_country writes it, in English. */
  country: string;
  lat: number;
  lng: number;
}

const CITIES: readonly City[] = [
  { key: "pdx", city: "Portland", state: "OR", venueCountry: "United States", country: "United States", lat: 45.52, lng: -122.68 },
  { key: "sea", city: "Seattle", state: "WA", venueCountry: "United States", country: "United States", lat: 47.61, lng: -122.33 },
  { key: "bend", city: "Bend", state: "OR", venueCountry: "United States", country: "United States", lat: 44.06, lng: -121.31 },
  { key: "sf", city: "San Francisco", state: "CA", venueCountry: "United States", country: "United States", lat: 37.77, lng: -122.42 },
  { key: "ber", city: "Berlin", state: "Berlin", venueCountry: "Deutschland", country: "Germany", lat: 52.52, lng: 13.4 },
  { key: "muc", city: "München", state: "Bayern", venueCountry: "Deutschland", country: "Germany", lat: 48.14, lng: 11.58 },
  { key: "osl", city: "Oslo", state: "Oslo", venueCountry: "Norge", country: "Norway", lat: 59.91, lng: 10.75 },
  { key: "tyo", city: "Tokyo", state: "東京都", venueCountry: "日本", country: "Japan", lat: 35.68, lng: 139.69 },
  { key: "lon", city: "London", state: "Greater London", venueCountry: "United Kingdom", country: "England", lat: 51.51, lng: -0.13 },
  { key: "ams", city: "Amsterdam", state: "Noord-Holland", venueCountry: "Nederland", country: "Netherlands", lat: 52.37, lng: 4.9 },
  { key: "bru", city: "Brussel", state: "Brussels Hoofdstedelijk Gewest", venueCountry: "België", country: "Belgium", lat: 50.85, lng: 4.35 },
  { key: "cph", city: "København", state: "Region Hovedstaden", venueCountry: "Danmark", country: "Denmark", lat: 55.68, lng: 12.57 },
];

function city(key: string): City {
  const found = CITIES.find((candidate) => candidate.key === key);
  if (found === undefined) {
    throw new Error(`Unknown city key ${key}`);
  }
  return found;
}

/** A trip: check-ins between the first and last day take place in `cityKey`. */
interface Trip {
  cityKey: string;
  first: number;
  last: number;
}

const TRIPS: readonly Trip[] = [
  { cityKey: "sea", first: dayIndexOf(2016, 8, 12), last: dayIndexOf(2016, 8, 15) },
  { cityKey: "ber", first: dayIndexOf(2017, 5, 20), last: dayIndexOf(2017, 5, 27) },
  { cityKey: "muc", first: dayIndexOf(2017, 9, 22), last: dayIndexOf(2017, 9, 28) },
  { cityKey: "osl", first: dayIndexOf(2018, 8, 3), last: dayIndexOf(2018, 8, 10) },
  { cityKey: "cph", first: dayIndexOf(2018, 8, 11), last: dayIndexOf(2018, 8, 14) },
  { cityKey: "tyo", first: dayIndexOf(2019, 10, 4), last: dayIndexOf(2019, 10, 14) },
  { cityKey: "sf", first: dayIndexOf(2021, 11, 18), last: dayIndexOf(2021, 11, 21) },
  { cityKey: "lon", first: dayIndexOf(2022, 6, 9), last: dayIndexOf(2022, 6, 16) },
  { cityKey: "ams", first: dayIndexOf(2023, 9, 1), last: dayIndexOf(2023, 9, 5) },
  { cityKey: "bru", first: dayIndexOf(2023, 9, 6), last: dayIndexOf(2023, 9, 9) },
  { cityKey: "tyo", first: dayIndexOf(2024, 4, 2), last: dayIndexOf(2024, 4, 9) },
  { cityKey: "ber", first: dayIndexOf(2024, 7, 18), last: dayIndexOf(2024, 7, 24) },
];

const PANDEMIC_FIRST = dayIndexOf(2020, 3, 15);
const PANDEMIC_LAST = dayIndexOf(2021, 5, 31);
const AT_HOME_FIRST = dayIndexOf(2020, 3, 20);
const SERVING_TYPE_FIRST = dayIndexOf(2017, 1, 1);
const DECIMAL_RATING_FIRST = dayIndexOf(2021, 1, 1);
const API_HOST_FIRST = dayIndexOf(2024, 1, 1);

/** The virtual "Untappd at Home" venue; its coordinates never change. */
const AT_HOME_VENUE: Venue = {
  name: "Untappd at Home",
  city: { key: "home", city: "Wilmington", state: "NC", venueCountry: "United States", country: "United States", lat: 34.2104, lng: -77.8868 },
  lat: 34.2104,
  lng: -77.8868,
  kind: "home",
};

// ---------------------------------------------------------------------------------------------
// Invented names

const STEM_STARTS = ["Al", "Bran", "Cor", "Dun", "El", "Fen", "Gal", "Har", "Is", "Jor", "Kel", "Lun", "Mor", "Nor", "Os", "Pel", "Quar", "Ros", "Sel", "Tor", "Ul", "Var", "Wen", "Yar", "Zel"];
const STEM_MIDDLES = ["a", "e", "i", "o", "u", "ar", "en", "or", "il"];
const STEM_ENDS = ["dale", "mere", "wick", "holm", "ford", "vik", "stad", "by", "ton", "moor", "gate", "ridge", "brook", "fell"];

const BREWERY_FORMS: Record<string, readonly ((stem: string) => string)[]> = {
  "United States": [(s) => `${s} Brewing Co.`, (s) => `${s} Ales`, (s) => `${s} Beer Project`, (s) => `${s} Fermentation Works`],
  Germany: [(s) => `Brauerei ${s}`, (s) => `${s}er Bräu`],
  Norway: [(s) => `${s} Bryggeri`],
  Japan: [(s) => `${s} Brewing`, (s) => `${s} Beer Works`],
  England: [(s) => `${s} Brewery`, (s) => `${s} Ales`],
  Netherlands: [(s) => `Brouwerij ${s}`],
  Belgium: [(s) => `Brasserie ${s}`],
  Denmark: [(s) => `${s} Bryghus`],
};

const BEER_ADJECTIVES = ["Quiet", "Salt", "Lantern", "Hollow", "Paper", "Velvet", "Static", "Amber", "Low Tide", "North Wind", "Slow", "Bright", "Crooked", "Silver", "Foggy", "Wild Plum", "Second", "Glass", "Tin", "Cloud", "Morning", "Copper"];
const BEER_NOUNS = ["Harbor", "Orbit", "Meadow", "Signal", "Lighthouse", "Fox", "Anchor", "Garden", "Echo", "Compass", "Ladder", "Kite", "Ember", "Canyon", "Orchard", "Parade", "Atlas", "Pixel", "Heron", "Tandem"];
const VENUE_FORMS = [(s: string) => `${s} Taproom`, (s: string) => `The ${s} Arms`, (s: string) => `${s} Beer Hall`, (s: string) => `${s} Bottle Shop & Bar`, (s: string) => `Café ${s}`, (s: string) => `${s} Tasting Room`];
const SHOP_FORMS = [(s: string) => `${s} Bottle Shop`, (s: string) => `${s} Market`, (s: string) => `${s} Beer Store`];
const FRIENDS = ["Alex K", "Sam P", "Jo R", "Mika T", "Rui S", "Noor B", "Lena V", "Kai M"];

function makeStem(random: Random): string {
  return random.pick(STEM_STARTS) + random.pick(STEM_MIDDLES) + random.pick(STEM_ENDS);
}

function uniqueStem(random: Random, used: Set<string>): string {
  for (;;) {
    const stem = makeStem(random);
    if (!used.has(stem)) {
      used.add(stem);
      return stem;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Styles, breweries, beers and venues

interface Style {
  name: string;
  /** Relative frequency among check-ins. */
  weight: number;
  abv: [number, number];
  ibu: [number, number];
  /** Mean global rating of beers of the style. */
  score: number;
  short: string;
}

const STYLES: readonly Style[] = [
  { name: "IPA - American", weight: 12, abv: [5.8, 7.5], ibu: [45, 75], score: 3.8, short: "IPA" },
  { name: "IPA - New England / Hazy", weight: 16, abv: [6, 7.5], ibu: [20, 45], score: 4.0, short: "Hazy IPA" },
  { name: "IPA - Imperial / Double", weight: 7, abv: [7.5, 9.5], ibu: [60, 100], score: 3.95, short: "Double IPA" },
  { name: "IPA - Imperial / Double New England / Hazy", weight: 7, abv: [7.8, 9], ibu: [25, 50], score: 4.1, short: "DIPA" },
  { name: "IPA - Session", weight: 3, abv: [3.8, 5], ibu: [35, 55], score: 3.55, short: "Session IPA" },
  { name: "IPA - West Coast", weight: 4, abv: [6.5, 7.5], ibu: [60, 90], score: 3.85, short: "West Coast IPA" },
  { name: "IPA - Cold", weight: 2, abv: [6, 7], ibu: [40, 60], score: 3.75, short: "Cold IPA" },
  { name: "IPA - Milkshake", weight: 1.5, abv: [6.5, 8], ibu: [15, 30], score: 3.85, short: "Milkshake IPA" },
  { name: "IPA - Sour", weight: 1, abv: [5.5, 7], ibu: [15, 30], score: 3.7, short: "Sour IPA" },
  { name: "IPA - Black / Cascadian Dark Ale", weight: 1, abv: [6.5, 8], ibu: [50, 80], score: 3.75, short: "Black IPA" },
  { name: "IPA - Triple New England / Hazy", weight: 1, abv: [10, 11.5], ibu: [30, 60], score: 4.2, short: "TIPA" },
  { name: "Pale Ale - American", weight: 5, abv: [4.8, 6], ibu: [30, 50], score: 3.65, short: "Pale Ale" },
  { name: "Pale Ale - New England / Hazy", weight: 3, abv: [4.5, 5.8], ibu: [15, 35], score: 3.85, short: "Hazy Pale" },
  { name: "Pale Ale - English", weight: 1, abv: [3.8, 5], ibu: [25, 40], score: 3.5, short: "Best" },
  { name: "Pilsner - German", weight: 4, abv: [4.6, 5.3], ibu: [25, 40], score: 3.6, short: "Pils" },
  { name: "Pilsner - Czech / Bohemian", weight: 2, abv: [4.2, 5.2], ibu: [30, 40], score: 3.65, short: "Pilsner" },
  { name: "Lager - Helles", weight: 3, abv: [4.7, 5.4], ibu: [16, 22], score: 3.55, short: "Helles" },
  { name: "Lager - Pale", weight: 2, abv: [4.2, 5], ibu: [10, 20], score: 3.3, short: "Lager" },
  { name: "Lager - Vienna", weight: 1, abv: [4.8, 5.6], ibu: [18, 28], score: 3.55, short: "Vienna Lager" },
  { name: "Lager - Japanese Rice", weight: 1, abv: [4.5, 5.2], ibu: [10, 18], score: 3.35, short: "Rice Lager" },
  { name: "Kellerbier - Zwickelbier", weight: 1, abv: [4.8, 5.4], ibu: [20, 30], score: 3.6, short: "Keller" },
  { name: "Stout - Imperial / Double", weight: 3, abv: [10, 13], ibu: [50, 80], score: 4.05, short: "Imperial Stout" },
  { name: "Stout - Imperial / Double Pastry", weight: 2, abv: [11, 14], ibu: [30, 60], score: 4.2, short: "Pastry Stout" },
  { name: "Stout - Oatmeal", weight: 1.5, abv: [5, 6.5], ibu: [25, 40], score: 3.7, short: "Oatmeal Stout" },
  { name: "Stout - Irish Dry", weight: 1, abv: [4, 4.8], ibu: [30, 40], score: 3.5, short: "Dry Stout" },
  { name: "Porter - Baltic", weight: 1, abv: [7.5, 9.5], ibu: [25, 40], score: 3.85, short: "Baltic Porter" },
  { name: "Porter - American", weight: 1, abv: [5.5, 7], ibu: [30, 45], score: 3.7, short: "Porter" },
  { name: "Sour - Fruited", weight: 4, abv: [4, 6.5], ibu: [5, 12], score: 3.85, short: "Fruited Sour" },
  { name: "Sour - Berliner Weisse", weight: 1.5, abv: [3, 4.5], ibu: [3, 8], score: 3.6, short: "Berliner" },
  { name: "Sour - Fruited Gose", weight: 1.5, abv: [4, 5.5], ibu: [5, 12], score: 3.75, short: "Gose" },
  { name: "Wild Ale - American", weight: 1, abv: [5.5, 8], ibu: [5, 20], score: 3.95, short: "Wild Ale" },
  { name: "Farmhouse Ale - Saison", weight: 2, abv: [5.5, 7.5], ibu: [20, 35], score: 3.7, short: "Saison" },
  { name: "Belgian Tripel - Traditional", weight: 1, abv: [8, 9.5], ibu: [20, 40], score: 3.8, short: "Tripel" },
  { name: "Belgian Quadrupel - Abt", weight: 1, abv: [9.5, 11.5], ibu: [20, 35], score: 4.0, short: "Quad" },
  { name: "Wheat Beer - Hefeweizen", weight: 1.5, abv: [4.8, 5.6], ibu: [10, 15], score: 3.65, short: "Hefe" },
  { name: "Wheat Beer - Witbier / Blanche", weight: 1, abv: [4.5, 5.5], ibu: [10, 20], score: 3.5, short: "Wit" },
  { name: "Bock - Doppelbock", weight: 1, abv: [7, 8.5], ibu: [18, 26], score: 3.8, short: "Doppelbock" },
  { name: "Barleywine - English", weight: 0.7, abv: [9.5, 12], ibu: [40, 70], score: 3.95, short: "Barleywine" },
  { name: "Brown Ale - American", weight: 1, abv: [5, 6.5], ibu: [25, 40], score: 3.55, short: "Brown" },
  { name: "Red Ale - Irish", weight: 0.8, abv: [4.2, 5.5], ibu: [18, 28], score: 3.45, short: "Red" },
  { name: "Cider - Traditional / Apfelwein", weight: 1, abv: [5, 6.9], ibu: [0, 0], score: 3.5, short: "Cider" },
  { name: "Non-Alcoholic Beer - IPA", weight: 1, abv: [0.3, 0.5], ibu: [20, 40], score: 3.3, short: "NA IPA" },
];

interface Brewery {
  id: number;
  name: string;
  city: City;
}

interface Beer {
  bid: number;
  name: string;
  style: Style;
  brewery: Brewery;
  abv: string;
  ibu: string;
  globalScore: string;
  globalWeighted: string;
  /** Relative chance that the drinker picks this beer again. */
  popularity: number;
}

type VenueKind = "bar" | "home";

interface Venue {
  name: string;
  city: City;
  lat: number;
  lng: number;
  kind: VenueKind;
}

interface Catalogue {
  breweries: Brewery[];
  beers: Beer[];
  venuesByCity: Map<string, Venue[]>;
  shops: string[];
}

/** Share of breweries per brewery city, as relative weights. */
const BREWERY_CITY_WEIGHTS: Record<string, number> = {
  pdx: 14, sea: 5, bend: 4, sf: 5, ber: 3, muc: 3, osl: 2, tyo: 2, lon: 3, ams: 2, bru: 2, cph: 2,
};

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

/** Formats a number as the export does: shortest decimal, at most `decimals` places. */
function decimal(value: number, decimals: number): string {
  const factor = 10 ** decimals;
  return String(Math.round(value * factor) / factor);
}

function buildCatalogue(random: Random): Catalogue {
  const usedStems = new Set<string>();
  const breweryCities = CITIES.filter((candidate) => BREWERY_CITY_WEIGHTS[candidate.key] !== undefined);
  const breweries: Brewery[] = [];
  for (let i = 0; i < 72; i += 1) {
    const home = random.weighted(breweryCities, (candidate) => BREWERY_CITY_WEIGHTS[candidate.key] ?? 0);
    const forms = BREWERY_FORMS[home.country] ?? [];
    const name = random.pick(forms)(uniqueStem(random, usedStems));
    breweries.push({ id: 3000 + i * 7 + random.int(0, 6), name, city: home });
  }

  const beers: Beer[] = [];
  const usedBeerNames = new Set<string>();
  for (const brewery of breweries) {
    const beerCount = random.int(4, 14);
    for (let i = 0; i < beerCount; i += 1) {
      beers.push(makeBeer(random, brewery, 60000 + beers.length * 13 + random.int(0, 12), usedBeerNames));
    }
  }

  const venuesByCity = new Map<string, Venue[]>();
  for (const place of CITIES) {
    const venueCount = place.key === "pdx" ? 14 : 5;
    const venues: Venue[] = [];
    for (let i = 0; i < venueCount; i += 1) {
      venues.push({
        name: random.pick(VENUE_FORMS)(uniqueStem(random, usedStems)),
        city: place,
        lat: roundTo(place.lat + random.normal(0, 0.03), 0.0001),
        lng: roundTo(place.lng + random.normal(0, 0.04), 0.0001),
        kind: "bar",
      });
    }
    venuesByCity.set(place.key, venues);
  }

  const shops = Array.from({ length: 5 }, () => random.pick(SHOP_FORMS)(uniqueStem(random, usedStems)));
  return { breweries, beers, venuesByCity, shops };
}

function makeBeer(random: Random, brewery: Brewery, bid: number, usedNames: Set<string>): Beer {
  const style = random.weighted(STYLES, (candidate) => candidate.weight);
  let name: string;
  do {
    name = `${random.pick(BEER_ADJECTIVES)} ${random.pick(BEER_NOUNS)} ${style.short}`;
  } while (usedNames.has(`${brewery.id}:${name}`));
  usedNames.add(`${brewery.id}:${name}`);

  const abvValue = style.abv[0] + random.next() * (style.abv[1] - style.abv[0]);
  const abv = random.chance(0.05) ? decimal(abvValue, 2) : decimal(abvValue, 1);
  const ibu = random.chance(0.4) ? "0" : String(random.int(style.ibu[0], style.ibu[1]));
  const unknownScore = random.chance(0.03);
  const score = Math.min(4.7, Math.max(2.4, random.normal(style.score, 0.18)));
  const weighted = Math.min(4.7, Math.max(2.4, score + random.normal(0, 0.04)));
  return {
    bid,
    name,
    style,
    brewery,
    abv,
    ibu,
    globalScore: unknownScore ? "0" : decimal(score, 2),
    globalWeighted: unknownScore ? "0" : decimal(weighted, 2),
    popularity: random.chance(0.1) ? 8 : 1,
  };
}

// ---------------------------------------------------------------------------------------------
// When the drinker checks in

/** Relative number of check-ins per year: a growth curve that flattens out. */
const YEAR_WEIGHTS: Record<number, number> = {
  2016: 0.35, 2017: 0.55, 2018: 0.8, 2019: 1.0, 2020: 1.15, 2021: 1.25, 2022: 1.3, 2023: 1.35, 2024: 1.35,
};
/** Relative activity per month, January first: summer and December are busier. */
const MONTH_WEIGHTS = [0.8, 0.75, 0.85, 0.9, 1.05, 1.15, 1.2, 1.15, 1.0, 1.05, 0.9, 1.25];
/** Relative activity per weekday, Sunday first. */
const WEEKDAY_WEIGHTS = [1.1, 0.45, 0.5, 0.65, 0.9, 1.9, 2.2];

function tripOn(dayIndex: number): Trip | undefined {
  return TRIPS.find((trip) => dayIndex >= trip.first && dayIndex <= trip.last);
}

/** Builds the cumulative weight of each day, for picking session days by binary search. */
function cumulativeDayWeights(): number[] {
  const cumulative: number[] = [];
  let total = 0;
  for (let index = 0; index < DAY_COUNT; index += 1) {
    const day = calendarDay(index);
    const trip = tripOn(index) ? 4 : 1;
    total += (YEAR_WEIGHTS[day.year] ?? 1) * (MONTH_WEIGHTS[day.month - 1] ?? 1) * (WEEKDAY_WEIGHTS[day.weekday] ?? 1) * trip;
    cumulative.push(total);
  }
  return cumulative;
}

function pickDay(random: Random, cumulative: readonly number[]): number {
  const target = random.next() * (cumulative[cumulative.length - 1] ?? 0);
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((cumulative[middle] ?? 0) <= target) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** Picks the start of a session in seconds after midnight: evenings, and afternoons at weekends. */
function pickSessionStart(random: Random, day: CalendarDay, onTrip: boolean): number {
  const weekend = day.weekday === 0 || day.weekday === 6 || onTrip;
  const hours = weekend ? [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22] : [16, 17, 18, 19, 20, 21, 22];
  const hour = random.weighted(hours, (h) => (h >= 18 && h <= 21 ? 3 : 1));
  return hour * 3600 + random.int(0, 3599);
}

// ---------------------------------------------------------------------------------------------
// Check-ins

interface Session {
  day: CalendarDay;
  start: number;
  size: number;
  venue: Venue | undefined;
  friends: string[];
  trip: Trip | undefined;
}

interface Checkin {
  day: CalendarDay;
  secondOfDay: number;
  session: Session;
  beer: Beer;
}

function pickVenue(random: Random, catalogue: Catalogue, dayIndex: number, trip: Trip | undefined): Venue | undefined {
  if (trip !== undefined) {
    return random.chance(0.1) ? undefined : random.pick(catalogue.venuesByCity.get(trip.cityKey) ?? []);
  }
  const pandemic = dayIndex >= PANDEMIC_FIRST && dayIndex <= PANDEMIC_LAST;
  const atHome = dayIndex >= AT_HOME_FIRST && random.chance(pandemic ? 0.4 : 0.1);
  if (atHome) {
    return AT_HOME_VENUE;
  }
  if (random.chance(pandemic ? 0.5 : 0.22)) {
    return undefined;
  }
  const local = random.chance(0.85) ? "pdx" : random.pick(["sea", "bend"]);
  return random.pick(catalogue.venuesByCity.get(local) ?? []);
}

function makeSessions(random: Random, catalogue: Catalogue, count: number): Session[] {
  const cumulative = cumulativeDayWeights();
  const sessions: Session[] = [];
  let planned = 0;
  while (planned < count) {
    const dayIndex = pickDay(random, cumulative);
    const day = calendarDay(dayIndex);
    const trip = tripOn(dayIndex);
    const venue = pickVenue(random, catalogue, dayIndex, trip);
    const size = Math.min(count - planned, random.weighted([1, 2, 3, 4], (n) => [0, 0.55, 0.25, 0.12, 0.08][n] ?? 0));
    const social = venue !== undefined && venue.kind === "bar" && random.chance(0.3);
    const friends = social ? pickFriends(random) : [];
    sessions.push({ day, start: pickSessionStart(random, day, trip !== undefined), size, venue, friends, trip });
    planned += size;
  }
  return sessions;
}

function pickFriends(random: Random): string[] {
  const count = random.weighted([1, 2, 3], (n) => [0, 0.6, 0.3, 0.1][n] ?? 0);
  const friends: string[] = [];
  while (friends.length < count) {
    const friend = random.pick(FRIENDS);
    if (!friends.includes(friend)) {
      friends.push(friend);
    }
  }
  return friends;
}

function pickBeer(random: Random, catalogue: Catalogue, session: Session): Beer {
  const country = session.trip === undefined ? "United States" : city(session.trip.cityKey).country;
  const local = random.chance(0.75);
  const pool = catalogue.beers.filter((beer) => (beer.brewery.city.country === country) === local);
  return random.weighted(pool.length > 0 ? pool : catalogue.beers, (beer) => beer.popularity);
}

function makeCheckins(random: Random, catalogue: Catalogue, count: number): Checkin[] {
  const checkins: Checkin[] = [];
  for (const session of makeSessions(random, catalogue, count)) {
    let secondOfDay = session.start;
    for (let i = 0; i < session.size; i += 1) {
      checkins.push({ day: session.day, secondOfDay: Math.min(secondOfDay, 86_399), session, beer: pickBeer(random, catalogue, session) });
      secondOfDay += random.int(15 * 60, 55 * 60);
    }
  }
  return checkins.sort((a, b) => a.day.index - b.day.index || a.secondOfDay - b.secondOfDay);
}

// ---------------------------------------------------------------------------------------------
// Values of one row

const FIRST_CHECKIN_ID = 300_000_000;
const LAST_CHECKIN_ID = 1_450_000_000;

/** Assigns check-in ids that grow with time, stay below 2^31 and never repeat. */
function assignIds(random: Random, checkins: readonly Checkin[]): number[] {
  const ids: number[] = [];
  let previous = FIRST_CHECKIN_ID - 1;
  const span = DAY_COUNT * 86_400;
  for (const checkin of checkins) {
    const elapsed = checkin.day.index * 86_400 + checkin.secondOfDay;
    const target = FIRST_CHECKIN_ID + Math.floor((elapsed / span) * (LAST_CHECKIN_ID - FIRST_CHECKIN_ID));
    const id = Math.max(previous + 1, target + random.int(0, 900));
    ids.push(id);
    previous = id;
  }
  return ids;
}

const SIMPLE_COMMENTS = [
  "Solid.",
  "Would have again",
  "Nice and crisp, would have again",
  "Too sweet for me",
  "Better on draft than from the can",
  "Shared with friends",
  "Birthday beer!",
  "Pine, grapefruit, resin, and a dry finish",
  "Thin body, big aroma, short finish",
  "Not my style, but well made",
];
const EMOJI_COMMENTS = ["Great hazy one 🍺", "Summer in a glass ☀️🍻", "🔥🔥🔥", "Perfect after a long hike 🥾", "Cheers, everyone 🍻", "Smells like a fruit basket 🍑🥭"];
const QUOTED_COMMENTS = [
  'They call it "juicy", I call it sweet',
  'The "barrel-aged" version is better',
  'Bartender said "trust me" and was right',
];
const MULTILINE_COMMENTS = [
  "Poured from the tap.\nLight body, clean finish",
  'Notes:\n- citrus\n- pine\n- a little "dank"',
  "First pour was all foam.\n\nSecond pour perfect 👌",
  "Round two, same verdict:\nhoppy, bitter, lovely 🍺",
];

function pickComment(random: Random): string {
  const kind = random.next();
  if (kind < 0.5) {
    return random.pick(SIMPLE_COMMENTS);
  }
  if (kind < 0.7) {
    return random.pick(EMOJI_COMMENTS);
  }
  if (kind < 0.82) {
    return random.pick(QUOTED_COMMENTS);
  }
  return random.pick(MULTILINE_COMMENTS);
}

const FLAVOURS = ["hoppy", "juicy", "bitter", "citrusy", "piney", "malty", "roasty", "sweet", "sour", "tart", "fruity", "crisp", "light", "smooth", "boozy", "dry", "dank", "creamy", "earthy", "spicy"];
const TYPED_FLAVOURS = ["Citrus Peel", "Stone Fruit", "Good With Pizza", "Toasted Coconut"];

function pickFlavours(random: Random): string {
  if (!random.chance(0.35)) {
    return "";
  }
  const tags: string[] = [];
  const count = random.int(1, 3);
  while (tags.length < count) {
    const tag = random.pick(FLAVOURS);
    if (!tags.includes(tag)) {
      tags.push(tag);
    }
  }
  if (random.chance(0.06)) {
    tags.push(random.pick(TYPED_FLAVOURS));
  }
  return tags.join(",");
}

function pickServingType(random: Random, venue: Venue | undefined): string {
  if (random.chance(0.08)) {
    return "";
  }
  if (venue === undefined || venue.kind === "home") {
    return random.weighted(["Can", "Bottle", "Growler", "Crowler"], (t) => ({ Can: 55, Bottle: 35, Growler: 5, Crowler: 5 })[t] ?? 0);
  }
  const cask = venue.city.key === "lon" ? 25 : 2;
  return random.weighted(["Draft", "Taster", "Cask", "Nitro", "Bottle", "Can"], (t) => ({ Draft: 60, Taster: 15, Cask: cask, Nitro: 3, Bottle: 6, Can: 6 })[t] ?? 0);
}

function pickRating(random: Random, beer: Beer, dayIndex: number): string {
  if (random.chance(0.07)) {
    return "";
  }
  const base = beer.globalScore === "0" ? beer.style.score : Number(beer.globalScore);
  const raw = Math.min(5, Math.max(0.25, random.normal(base, 0.35)));
  if (dayIndex >= DECIMAL_RATING_FIRST && random.chance(0.4)) {
    return decimal(Math.max(0.1, roundTo(raw, 0.1)), 1);
  }
  return String(Math.max(0.25, roundTo(raw, 0.25)));
}

function photoUrl(random: Random, day: CalendarDay): string {
  const folder = day.year < 2017 ? "photo" : "photos";
  return `https://untappd.s3.amazonaws.com/${folder}/${day.year}_${pad(day.month)}_${pad(day.day)}/${random.hex(32)}_raw.jpg`;
}

function toRow(random: Random, catalogue: Catalogue, checkin: Checkin, checkinId: number): ExportRow {
  const { beer, day, session } = checkin;
  const venue = session.venue;
  const host = day.index >= API_HOST_FIRST ? "https://api.untappd.com" : "https://untappd.com";
  const modern = day.index >= SERVING_TYPE_FIRST;
  const atHome = venue === undefined || venue.kind === "home";
  const comment = random.chance(0.33) ? pickComment(random) : "";
  const photo = random.chance(0.28) ? photoUrl(random, day) : "";
  const toasts = random.chance(0.6) ? random.int(0, 3) : random.int(0, 12);
  return {
    beer_name: beer.name,
    brewery_name: beer.brewery.name,
    beer_type: beer.style.name,
    beer_abv: beer.abv,
    beer_ibu: beer.ibu,
    comment,
    venue_name: venue?.name ?? "",
    venue_city: venue?.city.city ?? "",
    venue_state: venue?.city.state ?? "",
    venue_country: venue === undefined ? "" : venueCountry(random, venue),
    venue_lat: venue === undefined ? "" : String(venue.lat),
    venue_lng: venue === undefined ? "" : String(venue.lng),
    rating_score: pickRating(random, beer, day.index),
    created_at: formatDateTime(day, checkin.secondOfDay),
    checkin_url: `${host}/c/${checkinId}`,
    beer_url: `${host}/beer/${beer.bid}`,
    brewery_url: `${host}/brewery/${beer.brewery.id}`,
    brewery_country: beer.brewery.city.country,
    brewery_city: beer.brewery.city.city,
    brewery_state: beer.brewery.city.state,
    flavor_profiles: modern ? pickFlavours(random) : "",
    purchase_venue: modern && atHome && random.chance(0.3) ? random.pick(catalogue.shops) : "",
    serving_type: modern ? pickServingType(random, venue) : "",
    checkin_id: String(checkinId),
    bid: String(beer.bid),
    brewery_id: String(beer.brewery.id),
    photo_url: photo,
    global_rating_score: beer.globalScore,
    global_weighted_rating_score: beer.globalWeighted,
    tagged_friends: session.friends.join(","),
    total_toasts: String(toasts),
    total_comments: String(comment !== "" && random.chance(0.2) ? random.int(1, 3) : 0),
  };
}

/** Returns the venue country, in English for some German venues because real exports mix both. */
function venueCountry(random: Random, venue: Venue): string {
  if (venue.city.venueCountry === "Deutschland" && random.chance(0.15)) {
    return "Germany";
  }
  return venue.city.venueCountry;
}

/**
 * Generates the export rows for `options.count` distinct check-ins, oldest first.
 *
 * About one check-in in 270 (9 of the default 2,438) has a second photo, so it appears twice in
 * adjacent rows that differ only in `photo_url`.
 */
export function generateRows(options: GenerateOptions = DEFAULT_OPTIONS): ExportRow[] {
  const random = new Random(options.seed);
  const catalogue = buildCatalogue(random);
  const checkins = makeCheckins(random, catalogue, options.count);
  const ids = assignIds(random, checkins);
  const rows = checkins.map((checkin, index) => toRow(random, catalogue, checkin, ids[index] ?? 0));
  return addSecondPhotos(random, rows, Math.max(1, Math.round((options.count * 9) / 2438)));
}

function addSecondPhotos(random: Random, rows: readonly ExportRow[], duplicates: number): ExportRow[] {
  const withPhoto = rows.map((row, index) => ({ row, index })).filter(({ row }) => row.photo_url !== "");
  const chosen = new Set<number>();
  while (chosen.size < Math.min(duplicates, withPhoto.length)) {
    chosen.add(random.pick(withPhoto).index);
  }
  const output: ExportRow[] = [];
  rows.forEach((row, index) => {
    output.push(row);
    if (chosen.has(index)) {
      const date = row.created_at.slice(0, 10).replaceAll("-", "_");
      const folder = row.photo_url.includes("/photo/") ? "photo" : "photos";
      output.push({ ...row, photo_url: `https://untappd.s3.amazonaws.com/${folder}/${date}/${random.hex(32)}_raw.jpg` });
    }
  });
  return output;
}

/** Renders rows as the export's CSV: header line, LF line ends, quotes only where needed. */
export function renderCsv(rows: readonly ExportRow[]): string {
  const records = rows.map((row) => EXPORT_HEADER.map((column) => row[column]));
  return stringify([[...EXPORT_HEADER], ...records], { record_delimiter: "\n" });
}

// ---------------------------------------------------------------------------------------------
// Command line

interface CommandLine extends GenerateOptions {
  out: string;
}

function parseCommandLine(args: readonly string[]): CommandLine {
  const options: CommandLine = { ...DEFAULT_OPTIONS, out: fileURLToPath(new URL("./untappd-sample.csv", import.meta.url)) };
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i];
    const value = args[i + 1];
    if (value === undefined) {
      throw new Error(`Missing value after ${flag}. Usage: generate.ts [--out FILE] [--seed N] [--count N]`);
    }
    if (flag === "--out") {
      options.out = resolve(value);
    } else if (flag === "--seed") {
      options.seed = parseWholeNumber(flag, value, 0);
    } else if (flag === "--count") {
      options.count = parseWholeNumber(flag, value, 1);
    } else {
      throw new Error(`Unknown option ${flag}. Usage: generate.ts [--out FILE] [--seed N] [--count N]`);
    }
  }
  return options;
}

function parseWholeNumber(flag: string, value: string, min: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > 0xffffffff) {
    throw new Error(`Invalid ${flag} ${JSON.stringify(value)}: expected a whole number from ${min} to 4294967295.`);
  }
  return number;
}

function main(): void {
  const options = parseCommandLine(process.argv.slice(2));
  writeFileSync(options.out, renderCsv(generateRows(options)));
}

const invokedPath = process.argv[1] === undefined ? "" : resolve(process.argv[1]);
if (invokedPath === fileURLToPath(import.meta.url)) {
  main();
}
