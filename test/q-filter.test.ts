import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeFilter, filter, type FilterObject } from "../src/ords/filter.js";
import { accessToken, startTestServer, type TestServer } from "./helpers/dev-server.js";

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  token = await accessToken(server);
});

afterAll(async () => {
  await server.close();
});

async function query(q: string, extra = "limit=10000"): Promise<{ status: number; items: Record<string, unknown>[]; detail?: string }> {
  const response = await fetch(`${server.ordsUrl}examples/checkins/?q=${q}&${extra}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { items?: Record<string, unknown>[]; detail?: string };
  return { status: response.status, items: body.items ?? [], detail: body.detail };
}

function countWhere(where: string, ...parameters: unknown[]): number {
  return (server.db.prepare(`SELECT count(*) AS count FROM checkins WHERE ${where}`).get(...parameters) as { count: number }).count;
}

describe("q filter on the dev server", () => {
  const cases: [string, FilterObject, string, unknown[]][] = [
    ["equality", { serving_type: "Can" }, "serving_type = ?", ["Can"]],
    ["$eq", { serving_type: { $eq: "Draft" } }, "serving_type = ?", ["Draft"]],
    ["$ne", { serving_type: { $ne: "Draft" } }, "serving_type <> ?", ["Draft"]],
    ["$gt", { beer_abv: { $gt: 8 } }, "beer_abv > ?", [8]],
    ["$gte and $lt", { beer_abv: { $gte: 5, $lt: 6 } }, "beer_abv >= ? AND beer_abv < ?", [5, 6]],
    ["$lte", { rating_score: { $lte: 3 } }, "rating_score <= ?", [3]],
    ["$between", { beer_abv: { $between: [4, 5] } }, "beer_abv BETWEEN ? AND ?", [4, 5]],
    ["open $between", { beer_abv: { $between: [null, 4] } }, "beer_abv <= ?", [4]],
    ["$instr", { beer_type: { $instr: "Stout" } }, "instr(beer_type, ?) > 0", ["Stout"]],
    ["$ninstr", { beer_type: { $ninstr: "IPA" } }, "(beer_type IS NULL OR instr(beer_type, ?) = 0)", ["IPA"]],
    ["$like with %", { beer_type: { $like: "IPA%" } }, "beer_type LIKE ?", ["IPA%"]],
    ["$null", { venue_name: { $null: null } }, "venue_name IS NULL", []],
    ["$notnull", { rating_score: { $notnull: null } }, "rating_score IS NOT NULL", []],
    ["$or on a column", { serving_type: { $or: [{ $eq: "Can" }, { $eq: "Bottle" }] } }, "serving_type IN (?, ?)", ["Can", "Bottle"]],
    ["$and array", { beer_abv: [{ $gt: 5 }, { $lt: 8 }] }, "beer_abv > ? AND beer_abv < ?", [5, 8]],
    ["top-level $or", { $or: [{ serving_type: "Can" }, { beer_abv: { $gt: 10 } }] }, "serving_type = ? OR beer_abv > ?", ["Can", 10]],
    [
      "$date range",
      { created_at: { $gte: new Date("2024-01-01T00:00:00Z"), $lt: { $date: "2024-02-01T00:00:00Z" } } },
      "created_at >= ? AND created_at < ?",
      ["2024-01-01 00:00:00", "2024-02-01 00:00:00"],
    ],
    ["emoji in $instr", { comments: { $instr: "🍺" } }, "instr(comments, ?) > 0", ["🍺"]],
  ];

  it.each(cases)("%s matches the SQL count", async (_name, object, where, parameters) => {
    const expected = countWhere(where, ...parameters);
    const result = await query(encodeFilter(object));

    expect(result.status).toBe(200);
    expect(expected).toBeGreaterThan(0);
    expect(result.items).toHaveLength(expected);
  });

  it("compares $date milliseconds with stored seconds", async () => {
    const stored = (server.db.prepare("SELECT created_at FROM checkins ORDER BY checkin_id LIMIT 1").get() as { created_at: string }).created_at;
    const at = `${stored.replace(" ", "T")}`;
    const exact = await query(encodeFilter({ created_at: { $gte: { $date: `${at}Z` }, $lte: { $date: `${at}Z` } } }));
    const later = await query(encodeFilter({ created_at: { $gte: { $date: `${at}.500Z` }, $lte: { $date: `${at}.900Z` } } }));

    expect(exact.items.length).toBeGreaterThan(0);
    expect(later.items).toHaveLength(0);
  });

  it("orders by $orderby", async () => {
    const result = await query(encodeFilter({ beer_abv: { $gt: 0 }, $orderby: { beer_abv: "DESC", checkin_id: "ASC" } }), "limit=50");
    const abvs = result.items.map((item) => item.beer_abv as number);
    expect(abvs).toEqual([...abvs].sort((a, b) => b - a));
  });

  it("keeps q in the next link", async () => {
    const encoded = encodeFilter({ serving_type: "Draft" });
    const response = await fetch(`${server.ordsUrl}examples/checkins/?q=${encoded}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { links: { rel: string; href: string }[] };
    const next = new URL(body.links.find((link) => link.rel === "next")?.href ?? "");
    expect(JSON.parse(next.searchParams.get("q") ?? "")).toEqual({ serving_type: "Draft" });
  });

  it.each([
    ["invalid JSON", "%7Bnope"],
    ["an unknown column", encodeURIComponent('{"no_such_column":1}')],
    ["an unknown operator", encodeURIComponent('{"beer_abv":{"$near":1}}')],
    ["an operator without a column", encodeURIComponent('{"$gt":1}')],
    ["an empty $or item", encodeURIComponent('{"$or":[{},{"beer_abv":5}]}')],
    ["a $or item with $orderby only", encodeURIComponent('{"$or":[{"$orderby":{"beer_abv":"ASC"}},{"beer_abv":5}]}')],
  ])("rejects %s with 400", async (_name, q) => {
    const result = await query(q);
    expect(result.status).toBe(400);
    expect(result.detail).toMatch(/invalid q filter/);
  });
});

