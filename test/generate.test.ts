import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_HEADER, generateRows, renderCsv, type ExportRow } from "../data/generate.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SCRIPT = join(ROOT, "data", "generate.ts");
const SAMPLE = join(ROOT, "data", "untappd-sample.csv");
const TSX_CLI = createRequire(import.meta.url).resolve("tsx/cli");

let dir: string;
let rows: ExportRow[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ordslab-generate-"));
  rows = parse(readFileSync(SAMPLE), { columns: true }) as ExportRow[];
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function runGenerator(zone: string, out: string, args: string[] = []): Buffer {
  execFileSync(process.execPath, [TSX_CLI, SCRIPT, "--out", out, ...args], {
    env: { ...process.env, TZ: zone },
    stdio: "pipe",
  });
  return readFileSync(out);
}

describe("generator output", () => {
  it("is byte-identical across time zones", () => {
    const utc = runGenerator("UTC", join(dir, "utc.csv"));
    const tokyo = runGenerator("Asia/Tokyo", join(dir, "tokyo.csv"));

    expect(tokyo.equals(utc)).toBe(true);
    expect(utc.equals(readFileSync(SAMPLE))).toBe(true);
  });

  it("changes with the seed and honours --count", () => {
    const other = runGenerator("UTC", join(dir, "seed.csv"), ["--seed", "7", "--count", "500"]);
    const records = parse(other, { columns: true }) as ExportRow[];

    expect(new Set(records.map((r) => r.checkin_id)).size).toBe(500);
    expect(other.equals(readFileSync(SAMPLE))).toBe(false);
  });

  it("rejects an invalid option", () => {
    expect(() => runGenerator("UTC", join(dir, "bad.csv"), ["--count", "many"])).toThrow(/Invalid --count "many"/);
  });

  it("matches the in-process renderer", () => {
    expect(renderCsv(generateRows())).toBe(readFileSync(SAMPLE, "utf8"));
  });
});

describe("committed sample", () => {
  it("has the 32 export columns in order", () => {
    const header = readFileSync(SAMPLE, "utf8").split("\n")[0];

    expect(header).toBe(EXPORT_HEADER.join(","));
    expect(EXPORT_HEADER).toHaveLength(32);
  });

  it("has 2,438 distinct check-ins and 5 to 15 photo duplicates", () => {
    const distinct = new Set(rows.map((r) => r.checkin_id));
    const duplicates = rows.length - distinct.size;

    expect(distinct.size).toBe(2438);
    expect(duplicates).toBeGreaterThanOrEqual(5);
    expect(duplicates).toBeLessThanOrEqual(15);
    rows.forEach((current, index) => {
      const previous = rows[index - 1];
      if (previous?.checkin_id === current.checkin_id) {
        expect({ ...current, photo_url: "" }).toEqual({ ...previous, photo_url: "" });
        expect(current.photo_url).not.toBe(previous.photo_url);
      }
    });
  });

  it("has ids that grow with time below 2^31", () => {
    for (let i = 1; i < rows.length; i += 1) {
      const previous = rows[i - 1] as ExportRow;
      const current = rows[i] as ExportRow;
      expect(Number(current.checkin_id)).toBeGreaterThanOrEqual(Number(previous.checkin_id));
      expect(current.created_at >= previous.created_at).toBe(true);
    }
    expect(Number(rows.at(-1)?.checkin_id)).toBeLessThan(2 ** 31);
  });

  it("spans 2016 to 2024 with busier weekends", () => {
    const years = new Set(rows.map((r) => r.created_at.slice(0, 4)));
    const weekday = (r: ExportRow) => new Date(`${r.created_at.slice(0, 10)}T00:00:00Z`).getUTCDay();
    const saturdays = rows.filter((r) => weekday(r) === 6).length;
    const tuesdays = rows.filter((r) => weekday(r) === 2).length;

    expect([...years].sort()).toEqual(["2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024"]);
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(r.created_at))).toBe(true);
    expect(saturdays).toBeGreaterThan(tuesdays * 2);
  });

  it("uses the API host only in 2024", () => {
    for (const r of rows) {
      const host = r.created_at.startsWith("2024") ? "https://api.untappd.com/" : "https://untappd.com/";
      expect(r.checkin_url.startsWith(host), r.checkin_url).toBe(true);
      expect(r.beer_url.startsWith(host)).toBe(true);
      expect(r.brewery_url.startsWith(host)).toBe(true);
    }
  });

  it("has ratings in the export's steps", () => {
    const rated = rows.filter((r) => r.rating_score !== "");
    const tenths = rated.filter((r) => !Number.isInteger(Number(r.rating_score) * 4));

    expect(rows.length - rated.length).toBeGreaterThan(50);
    expect(tenths.length).toBeGreaterThan(0);
    expect(tenths.every((r) => r.created_at >= "2021")).toBe(true);
    expect(tenths.every((r) => Number.isInteger(Math.round(Number(r.rating_score) * 10)))).toBe(true);
    expect(rated.every((r) => Number(r.rating_score) > 0 && Number(r.rating_score) <= 5)).toBe(true);
  });

  it("has venue-less, localised and virtual venues", () => {
    const countries = new Set(rows.map((r) => r.venue_country));
    const atHome = rows.filter((r) => r.venue_name === "Untappd at Home");

    expect(rows.filter((r) => r.venue_name === "" && r.venue_lat === "").length).toBeGreaterThan(100);
    for (const country of ["Deutschland", "Norge", "日本"]) {
      expect(countries.has(country), country).toBe(true);
    }
    expect(atHome.length).toBeGreaterThan(0);
    expect(new Set(atHome.map((r) => `${r.venue_state} ${r.venue_lat} ${r.venue_lng}`))).toEqual(
      new Set(["NC 34.2104 -77.8868"]),
    );
  });

  it("leaves serving types empty before 2017", () => {
    const early = rows.filter((r) => r.created_at < "2017");

    expect(early.length).toBeGreaterThan(0);
    expect(early.every((r) => r.serving_type === "" && r.flavor_profiles === "")).toBe(true);
    expect(rows.some((r) => r.serving_type === "Draft")).toBe(true);
  });

  it("has styles, flavours and friends in export form", () => {
    const styles = new Set(rows.map((r) => r.beer_type));
    const ipa = rows.filter((r) => r.beer_type.startsWith("IPA - ")).length;

    expect(styles.size).toBeGreaterThanOrEqual(24);
    expect([...styles].every((style) => / - /.test(style))).toBe(true);
    expect(ipa / rows.length).toBeGreaterThan(0.3);
    expect(rows.some((r) => /^[a-z]+(,[a-z]+)+$/.test(r.flavor_profiles))).toBe(true);
    expect(rows.some((r) => /^[^,]+(,[^,]+)+$/.test(r.tagged_friends) && !r.tagged_friends.includes(", "))).toBe(true);
  });

  it("has comments on about a third of check-ins", () => {
    const unique = rows.filter((r, index) => rows[index - 1]?.checkin_id !== r.checkin_id);
    const comments = unique.map((r) => r.comment).filter((c) => c !== "");
    const share = comments.length / unique.length;

    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.38);
    expect(comments.some((c) => c.includes("\n"))).toBe(true);
    expect(comments.some((c) => c.includes('"'))).toBe(true);
    expect(comments.some((c) => c.includes(","))).toBe(true);
    expect(comments.some((c) => /\p{Extended_Pictographic}/u.test(c))).toBe(true);
    expect(readFileSync(SAMPLE, "utf8")).toContain('""');
  });
});
