import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import type { DataFrame } from "danfojs-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { abvVersusRating } from "../src/charts/abv-versus-rating.js";
import { checkinsOverTime, OTHER_FAMILIES } from "../src/charts/checkins-over-time.js";
import type { Figure } from "../src/charts/figure.js";
import { ratingDistribution } from "../src/charts/rating-distribution.js";
import { rollingMean } from "../src/charts/rolling-mean.js";
import { styleFamily, UNKNOWN_FAMILY } from "../src/charts/style-family.js";
import { topBreweries, topStyles } from "../src/charts/top-counts.js";
import { venueMap } from "../src/charts/venue-map.js";
import { HOURS, WEEKDAYS, weekdayHourHeatmap } from "../src/charts/weekday-hour-heatmap.js";
import { toDataFrame } from "../src/frame/to-frame.js";
import { importCheckins } from "../src/importer/index.js";

const SAMPLE = fileURLToPath(new URL("../data/untappd-sample.csv", import.meta.url));
const CHARTS = fileURLToPath(new URL("../src/charts/", import.meta.url));

let dir: string;
let db: Database.Database;
let frame: DataFrame;

/** Rows as the ORDS server sends them: every column, dates as `YYYY-MM-DDTHH:MM:SSZ`. */
function serverRows(sql: string): Record<string, unknown>[] {
  return (db.prepare(sql).all() as Record<string, unknown>[]).map((row) => ({
    ...row,
    created_at: String(row.created_at).replace(" ", "T") + "Z",
  }));
}

