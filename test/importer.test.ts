import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateRows, renderCsv } from "../data/generate.js";
import {
  ImportError,
  formatImportReport,
  importCheckins,
  type ImportReport,
} from "../src/importer/index.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/untappd/", import.meta.url));
const REPRO = join(FIXTURES, "repro");
const SAMPLE = fileURLToPath(new URL("../data/untappd-sample.csv", import.meta.url));
const TIME_ZONES = ["UTC", "America/Los_Angeles", "Asia/Tokyo"];

let dir: string;
let db: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ordslab-importer-"));
  db = new Database(join(dir, "checkins.sqlite"));
  db.pragma("foreign_keys = ON");
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

type Row = Record<string, unknown>;

function row(checkinId: number): Row | undefined {
  return db.prepare("SELECT * FROM checkins WHERE checkin_id = ?").get(checkinId) as Row | undefined;
}

function count(sql = "SELECT count(*) FROM checkins"): number {
  return db.prepare(sql).pluck().get() as number;
}

function photos(checkinId: number): string[] {
  return db
    .prepare("SELECT photo_url FROM checkin_photos WHERE checkin_id = ? ORDER BY photo_url")
    .pluck()
    .all(checkinId) as string[];
}

function writeTemp(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Runs `body` once per time zone, restoring the process time zone afterwards. */
async function inEachTimeZone(body: (zone: string) => Promise<void>): Promise<void> {
  const original = process.env.TZ;
  try {
    for (const zone of TIME_ZONES) {
      process.env.TZ = zone;
      await body(zone);
    }
  } finally {
    if (original === undefined) {
      delete process.env.TZ;
    } else {
      process.env.TZ = original;
    }
  }
}

async function expectImportError(promise: Promise<ImportReport>, code: string): Promise<ImportError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImportError);
  expect((error as ImportError).code).toBe(code);
  return error as ImportError;
}

describe("fixture samples", () => {
  const cases = [
    { file: "sample_2018_spreadsheet-resaved.csv", format: "csv", read: 3, inserted: 3, merged: 0 },
    { file: "sample_2020_flavour-tags.csv", format: "csv", read: 3, inserted: 3, merged: 0 },
    { file: "sample_2023_string-json.csv", format: "csv", read: 3, inserted: 3, merged: 0 },
    { file: "sample_2023_string-json.json", format: "json", read: 3, inserted: 3, merged: 0 },
    { file: "sample_2024_dup-photo-multiline.csv", format: "csv", read: 3, inserted: 2, merged: 1 },
    { file: "sample_2024_dup-photo-multiline.json", format: "json", read: 3, inserted: 2, merged: 1 },
    { file: "repro/01_bom.csv", format: "csv", read: 1, inserted: 1, merged: 0 },
    { file: "repro/02_multiline_comment.csv", format: "csv", read: 2, inserted: 2, merged: 0 },
    { file: "repro/04_semicolon_locale.csv", format: "csv", read: 1, inserted: 1, merged: 0 },
    { file: "repro/05_json_old_strings.json", format: "json", read: 1, inserted: 1, merged: 0 },
    { file: "repro/05_json_new_typed.json", format: "json", read: 1, inserted: 1, merged: 0 },
    { file: "repro/06_duplicate_checkin_two_photos.csv", format: "csv", read: 2, inserted: 1, merged: 1 },
  ];

  it.each(cases)("imports $file", async ({ file, format, read, inserted, merged }) => {
    const report = await importCheckins(db, join(FIXTURES, file));

    expect(report.format).toBe(format);
    expect(report.read).toBe(read);
    expect(report.inserted).toBe(inserted);
    expect(report.merged).toBe(merged);
    expect(report.rejected).toEqual([]);
    expect(count()).toBe(inserted);
  });

  it("CSV and JSON of one sample store identical rows", async () => {
    for (const sample of ["sample_2023_string-json", "sample_2024_dup-photo-multiline"]) {
      await importCheckins(db, join(FIXTURES, `${sample}.csv`));
      const fromCsv = db.prepare("SELECT * FROM checkins ORDER BY checkin_id").all();
      const report = await importCheckins(db, join(FIXTURES, `${sample}.json`));

      expect(report.unchanged).toBe(report.read - report.merged);
      expect(db.prepare("SELECT * FROM checkins ORDER BY checkin_id").all()).toEqual(fromCsv);
    }
  });

  it("keeps a quoted comma in a spreadsheet-saved beer name", async () => {
    await importCheckins(db, join(FIXTURES, "sample_2018_spreadsheet-resaved.csv"));

    expect(row(101157212)?.beer_name).toBe("Harbour Light Non-Alcoholic Beer, Unfiltered");
    expect(row(101163914)?.comments).toBe("Nice and crisp, would have again");
    expect(row(101160563)?.rating_score).toBeNull();
  });

  it("keeps a user-typed flavour tag", async () => {
    await importCheckins(db, join(FIXTURES, "sample_2020_flavour-tags.csv"));

    expect(row(101150510)?.flavor_profiles).toBe("sour,Citrus Peel");
    expect(row(101147159)?.tagged_friends).toBe("Alex K,Sam P");
  });
});