describe("filter()", () => {
  it("encodes % and emoji for the URL", () => {
    const encoded = encodeFilter({ comments: { $like: "%🍺%" } });
    expect(encoded).toBe("%7B%22comments%22%3A%7B%22%24like%22%3A%22%25%F0%9F%8D%BA%25%22%7D%7D");
    expect(JSON.parse(decodeURIComponent(encoded))).toEqual({ comments: { $like: "%🍺%" } });
  });

  it("writes Dates as $date in UTC", () => {
    expect(filter({ created_at: { $gt: new Date(Date.UTC(2024, 0, 31, 23, 0, 0)) } }).toJSON()).toEqual({
      created_at: { $gt: { $date: "2024-01-31T23:00:00.000Z" } },
    });
    expect(filter({ created_at: { $date: "2024-01-31" } }).toJSON()).toEqual({ created_at: { $date: "2024-01-31T00:00:00Z" } });
  });

  it.each([
    [{ beer_abv: { $near: 1 } }, "q.beer_abv.$near: unknown operator"],
    [{ $gt: 1 }, "q.$gt: $gt needs a column"],
    [{ "bad name": 1 }, "is not a column name"],
    [{ beer_abv: { $gt: "five" } }, "q.beer_abv.$gt: expected a number or a date"],
    [{ beer_abv: { $between: [null, null] } }, "$between takes [low, high]"],
    [{ venue_name: { $null: true } }, "$null takes null"],
    [{ created_at: { $date: "2024-01-31T00:00:00+02:00" } }, "$date must be UTC"],
    [{ $orderby: { beer_abv: "up" } }, "expected ASC, DESC, 1 or -1"],
    [{ beer_abv: [] }, "expected a non-empty array"],
  ] as [FilterObject, string][])("rejects %j", (object, message) => {
    expect(() => filter(object)).toThrow(message);
  });
});

describe("q in client queries", () => {
  it("sends a plain filter object as JSON", async () => {
    const { OrdsClient } = await import("../src/ords/client.js");
    const client = new OrdsClient({
      url: server.ordsUrl,
      clientId: server.credentials.clientId,
      clientSecret: server.credentials.clientSecret,
      envFile: false,
      tokenCache: false,
    });
    const result = await client.fetchAll("examples/checkins/", { query: { q: { serving_type: "Can" } }, progress: false });

    expect(result.items).toHaveLength(countWhere("serving_type = ?", "Can"));
    expect(() => client.url("examples/checkins/", { q: { "bad name": 1 } })).toThrow("is not a column name");
  });
});