function count(sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

function annotationTexts(figure: Figure): string[] {
  return ((figure.layout.annotations ?? []) as { text: string }[]).map((annotation) => annotation.text);
}

function titleText(figure: Figure): string {
  return (figure.layout.title as { text: string }).text;
}

function sum(values: readonly unknown[]): number {
  return values.reduce((total: number, value) => total + (typeof value === "number" ? value : 0), 0);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ordslab-charts-"));
  db = new Database(join(dir, "checkins.sqlite"));
  await importCheckins(db, SAMPLE);
  frame = toDataFrame(serverRows("SELECT * FROM checkins ORDER BY checkin_id"));
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const FAMILY_SQL = "CASE WHEN instr(beer_type, ' - ') > 0 THEN substr(beer_type, 1, instr(beer_type, ' - ') - 1) ELSE beer_type END";

describe("checkinsOverTime", () => {
  it("counts months like SQL", () => {
    const figure = checkinsOverTime(frame, { period: "month" });
    const trace = figure.data[0] as { x: string[]; y: number[] };
    const expected = db.prepare("SELECT substr(created_at, 1, 7) || '-01' AS month, count(*) AS n FROM checkins GROUP BY 1").all() as { month: string; n: number }[];

    for (const { month, n } of expected) {
      expect(trace.y[trace.x.indexOf(month)], month).toBe(n);
    }
    expect(sum(trace.y)).toBe(count("SELECT count(*) AS n FROM checkins"));
  });

  it("stacks style families that add up", () => {
    const figure = checkinsOverTime(frame, { period: "month", splitBy: "style family", topFamilies: 5 });
    const traces = figure.data as { name: string; x: string[]; y: number[]; type: string }[];
    const plain = checkinsOverTime(frame, { period: "month" }).data[0] as { x: string[]; y: number[] };

    expect(traces).toHaveLength(6);
    expect(traces[5]?.name).toBe(OTHER_FAMILIES);
    expect(figure.layout.barmode).toBe("stack");
    plain.x.forEach((month, index) => {
      const stacked = traces.reduce((total, trace) => total + (trace.y[index] as number), 0);
      expect(stacked, month).toBe(plain.y[index]);
    });

    const families = db.prepare(`SELECT ${FAMILY_SQL} AS family, count(*) AS n FROM checkins GROUP BY 1 ORDER BY n DESC, family`).all() as { family: string; n: number }[];
    for (const [index, { family, n }] of families.slice(0, 5).entries()) {
      expect(traces[index]?.name).toBe(family);
      expect(sum(traces[index]?.y ?? [])).toBe(n);
    }
    expect(sum(traces[5]?.y ?? [])).toBe(sum(families.slice(5).map((family) => family.n)));
  });

  it("adds a trailing rolling mean", () => {
    const figure = checkinsOverTime(frame, { period: "month", rollingMean: 3 });
    const bars = figure.data[0] as { y: number[] };
    const line = figure.data[1] as { type: string; mode: string; y: (number | null)[] };

    expect(line.type).toBe("scatter");
    expect(line.mode).toBe("lines");
    expect(line.y.slice(0, 2)).toEqual([null, null]);
    for (let index = 2; index < bars.y.length; index += 1) {
      const expected = ((bars.y[index - 2] as number) + (bars.y[index - 1] as number) + (bars.y[index] as number)) / 3;
      expect(line.y[index]).toBeCloseTo(expected, 10);
    }
  });

  it("starts weeks on Monday", () => {
    const figure = checkinsOverTime(frame, { period: "week" });
    const trace = figure.data[0] as { x: string[] };

    for (const start of trace.x) {
      expect(new Date(`${start}T00:00:00Z`).getUTCDay(), start).toBe(1);
    }
  });

  it("rejects invalid options", () => {
    expect(() => checkinsOverTime(frame, { period: "quarter" as "month" })).toThrow(/period must be one of day, week, month, year/);
    expect(() => checkinsOverTime(frame, { rollingMean: 0 })).toThrow(/rollingMean must be a positive integer/);
    expect(() => checkinsOverTime(frame, { splitBy: "brewery" as "style family" })).toThrow(/splitBy must be "style family"/);
  });
});

describe("rollingMean and styleFamily", () => {
  it("computes trailing means", () => {
    expect(rollingMean([1, 2, 3, 4], 2)).toEqual([null, 1.5, 2.5, 3.5]);
    expect(rollingMean([5, 7], 1)).toEqual([5, 7]);
    expect(rollingMean([1, 2], 3)).toEqual([null, null]);
  });

  it("takes the part before the dash", () => {
    expect(styleFamily("IPA - New England / Hazy")).toBe("IPA");
    expect(styleFamily("Stout - Imperial / Double Milk")).toBe("Stout");
    expect(styleFamily("Kombucha")).toBe("Kombucha");
    expect(styleFamily(null)).toBe(UNKNOWN_FAMILY);
    expect(styleFamily("  ")).toBe(UNKNOWN_FAMILY);
  });
});

describe("ratingDistribution", () => {
  it("counts ratings like SQL", () => {
    const figure = ratingDistribution(frame);
    const trace = figure.data[0] as { x: number[]; y: number[] };
    const expected = db.prepare("SELECT rating_score AS rating, count(*) AS n FROM checkins WHERE rating_score IS NOT NULL GROUP BY 1 ORDER BY 1").all() as { rating: number; n: number }[];

    expect(trace.x).toEqual(expected.map((row) => row.rating));
    expect(trace.y).toEqual(expected.map((row) => row.n));
  });

  it("shows both rating steps", () => {
    const trace = ratingDistribution(frame).data[0] as { x: number[] };

    expect(trace.x).toContain(3.25);
    expect(trace.x).toContain(3.4);
  });

  it("states the unrated count", () => {
    const unrated = count("SELECT count(*) AS n FROM checkins WHERE rating_score IS NULL");
    const rated = count("SELECT count(*) AS n FROM checkins WHERE rating_score IS NOT NULL");

    expect(unrated).toBeGreaterThan(0);
    expect(titleText(ratingDistribution(frame))).toContain(`${rated.toLocaleString("en-US")} rated, ${unrated} unrated`);
  });

  it("says when nothing is rated", () => {
    const figure = ratingDistribution(toDataFrame([{ rating_score: null }, { rating_score: null }]));

    expect(annotationTexts(figure)).toEqual(["No rated check-ins to show"]);
    expect(titleText(figure)).toContain("0 rated, 2 unrated");
  });
});

describe("topStyles and topBreweries", () => {
  it("counts styles like SQL", () => {
    const figure = topStyles(frame, { limit: 10 });
    const trace = figure.data[0] as { orientation: string; x: number[]; y: string[]; customdata: string[] };
    const expected = db.prepare("SELECT beer_type AS name, count(*) AS n, avg(rating_score) AS mean FROM checkins WHERE beer_type IS NOT NULL GROUP BY 1 ORDER BY n DESC, name LIMIT 10").all() as { name: string; n: number; mean: number }[];

    expect(trace.orientation).toBe("h");
    expect(trace.y).toEqual(expected.map((row) => row.name));
    expect(trace.x).toEqual(expected.map((row) => row.n));
    expected.forEach((row, index) => {
      expect(trace.customdata[index]).toContain(`mean rating ${row.mean.toFixed(2)}`);
    });
  });

  it("counts breweries like SQL", () => {
    const figure = topBreweries(frame, { limit: 5 });
    const trace = figure.data[0] as { x: number[]; y: string[] };
    const expected = db.prepare("SELECT brewery_name AS name, count(*) AS n FROM checkins GROUP BY 1 ORDER BY n DESC, name LIMIT 5").all() as { name: string; n: number }[];

    expect(trace.y).toEqual(expected.map((row) => row.name));
    expect(trace.x).toEqual(expected.map((row) => row.n));
    expect(titleText(figure)).toContain("Top 5 breweries");
  });

  it("rejects a zero limit", () => {
    expect(() => topStyles(frame, { limit: 0 })).toThrow(/limit must be a positive integer, got 0/);
  });
});

describe("abvVersusRating", () => {
  it("plots rated check-ins with an ABV", () => {
    const figure = abvVersusRating(frame);
    const trace = figure.data[0] as { x: number[]; y: number[]; customdata: [string, string][] };

    expect(trace.x).toHaveLength(count("SELECT count(*) AS n FROM checkins WHERE beer_abv > 0 AND rating_score IS NOT NULL"));
    const first = db.prepare("SELECT beer_name, brewery_name, beer_abv, rating_score FROM checkins WHERE beer_abv > 0 AND rating_score IS NOT NULL ORDER BY checkin_id LIMIT 1").get() as Record<string, unknown>;
    expect(trace.customdata[0]).toEqual([first.beer_name, first.brewery_name]);
    expect(trace.x[0]).toBeCloseTo(first.beer_abv as number, 5);
    expect(trace.y[0]).toBeCloseTo(first.rating_score as number, 5);
  });

  it("skips ABV 0 and unrated", () => {
    const rows = [
      { beer_name: "Known", brewery_name: "B", beer_abv: 5.2, rating_score: 4 },
      { beer_name: "Unknown ABV", brewery_name: "B", beer_abv: 0, rating_score: 3.5 },
      { beer_name: "Unrated", brewery_name: "B", beer_abv: 6, rating_score: null },
    ];
    const figure = abvVersusRating(toDataFrame(rows));
    const trace = figure.data[0] as { x: number[]; customdata: [string, string][] };

    expect(trace.customdata).toEqual([["Known", "B"]]);
    expect(titleText(figure)).toContain("2 without an ABV or a rating not shown");
  });
});

describe("weekdayHourHeatmap", () => {
  it("sums cells to timed check-ins", () => {
    const figure = weekdayHourHeatmap(frame);
    const trace = figure.data[0] as { type: string; x: string[]; y: string[]; z: number[][] };

    expect(trace.type).toBe("heatmap");
    expect(trace.x).toEqual(HOURS);
    expect(trace.y).toEqual([...WEEKDAYS]);
    expect(trace.y[0]).toBe("Monday");
    expect(sum(trace.z.flat())).toBe(count("SELECT count(*) AS n FROM checkins WHERE created_at IS NOT NULL"));
  });

  it("matches SQL weekday and hour", () => {
    const trace = weekdayHourHeatmap(frame).data[0] as { z: number[][] };
    const cells = db.prepare("SELECT CAST(strftime('%w', created_at) AS INTEGER) AS weekday, CAST(strftime('%H', created_at) AS INTEGER) AS hour, count(*) AS n FROM checkins GROUP BY 1, 2").all() as { weekday: number; hour: number; n: number }[];

    for (const { weekday, hour, n } of cells) {
      expect(trace.z[(weekday + 6) % 7]?.[hour], `weekday ${weekday} hour ${hour}`).toBe(n);
    }
  });
});

describe("venueMap", () => {
  it("groups venues like SQL", () => {
    const figure = venueMap(frame);
    const trace = figure.data[0] as { type: string; lat: number[]; marker: { size: number[] }; customdata: [string, string, number][] };
    const located = count("SELECT count(*) AS n FROM checkins WHERE venue_lat IS NOT NULL AND venue_lng IS NOT NULL");
    const venues = count("SELECT count(*) AS n FROM (SELECT DISTINCT venue_name, printf('%.4f', venue_lat), printf('%.4f', venue_lng) FROM checkins WHERE venue_lat IS NOT NULL AND venue_lng IS NOT NULL)");

    expect(trace.type).toBe("scattergeo");
    expect(trace.lat).toHaveLength(venues);
    expect(sum(trace.marker.size)).toBe(located);
    expect(titleText(figure)).toContain(`${count("SELECT count(*) AS n FROM checkins WHERE venue_lat IS NULL")} without venue coordinates`);
  });

  it("hovers with name and city", () => {
    const trace = venueMap(frame).data[0] as { customdata: [string, string, string][] };
    const top = db.prepare("SELECT venue_name, venue_city, venue_country, count(*) AS n FROM checkins WHERE venue_lat IS NOT NULL GROUP BY venue_name, venue_lat, venue_lng ORDER BY n DESC LIMIT 1").get() as Record<string, unknown>;

    expect(trace.customdata[0]).toEqual([top.venue_name, `${String(top.venue_city)}, ${String(top.venue_country)}`, `${top.n} check-ins`]);
  });

  it("uses the world 110m map", () => {
    const geo = venueMap(frame).layout.geo as Record<string, unknown>;

    expect(geo.scope).toBe("world");
    expect(geo.resolution).toBe(110);
  });
});

describe("charts across time zones", () => {
  const ZONES = ["UTC", "America/Los_Angeles", "Asia/Kolkata"];

  function chartsIn(zone: string): string {
    const previous = process.env.TZ;
    process.env.TZ = zone;
    try {
      return JSON.stringify([
        checkinsOverTime(frame, { period: "month" }),
        checkinsOverTime(frame, { period: "week", splitBy: "style family" }),
        checkinsOverTime(frame, { period: "day" }),
        weekdayHourHeatmap(frame),
      ]);
    } finally {
      if (previous === undefined) {
        delete process.env.TZ;
      } else {
        process.env.TZ = previous;
      }
    }
  }

  it("changes local getters at run time", () => {
    const instant = new Date(Date.UTC(2020, 0, 1, 3, 0, 0));
    const hourIn = (zone: string): number => {
      const previous = process.env.TZ;
      process.env.TZ = zone;
      const hour = instant.getHours();
      process.env.TZ = previous ?? "";
      if (previous === undefined) {
        delete process.env.TZ;
      }
      return hour;
    };

    expect(hourIn("UTC")).toBe(3);
    expect(hourIn("America/Los_Angeles")).toBe(19);
  });

  it("gives identical figures", () => {
    const [first, ...others] = ZONES.map(chartsIn);
    for (const [index, other] of others.entries()) {
      expect(other === first, ZONES[index + 1]).toBe(true);
    }
  });

  it("chart sources use no local getters", () => {
    const localTime = /\.(getFullYear|getMonth|getDate|getDay|getHours|getMinutes|getSeconds|getTimezoneOffset|setHours|setDate|setMonth|setFullYear|toLocaleDateString|toLocaleTimeString|toDateString|toTimeString)\(|\.dt\./;
    const files = readdirSync(CHARTS).filter((name) => name.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    for (const name of files) {
      expect(readFileSync(join(CHARTS, name), "utf8"), name).not.toMatch(localTime);
    }
    const columns = readFileSync(fileURLToPath(new URL("../src/frame/columns.ts", import.meta.url)), "utf8");
    expect(columns).not.toMatch(localTime);
  });
});

describe("charts of empty frames", () => {
  const CHARTS_AND_MESSAGES: [string, (data: DataFrame) => Figure, string][] = [
    ["checkinsOverTime", (data) => checkinsOverTime(data), "No check-ins to show"],
    ["split checkinsOverTime", (data) => checkinsOverTime(data, { splitBy: "style family", rollingMean: 2 }), "No check-ins to show"],
    ["ratingDistribution", ratingDistribution, "No check-ins to show"],
    ["topStyles", (data) => topStyles(data), "No check-ins to show"],
    ["topBreweries", (data) => topBreweries(data), "No check-ins to show"],
    ["abvVersusRating", abvVersusRating, "No check-ins to show"],
    ["weekdayHourHeatmap", weekdayHourHeatmap, "No check-ins to show"],
    ["venueMap", venueMap, "No check-ins to show"],
  ];

  it.each(CHARTS_AND_MESSAGES)("%s of no rows says so", (_, chart, message) => {
    const figure = chart(toDataFrame([]));

    expect(annotationTexts(figure)).toEqual([message]);
    expect(titleText(figure)).not.toBe("");
  });

  it.each(CHARTS_AND_MESSAGES)("%s of filtered rows says so", (_, chart, message) => {
    const none = frame.iloc({ rows: [] as number[] });

    expect(annotationTexts(chart(none))).toEqual([message]);
  });

  it("venue map without coordinates says so", () => {
    const figure = venueMap(toDataFrame([{ venue_name: null, venue_city: null, venue_lat: null, venue_lng: null }]));

    expect(annotationTexts(figure)).toEqual(["No venues to show"]);
  });

  it("top styles without styles says so", () => {
    const figure = topStyles(toDataFrame([{ beer_type: null, rating_score: 4 }]));

    expect(annotationTexts(figure)).toEqual(["No styles to show"]);
  });
});

describe("charts of frames missing a column", () => {
  const CASES: [string, () => Figure, string][] = [
    ["checkinsOverTime", () => checkinsOverTime(frame, { column: "drunk_at" }), "drunk_at"],
    ["split checkinsOverTime", () => checkinsOverTime(frame.drop({ columns: ["beer_type"] }), { splitBy: "style family" }), "beer_type"],
    ["ratingDistribution", () => ratingDistribution(frame.drop({ columns: ["rating_score"] })), "rating_score"],
    ["topStyles", () => topStyles(frame.drop({ columns: ["beer_type"] })), "beer_type"],
    ["topBreweries", () => topBreweries(frame.drop({ columns: ["rating_score"] })), "rating_score"],
    ["abvVersusRating", () => abvVersusRating(frame.drop({ columns: ["beer_abv"] })), "beer_abv"],
    ["weekdayHourHeatmap", () => weekdayHourHeatmap(frame.drop({ columns: ["created_at"] })), "created_at"],
    ["venueMap", () => venueMap(frame.drop({ columns: ["venue_lat"] })), "venue_lat"],
  ];

  it.each(CASES)("%s names the column", (_, build, column) => {
    expect(build).toThrow(new RegExp(`column "${column}" not found in the DataFrame; its columns are beer_name, brewery_name`));
  });
});