describe("CSV quirks", () => {
  it("strips a byte-order mark from the first header", async () => {
    await importCheckins(db, join(REPRO, "01_bom.csv"));

    expect(row(100000001)?.beer_name).toBe("Example Pilsner");
  });

  it("reads a multi-line quoted comment as one record", async () => {
    await importCheckins(db, join(REPRO, "02_multiline_comment.csv"));

    expect(row(100000002)?.comments).toBe('Line one, with comma\nLine two says "wow" 🍺');
    expect(row(100000003)?.comments).toBeNull();
    expect(row(100000003)?.rating_score).toBeNull();
  });

  it("reads a semicolon file with decimal commas", async () => {
    await importCheckins(db, join(REPRO, "04_semicolon_locale.csv"));
    const stored = row(100000001);

    expect(stored?.beer_abv).toBe(4.9);
    expect(stored?.rating_score).toBe(3.75);
    expect(stored?.global_weighted_rating_score).toBe(3.41);
    expect(stored?.created_at).toBe("2023-05-01 19:04:00");
    expect(stored?.flavor_profiles).toBe("crisp,light");
  });

  it("reads tab-separated files", async () => {
    const text = readFileSync(join(REPRO, "04_semicolon_locale.csv"), "utf8").replaceAll(";", "\t");
    const report = await importCheckins(db, writeTemp("tabs.csv", text));

    expect(report.inserted).toBe(1);
    expect(row(100000001)?.beer_abv).toBe(4.9);
  });

  it.each([20, 23])("imports the older %i-column export", async (width) => {
    const records = parse(readFileSync(join(REPRO, "02_multiline_comment.csv"), "utf8")) as string[][];
    const text = records.map((record) => record.slice(0, width).map(quote).join(",")).join("\n");
    const report = await importCheckins(db, writeTemp(`width-${width}.csv`, text));
    const stored = row(100000002);

    expect(report).toMatchObject({ read: 2, inserted: 2, rejected: [] });
    expect(stored?.comments).toBe('Line one, with comma\nLine two says "wow" 🍺');
    expect(stored?.bid).toBe(200002);
    expect(stored?.brewery_id).toBe(3002);
    expect(stored?.photo_url).toBeNull();
    expect(stored?.serving_type).toBe(width === 23 ? "Taster" : null);
  });

  it("ignores unknown columns and names them in the report", async () => {
    const records = parse(readFileSync(join(REPRO, "01_bom.csv"), "utf8"), { bom: true }) as string[][];
    const text = records
      .map((record, index) => [...record, index === 0 ? "my_notes" : "extra"].map(quote).join(","))
      .join("\n");
    const report = await importCheckins(db, writeTemp("extra.csv", text));

    expect(report.inserted).toBe(1);
    expect(report.ignoredColumns).toEqual(["my_notes"]);
    expect(formatImportReport(report)).toContain("my_notes");
  });

  it("rejects a record with a wrong field count", async () => {
    const text = readFileSync(join(REPRO, "02_multiline_comment.csv"), "utf8").replace(",0,0\n", ",0\n");
    const report = await importCheckins(db, writeTemp("short.csv", text));

    expect(report.inserted).toBe(1);
    expect(report.rejected).toEqual([
      { line: 4, checkinId: "100000003", reason: "the record has 31 fields, but the header has 32" },
    ]);
  });
});

