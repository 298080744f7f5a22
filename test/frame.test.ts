import { afterEach, describe, expect, it } from "vitest";
import { toColumns, toDataFrame } from "../src/frame/to-frame.js";
import { inferColumnType, wallClockParts } from "../src/frame/columns.js";
import { frameBundle } from "../src/notebook/table.js";

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe("toDataFrame", () => {
  it("keeps values in their columns when keys are missing or reordered", () => {
    const rows = [
      { checkin_id: 1, beer_name: "Alpha", rating_score: 4.25, venue_name: "Pub" },
      { beer_name: "Beta", checkin_id: 2, venue_name: "Bar" },
      { venue_name: null, rating_score: 3.5, checkin_id: 3, beer_name: "Gamma", brewery_name: "Late Key Brewing" },
    ];
    const df = toDataFrame(rows);

    expect(df.columns).toEqual(["checkin_id", "beer_name", "rating_score", "venue_name", "brewery_name"]);
    expect(df.column("checkin_id").values).toEqual([1, 2, 3]);
    expect(df.column("beer_name").values).toEqual(["Alpha", "Beta", "Gamma"]);
    expect(df.column("rating_score").values).toEqual([4.25, null, 3.5]);
    expect(df.column("venue_name").values).toEqual(["Pub", "Bar", null]);
    expect(df.column("brewery_name").values).toEqual([null, null, "Late Key Brewing"]);
  });

  it("types numbers, strings and dates from every value", () => {
    const rows = Array.from({ length: 600 }, (_, index) => ({
      id: index,
      abv: index === 599 ? 5.5 : 5,
      code: index === 599 ? "x" : 7,
      created_at: "2024-03-10T02:30:00Z",
    }));
    const df = toDataFrame(rows);

    expect(df.dtypes).toEqual(["int32", "float32", "string", "datetime"]);
  });

  it("treats null and empty strings as missing", () => {
    const df = toDataFrame([{ comment: "" }, { comment: null }, { comment: "Hoppy 🍺" }]);
    expect(df.column("comment").values).toEqual([null, null, "Hoppy 🍺"]);
    expect(df.isNa().column("comment").values).toEqual([true, true, false]);
  });

  it("keeps 64-bit-sized ids exact", () => {
    const table = toColumns([{ checkin_id: 2_147_483_648 }, { checkin_id: 9_007_199_254_740_991 }]);
    expect(table.columns[0]).toEqual({ name: "checkin_id", type: "number" });
    expect(table.values.checkin_id).toEqual([2_147_483_648, 9_007_199_254_740_991]);
  });

  it("uses given column types before inference", () => {
    const table = toColumns([{ zip: "01234" }], { types: { zip: "string" }, columns: [{ name: "first", type: "integer" }] });
    expect(table.columns).toEqual([
      { name: "first", type: "integer" },
      { name: "zip", type: "string" },
    ]);
    expect(table.values.first).toEqual([null]);
  });

  it("returns an empty frame for no rows", () => {
    expect(toDataFrame([]).shape).toEqual([0, 0]);
  });
});

describe("wall-clock dates", () => {
  it.each(["UTC", "America/Los_Angeles", "Asia/Kolkata"])("read the same month, weekday and hour under TZ=%s", (zone) => {
    process.env.TZ = zone;
    // 02:30 on 10 March 2024 does not exist in Los Angeles (clocks jump to 03:30); it must survive.
    const df = toDataFrame([{ created_at: "2024-03-10T02:30:00Z" }, { created_at: "2016-12-31T23:59:59Z" }]);
    const parts = (df.column("created_at").values as unknown as Date[]).map(wallClockParts);

    expect(parts[0]).toEqual({ year: 2024, month: 3, day: 10, weekday: 0, hour: 2, minute: 30 });
    expect(parts[1]).toEqual({ year: 2016, month: 12, day: 31, weekday: 6, hour: 23, minute: 59 });
  });

  it("infers datetime only when every value is an ORDS date", () => {
    expect(inferColumnType(["2024-01-01T00:00:00Z", null, "2024-01-02T10:00:00.123Z"])).toBe("datetime");
    expect(inferColumnType(["2024-01-01T00:00:00Z", "tomorrow"])).toBe("string");
  });
});

describe("frameBundle", () => {
  it("escapes HTML and shows the first and last rows with the shape", () => {
    const rows = Array.from({ length: 30 }, (_, index) => ({ n: index, note: index === 0 ? "<script>alert(1)</script>" : `row ${index}` }));
    const bundle = frameBundle(toDataFrame(rows));
    const html = String(bundle["text/html"]);

    expect(html).not.toContain("<script>");
    expect(html).toContain("&#60;script&#62;");
    expect(html).toContain("row 29");
    expect(html).not.toContain("row 12");
    expect(html).toContain("30 rows × 2 columns");
    expect(String(bundle["text/plain"])).toContain("30 rows × 2 columns");
  });
});
