import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrdsClient } from "../src/ords/client.js";
import { isOrdsError } from "../src/ords/errors.js";
import { runSql } from "../src/ords/sql.js";
import { toDataFrame } from "../src/frame/to-frame.js";
import { splitStatements } from "../src/server/sql-script.js";
import { accessToken, countCheckins, startTestServer, type TestServer } from "./helpers/dev-server.js";

let server: TestServer;
let client: OrdsClient;

beforeAll(async () => {
  server = await startTestServer();
  server.store.grantRole(server.definitions.clients[0]!.name, "SQL Developer");
  client = new OrdsClient({
    url: server.ordsUrl,
    clientId: server.credentials.clientId,
    clientSecret: server.credentials.clientSecret,
    envFile: false,
    tokenCache: false,
  });
});

afterAll(async () => {
  await server.close();
});

describe("REST-enabled SQL", () => {
  it("returns rows and typed column metadata", async () => {
    const result = await runSql(client, "select checkin_id, beer_abv, created_at, beer_name from checkins order by checkin_id limit 3");

    expect(result.rows).toHaveLength(3);
    expect(result.metadata.map((column) => column.columnName)).toEqual(["CHECKIN_ID", "BEER_ABV", "CREATED_AT", "BEER_NAME"]);
    expect(result.columns).toEqual([
      { name: "checkin_id", type: "integer" },
      { name: "beer_abv", type: "number" },
      { name: "created_at", type: "datetime" },
      { name: "beer_name", type: "string" },
    ]);
    expect(String(result.rows[0]?.created_at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("fetches every page of a large result", async () => {
    const result = await runSql(client, "select checkin_id from checkins", { pageSize: 500 });
    const total = countCheckins(server.db);

    expect(result.rows).toHaveLength(total);
    expect(result.requests).toBe(Math.ceil(total / 500) + (total % 500 === 0 ? 1 : 0));
    expect(new Set(result.rows.map((row) => row.checkin_id)).size).toBe(total);
  });

  it("builds a typed DataFrame from the metadata", async () => {
    const result = await runSql(client, "select serving_type, count(*) as checkins, avg(rating_score) as mean_rating from checkins group by serving_type order by 2 desc");
    const df = toDataFrame(result.rows, { columns: result.columns });

    expect(df.columns).toEqual(["serving_type", "checkins", "mean_rating"]);
    expect(df.dtypes).toEqual(["string", "float32", "float32"]);
    const counts = df.column("checkins").values as number[];
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(countCheckins(server.db));
  });

  it("binds named values", async () => {
    const result = await runSql(client, "select count(*) as n from checkins where serving_type = :kind", { binds: { kind: "Can" } });
    const expected = (server.db.prepare("select count(*) as n from checkins where serving_type = 'Can'").get() as { n: number }).n;
    expect(result.rows[0]?.n).toBe(expected);
  });

  it("reports a failing statement with its message", async () => {
    const error = await runSql(client, "select nope from checkins").catch((caught: unknown) => caught);
    expect(isOrdsError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/line 1 failed: .*no such column: nope/);
  });

  it("refuses statements that change data", async () => {
    const error = await runSql(client, "delete from checkins").catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/queries only/);
    expect(countCheckins(server.db)).toBeGreaterThan(0);
  });

  it("refuses DELETE with RETURNING", async () => {
    const before = countCheckins(server.db);
    const error = await runSql(client, "delete from checkins returning checkin_id").catch((caught: unknown) => caught);

    expect((error as Error).message).toMatch(/queries only/);
    expect(countCheckins(server.db)).toBe(before);
  });

  it("follows the server's page size when it caps pageSize", async () => {
    const query = "with recursive n(x) as (select 1 union all select x + 1 from n where x < 25000) select x from n";
    const result = await runSql(client, query, { pageSize: 20_000 });
    const values = result.rows.map((row) => row.x as number);

    expect(values).toHaveLength(25_000);
    expect(new Set(values).size).toBe(25_000);
    expect(values[10_000]).toBe(10_001);
  });

  it("keeps the OAuth tables out of reach", async () => {
    const error = await runSql(client, "select * from ords_oauth_clients").catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/not available/);
  });

  it("answers 401 without a token or without the SQL Developer role", async () => {
    const anonymous = await fetch(`${server.ordsUrl}_/sql`, { method: "POST", headers: { "content-type": "application/sql" }, body: "select 1" });
    expect(anonymous.status).toBe(401);

    server.store.revokeRole(server.definitions.clients[0]!.name, "SQL Developer");
    try {
      const token = await accessToken(server);
      const response = await fetch(`${server.ordsUrl}_/sql`, {
        method: "POST",
        headers: { "content-type": "application/sql", authorization: `Bearer ${token}` },
        body: "select 1",
      });
      expect(response.status).toBe(401);
    } finally {
      server.store.grantRole(server.definitions.clients[0]!.name, "SQL Developer");
    }
  });

  it("accepts an application/sql script with several statements", async () => {
    const token = await accessToken(server);
    const response = await fetch(`${server.ordsUrl}_/sql`, {
      method: "POST",
      headers: { "content-type": "application/sql", authorization: `Bearer ${token}` },
      body: "select 1 as one;\n-- a comment; with a semicolon\nselect 'a;b' as text",
    });
    const body = (await response.json()) as { env: unknown; items: { statementId: number; statementPos: { startLine: number }; resultSet: { items: unknown[] } }[] };

    expect(body.env).toEqual({ defaultTimeZone: "UTC" });
    expect(body.items.map((item) => item.statementId)).toEqual([1, 2]);
    expect(body.items[1]?.statementPos.startLine).toBe(3);
    expect(body.items[1]?.resultSet.items).toEqual([{ text: "a;b" }]);
  });
});

describe("splitStatements", () => {
  it("splits at semicolons outside quotes and comments", () => {
    const statements = splitStatements("select ';' from t;\n/* x; y */ select 2;\n\nselect 3\n/\n");
    expect(statements.map((statement) => statement.text.replace(/\s+/g, " ").trim())).toEqual(["select ';' from t", "select 2", "select 3"]);
    expect(statements.map((statement) => statement.startLine)).toEqual([1, 2, 4]);
  });
});