describe("dates", () => {
  it("rejects an ambiguous file without dateOrder", async () => {
    await inEachTimeZone(async () => {
      const error = await expectImportError(importCheckins(db, join(REPRO, "03_excel_resaved_dayfirst.csv")), "AMBIGUOUS_DATE_ORDER");

      expect(error.message).toContain("04/07/2015 22:29");
      expect(error.message).toContain("--date-order dmy");
      expect(error.message).toContain("--date-order mdy");
      expect(count("SELECT count(*) FROM sqlite_master WHERE name = 'checkins'")).toBe(0);
    });
  });

  it("reads an ambiguous file with dateOrder", async () => {
    await inEachTimeZone(async () => {
      await importCheckins(db, join(REPRO, "03_excel_resaved_dayfirst.csv"), { dateOrder: "dmy" });
      expect(row(100000004)?.created_at).toBe("2015-07-04 22:29:00");

      const report = await importCheckins(db, join(REPRO, "03_excel_resaved_dayfirst.csv"), { dateOrder: "mdy" });
      expect(report.updated).toBe(1);
      expect(row(100000004)?.created_at).toBe("2015-04-07 22:29:00");
      db.exec("DELETE FROM checkins");
    });
  });

  it("detects day first from the whole file", async () => {
    await inEachTimeZone(async () => {
      await importCheckins(db, join(FIXTURES, "sample_2018_spreadsheet-resaved.csv"));

      expect(row(101157212)?.created_at).toBe("2015-07-14 22:29:00");
      expect(row(101163914)?.created_at).toBe("2018-11-08 08:08:00");
      db.exec("DELETE FROM checkins");
    });
  });

  it("detects month first from the whole file", async () => {
    const text = readFileSync(join(FIXTURES, "sample_2018_spreadsheet-resaved.csv"), "utf8")
      .replace("14/07/2015 22:29", "07/14/2015 10:29 PM")
      .replace("18/09/2016 15:06", "09/18/2016 15:06")
      .replace("08/11/2018 08:08", "11/08/2018 08:08");
    await inEachTimeZone(async () => {
      await importCheckins(db, writeTemp("month-first.csv", text));

      expect(row(101157212)?.created_at).toBe("2015-07-14 22:29:00");
      expect(row(101163914)?.created_at).toBe("2018-11-08 08:08:00");
      db.exec("DELETE FROM checkins");
    });
  });

  it("rejects a file that mixes both orders", async () => {
    const text = readFileSync(join(FIXTURES, "sample_2018_spreadsheet-resaved.csv"), "utf8").replace(
      "18/09/2016 15:06",
      "09/18/2016 15:06",
    );
    const error = await expectImportError(importCheckins(db, writeTemp("mixed.csv", text)), "CONFLICTING_DATE_ORDER");

    expect(error.message).toContain("line 2");
    expect(error.message).toContain("line 3");
  });

  it("rejects a requested order the file contradicts", async () => {
    const file = join(FIXTURES, "sample_2018_spreadsheet-resaved.csv");
    const error = await expectImportError(importCheckins(db, file, { dateOrder: "mdy" }), "CONFLICTING_DATE_ORDER");

    const tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'checkins'").pluck().get() as number;
    expect(error.message).toContain("--date-order dmy");
    expect(tables === 0 || count() === 0).toBe(true);
  });

  it("stores ISO dates as written in every time zone", async () => {
    await inEachTimeZone(async () => {
      await importCheckins(db, join(FIXTURES, "sample_2023_string-json.json"));

      expect(row(101127053)?.created_at).toBe("2017-11-28 17:01:08");
      expect(row(101130404)?.created_at).toBe("2016-05-17 18:08:22");
      db.exec("DELETE FROM checkins");
    });
  });
});

describe("JSON eras", () => {
  it("stores both eras with the same types", async () => {
    await importCheckins(db, join(REPRO, "05_json_old_strings.json"));
    const oldRow = row(100000001);
    const oldTypes = db.prepare("SELECT typeof(checkin_id), typeof(bid), typeof(beer_abv), typeof(beer_ibu), typeof(total_toasts) FROM checkins").get();
    const report = await importCheckins(db, join(REPRO, "05_json_new_typed.json"));
    const newRow = row(100000001);
    const newTypes = db.prepare("SELECT typeof(checkin_id), typeof(bid), typeof(beer_abv), typeof(beer_ibu), typeof(total_toasts) FROM checkins").get();

    expect(report.updated).toBe(1);
    expect(count()).toBe(1);
    expect(newTypes).toEqual(oldTypes);
    expect(newTypes).toEqual({
      "typeof(checkin_id)": "integer",
      "typeof(bid)": "integer",
      "typeof(beer_abv)": "real",
      "typeof(beer_ibu)": "integer",
      "typeof(total_toasts)": "integer",
    });
    for (const column of ["checkin_id", "bid", "brewery_id", "beer_abv", "beer_ibu", "beer_name", "venue_name", "global_rating_score"]) {
      expect(newRow?.[column], column).toBe(oldRow?.[column]);
    }
    expect(oldRow?.rating_score).toBe(3.75);
    expect(newRow?.rating_score).toBeNull();
  });

  it("turns JSON null and empty strings into NULL", async () => {
    await importCheckins(db, join(REPRO, "05_json_new_typed.json"));
    const stored = row(100000001);

    expect(stored?.venue_name).toBeNull();
    expect(stored?.venue_lat).toBeNull();
    expect(stored?.comments).toBeNull();
    expect(stored?.photo_url).toBeNull();
  });

  it("numbers JSON rejections by array index + 1", async () => {
    const records = JSON.parse(readFileSync(join(FIXTURES, "sample_2023_string-json.json"), "utf8")) as Row[];
    const bad = records.map((record, index) => (index === 1 ? { ...record, beer_abv: "strong" } : record));
    const report = await importCheckins(db, writeTemp("bad.json", JSON.stringify([...bad, 42])));

    expect(report.inserted).toBe(2);
    expect(report.rejected).toEqual([
      { line: 2, checkinId: "101130404", reason: 'beer_abv "strong" is not a number' },
      { line: 4, reason: "the array element is a number, not an object" },
    ]);
    const text = formatImportReport(report);
    expect(text).toContain("record 2 (checkin_id 101130404)");
    expect(text).toContain("array index + 1");
  });
});

describe("multi-photo check-ins", () => {
  it("merges rows that differ only in photo_url", async () => {
    const report = await importCheckins(db, join(REPRO, "06_duplicate_checkin_two_photos.csv"));

    expect(report.merged).toBe(1);
    expect(count()).toBe(1);
    expect(photos(100000005)).toEqual([
      "https://untappd.s3.amazonaws.com/photos/2023_06_02/0123456789abcdef0123456789abcdef_raw.jpg",
      "https://untappd.s3.amazonaws.com/photos/2023_06_02/fedcba9876543210fedcba9876543210_raw.jpg",
    ]);
    expect(row(100000005)?.photo_url).toBe(
      "https://untappd.s3.amazonaws.com/photos/2023_06_02/0123456789abcdef0123456789abcdef_raw.jpg",
    );
  });

  it("merges a photo row after a row without photo", async () => {
    await importCheckins(db, join(FIXTURES, "sample_2024_dup-photo-multiline.csv"));

    expect(photos(101137106)).toEqual([
      "https://untappd.s3.amazonaws.com/photos/2021_12_24/9531985d5d9dc9f81818e811892f902b_raw.jpg",
    ]);
    expect(row(101143808)?.comments).toBe("Poured from the tap.\nLight body, clean finish 🍺");
  });

  it("keeps the later of two conflicting rows and reports it", async () => {
    const text = readFileSync(join(REPRO, "06_duplicate_checkin_two_photos.csv"), "utf8");
    const lines = text.split("\n");
    lines[2] = (lines[2] ?? "").replace(",4,2023-06-01", ",4.5,2023-06-01");
    const report = await importCheckins(db, writeTemp("conflict.csv", lines.join("\n")));

    expect(report.inserted).toBe(1);
    expect(report.merged).toBe(0);
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]?.line).toBe(2);
    expect(report.rejected[0]?.reason).toContain("replaced by line 3");
    expect(report.rejected[0]?.reason).toContain("rating_score");
    expect(row(100000005)?.rating_score).toBe(4.5);
    expect(photos(100000005)).toHaveLength(2);
  });
});

describe("rejected records", () => {
  it("reports line numbers while good rows commit", async () => {
    const text = readFileSync(join(REPRO, "02_multiline_comment.csv"), "utf8").replace(",11.5,60,", ",strong,60,");
    const extra = [
      "Bad Date,Example Brewing,Lager - Pale,4.5,0,,,,,,,,,31/02/2023 18:00,,,,,,,,,,100000010,1,1,,0,0,,0,0",
      "No Id,Example Brewing,Lager - Pale,4.5,0,,,,,,,,,2023-05-03 18:00:00,,,,,,,,,,,1,1,,0,0,,0,0",
      "Too Good,Example Brewing,Lager - Pale,4.5,0,,,,,,,,7,2023-05-03 18:00:00,,,,,,,,,,100000011,1,1,,0,0,,0,0",
    ];
    const report = await importCheckins(db, writeTemp("bad.csv", `${text}${extra.join("\n")}\n`));

    expect(report.read).toBe(5);
    expect(report.inserted).toBe(1);
    expect(report.rejected).toEqual([
      { line: 2, checkinId: "100000002", reason: 'beer_abv "strong" is not a number' },
      { line: 5, checkinId: "100000010", reason: 'created_at "31/02/2023 18:00" is not a valid date when read day first' },
      { line: 6, reason: "checkin_id is missing" },
      { line: 7, checkinId: "100000011", reason: 'rating_score "7" is out of range (0 to 5)' },
    ]);
    expect(row(100000003)?.beer_name).toBe("Example Lager");

    const summary = formatImportReport(report);
    expect(summary).toContain('line 2 (checkin_id 100000002): beer_abv "strong" is not a number');
    expect(summary).toContain("line 6: checkin_id is missing");
  });

  it("counts lines after CRLF multi-line comments", async () => {
    const text = readFileSync(join(REPRO, "02_multiline_comment.csv"), "utf8")
      .replaceAll("\n", "\r\n")
      .replace(",4.5,0,", ",4.5x,0,");
    const report = await importCheckins(db, writeTemp("crlf.csv", `\r\n${text}`));

    expect(report.rejected.map((record) => record.line)).toEqual([5]);
    expect(row(100000002)?.comments).toBe('Line one, with comma\r\nLine two says "wow" 🍺');
  });
});

describe("re-import", () => {
  it("counts unchanged and updated check-ins", async () => {
    const file = join(dir, "sample.csv");
    copyFileSync(join(FIXTURES, "sample_2020_flavour-tags.csv"), file);
    await importCheckins(db, file);

    const again = await importCheckins(db, file);
    expect(again).toMatchObject({ read: 3, inserted: 0, updated: 0, unchanged: 3, merged: 0 });

    writeFileSync(file, readFileSync(file, "utf8").replace("Night Shift Sour", "Night Shift Sour (renamed)"));
    const changed = await importCheckins(db, file);
    expect(changed).toMatchObject({ read: 3, inserted: 0, updated: 1, unchanged: 2 });
    expect(row(101150510)?.beer_name).toBe("Night Shift Sour (renamed)");
  });

  it("counts a new photo as an update", async () => {
    const file = join(REPRO, "06_duplicate_checkin_two_photos.csv");
    const first = readFileSync(file, "utf8").split("\n").slice(0, 2).join("\n");
    await importCheckins(db, writeTemp("one-photo.csv", first));

    const report = await importCheckins(db, file);
    expect(report).toMatchObject({ updated: 1, unchanged: 0, merged: 1 });
    expect(photos(100000005)).toHaveLength(2);
  });

  it("rolls back everything on an unexpected error", async () => {
    await importCheckins(db, join(FIXTURES, "sample_2020_flavour-tags.csv"));
    db.exec(`CREATE TRIGGER fail_insert BEFORE INSERT ON checkins WHEN NEW.checkin_id = 100000003
             BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`);
    const before = db.prepare("SELECT * FROM checkins ORDER BY checkin_id").all();

    await expect(importCheckins(db, join(REPRO, "02_multiline_comment.csv"))).rejects.toThrow("simulated failure");
    expect(db.prepare("SELECT * FROM checkins ORDER BY checkin_id").all()).toEqual(before);
  });
});

describe("whole-file failures", () => {
  it("rejects a missing file", async () => {
    const error = await expectImportError(importCheckins(db, join(dir, "missing.csv")), "FILE_UNREADABLE");

    expect(error.message).toContain("missing.csv");
    expect(error.message).toContain("ENOENT");
  });

  it("rejects a directory", async () => {
    await expectImportError(importCheckins(db, dir), "FILE_UNREADABLE");
  });

  it("rejects an empty file", async () => {
    await expectImportError(importCheckins(db, writeTemp("empty.csv", "\ufeff\n")), "EMPTY_FILE");
  });

  it("rejects a file without header", async () => {
    const text = readFileSync(join(REPRO, "02_multiline_comment.csv"), "utf8").split("\n").slice(4).join("\n");
    await expectImportError(importCheckins(db, writeTemp("headless.csv", `a,b,c\n${text}`)), "NO_HEADER");
  });

  it("rejects a header without required columns", async () => {
    const error = await expectImportError(
      importCheckins(db, writeTemp("partial.csv", "beer_name,brewery_name\nA,B\n")),
      "MISSING_COLUMNS",
    );
    expect(error.message).toContain("created_at, checkin_id");
  });

  it("rejects broken JSON", async () => {
    await expectImportError(importCheckins(db, writeTemp("broken.json", '[{"beer_name":')), "INVALID_JSON");
    await expectImportError(importCheckins(db, writeTemp("object.json", '{"beer_name":"x"}')), "INVALID_JSON");
  });

  it("rejects broken quoting", async () => {
    const text = readFileSync(join(REPRO, "02_multiline_comment.csv"), "utf8").replace("Line two says", 'Line two says"');
    await expectImportError(importCheckins(db, writeTemp("quote.csv", `${text}x,"unclosed\n`)), "INVALID_CSV");
  });
});

describe("committed sample", () => {
  it("imports 2,438 distinct check-ins", async () => {
    const records = parse(readFileSync(SAMPLE), { columns: true }) as Row[];
    const distinct = new Set(records.map((record) => record.checkin_id)).size;
    const report = await importCheckins(db, SAMPLE);

    expect(distinct).toBe(2438);
    expect(report.read).toBe(records.length);
    expect(report.inserted).toBe(2438);
    expect(report.merged).toBe(records.length - distinct);
    expect(report.rejected).toEqual([]);
    expect(count()).toBe(2438);
    expect(count("SELECT count(*) FROM checkin_photos")).toBe(
      new Set(records.filter((r) => r.photo_url !== "").map((r) => `${String(r.checkin_id)} ${String(r.photo_url)}`)).size,
    );
  });

  it("keeps comments byte for byte", async () => {
    await importCheckins(db, SAMPLE);
    const expected = new Map(generateRows().map((r) => [Number(r.checkin_id), r.comment === "" ? null : r.comment]));
    const stored = db.prepare("SELECT checkin_id, comments FROM checkins").raw().all() as [number, string | null][];

    expect(stored.some(([, comment]) => comment?.includes("\n") && /\p{Extended_Pictographic}/u.test(comment))).toBe(true);
    expect(stored.some(([, comment]) => comment?.includes('"'))).toBe(true);
    for (const [checkinId, comment] of stored) {
      expect(comment).toBe(expected.get(checkinId));
    }
  });

  it("stores numbers as SQLite numbers", async () => {
    await importCheckins(db, SAMPLE);
    const types = db
      .prepare(
        `SELECT typeof(beer_abv) || typeof(venue_lat) || typeof(rating_score) AS reals,
                typeof(beer_ibu) || typeof(checkin_id) || typeof(bid) || typeof(brewery_id) || typeof(total_toasts) AS integers,
                count(*) AS n
         FROM checkins GROUP BY 1, 2`,
      )
      .all() as { reals: string; integers: string; n: number }[];

    for (const { reals, integers } of types) {
      expect(reals).toMatch(/^(real|null)+$/);
      expect(integers).toBe("integer".repeat(5));
    }
    expect(count("SELECT count(*) FROM checkins WHERE typeof(global_rating_score) = 'text' OR typeof(total_comments) = 'text'")).toBe(0);
  });

  it("is unchanged on re-import", async () => {
    await importCheckins(db, SAMPLE);
    const report = await importCheckins(db, SAMPLE);

    expect(report).toMatchObject({ inserted: 0, updated: 0, unchanged: 2438 });
  });
});

describe("large files", () => {
  it("imports 100,000 check-ins in seconds with progress", async () => {
    const rows = generateRows({ seed: 7, count: 100_000 });
    const file = writeTemp("large.csv", renderCsv(rows));
    const progress: number[] = [];
    const started = performance.now();
    const report = await importCheckins(db, file, { onProgress: (read) => progress.push(read) });
    const seconds = (performance.now() - started) / 1000;

    expect(report.inserted).toBe(100_000);
    expect(report.read).toBe(rows.length);
    expect(progress.slice(0, 3)).toEqual([5000, 10_000, 15_000]);
    expect(progress.at(-1)).toBe(rows.length);
    expect(seconds).toBeLessThan(30);
  });
});

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
