import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessToken, countCheckins, requestToken, startTestServer, type TestServer } from "./helpers/dev-server.js";

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  token = await accessToken(server);
});

afterAll(async () => {
  await server.close();
});

function get(path: string, bearer: string | null = token, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.ordsUrl}${path}`, { headers: bearer === null ? headers : { authorization: `Bearer ${bearer}`, ...headers } });
}

interface Collection {
  items: Record<string, unknown>[];
  hasMore: boolean;
  limit: number;
  offset: number;
  count: number;
  links: { rel: string; href: string }[];
}

describe("token endpoint", () => {
  it("issues a bearer token for Basic client credentials", async () => {
    const response = await requestToken(server);
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(body.token_type).toBe("bearer");
    expect(body.expires_in).toBe(3600);
    expect(typeof body.access_token).toBe("string");
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "token_type"]);
  });

  it("accepts credentials in the form body", async () => {
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: server.credentials.clientId,
      client_secret: server.credentials.clientSecret,
    });
    const response = await fetch(`${server.ordsUrl}oauth/token`, { method: "POST", body });

    expect(response.status).toBe(200);
  });

  it("rejects a wrong secret with 401 invalid_client", async () => {
    const response = await requestToken(server, { clientId: server.credentials.clientId, clientSecret: "wrong.." });
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(401);
    expect(body.error).toBe("invalid_client");
  });

  it("rejects a missing grant_type with 400", async () => {
    const basic = Buffer.from(`${server.credentials.clientId}:${server.credentials.clientSecret}`).toString("base64");
    const response = await fetch(`${server.ordsUrl}oauth/token`, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: "scope=x",
    });
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(400);
    expect(body.error).toBe("invalid_request");
  });

  it("rejects another grant type with 400", async () => {
    const basic = Buffer.from(`${server.credentials.clientId}:${server.credentials.clientSecret}`).toString("base64");
    const response = await fetch(`${server.ordsUrl}oauth/token`, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=password",
    });

    expect(response.status).toBe(400);
    expect(((await response.json()) as Record<string, unknown>).error).toBe("unsupported_grant_type");
  });
});

describe("protected module", () => {
  it("returns ORDS problem JSON without a token", async () => {
    const response = await get("examples/python-requests/", null);
    const body = (await response.json()) as Record<string, string>;

    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(body.code).toBe("Unauthorized");
    expect(body.message).toBe("Unauthorized");
    expect(body.type).toBe("tag:oracle.com,2020:error/Unauthorized");
    expect(body.instance).toMatch(/^tag:oracle\.com,2020:ecid\/\w+$/);
  });

  it("returns 401 for an unknown token", async () => {
    const response = await get("examples/checkins/", "not-a-token");
    expect(response.status).toBe(401);
  });

  it("returns 401 once the token has expired", async () => {
    const shortLived = await accessToken(server);
    expect((await get("examples/checkins/", shortLived)).status).toBe(200);

    server.clock.offsetMs = 3601 * 1000;
    try {
      expect((await get("examples/checkins/", shortLived)).status).toBe(401);
    } finally {
      server.clock.offsetMs = 0;
    }
  });

  it("returns 401 after the client's role is revoked", async () => {
    const name = server.definitions.clients[0]!.name;
    server.store.revokeRole(name, "beers_client");
    try {
      expect((await get("examples/checkins/")).status).toBe(401);
    } finally {
      server.store.grantRole(name, "beers_client");
    }
    expect((await get("examples/checkins/")).status).toBe(200);
  });

  it("decodes an :id segment once", async () => {
    const doubleEncoded = await get("examples/checkins/%2531");
    const percent = await get("examples/checkins/100%25");
    const malformed = await get("examples/checkins/abc%");

    expect(doubleEncoded.status).toBe(404);
    expect(percent.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as Record<string, string>).code).toBe("BadRequest");
  });

  it("returns 404 problem JSON for an unknown template", async () => {
    const response = await get("examples/nothing-here/");
    expect(response.status).toBe(404);
    expect(((await response.json()) as Record<string, string>).code).toBe("NotFound");
  });
});

describe("collection paging", () => {
  it("returns 25 items by default with ORDS members", async () => {
    const response = await get("examples/checkins/");
    const body = (await response.json()) as Collection;

    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toMatch(/^"[A-Za-z0-9+/=]+"$/);
    expect(Object.keys(body)).toEqual(["items", "hasMore", "limit", "offset", "count", "links"]);
    expect(body.items).toHaveLength(25);
    expect(body.count).toBe(25);
    expect(body.limit).toBe(25);
    expect(body.offset).toBe(0);
    expect(body.hasMore).toBe(true);
    expect(body.links.map((link) => link.rel)).toEqual(["self", "describedby", "first", "next"]);
    expect(body.links.find((link) => link.rel === "next")?.href).toBe(`${server.ordsUrl}examples/checkins/?offset=25`);
  });

  it("honours limit and offset", async () => {
    const first = (await (await get("examples/checkins/?limit=10")).json()) as Collection;
    const second = (await (await get("examples/checkins/?limit=10&offset=5")).json()) as Collection;

    expect(second.limit).toBe(10);
    expect(second.offset).toBe(5);
    expect(second.items[0]).toEqual(first.items[5]);
    expect(second.links.find((link) => link.rel === "next")?.href).toBe(`${server.ordsUrl}examples/checkins/?limit=10&offset=15`);
    expect(second.links.find((link) => link.rel === "prev")?.href).toBe(`${server.ordsUrl}examples/checkins/?limit=10`);
  });

  it("ends with hasMore false and no next link", async () => {
    const total = countCheckins(server.db);
    const body = (await (await get(`examples/checkins/?limit=100&offset=${total - 30}`)).json()) as Collection;

    expect(body.items).toHaveLength(30);
    expect(body.count).toBe(30);
    expect(body.hasMore).toBe(false);
    expect(body.links.some((link) => link.rel === "next")).toBe(false);
  });

  it("caps limit at 10000 rows", async () => {
    const body = (await (await get("examples/checkins/?limit=50000")).json()) as Collection;
    expect(body.limit).toBe(10_000);
    expect(body.items).toHaveLength(Math.min(10_000, countCheckins(server.db)));
  });

  it("rejects a negative limit with 400", async () => {
    const response = await get("examples/checkins/?limit=-1");
    expect(response.status).toBe(400);
    expect(((await response.json()) as Record<string, string>).code).toBe("BadRequest");
  });

  it("answers a matching If-None-Match with 304", async () => {
    const first = await get("examples/checkins/?limit=3");
    const etag = first.headers.get("etag") ?? "";
    const second = await get("examples/checkins/?limit=3", token, { "if-none-match": etag });
    expect(second.status).toBe(304);
  });
});

describe("collection values", () => {
  it("writes dates with a Z and keeps the wall-clock digits", async () => {
    const body = (await (await get("examples/checkins/?limit=1")).json()) as Collection;
    const item = body.items[0]!;
    const stored = server.db.prepare("SELECT created_at FROM checkins WHERE checkin_id = ?").get(item.checkin_id) as { created_at: string };

    expect(item.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(item.created_at).toBe(`${stored.created_at.replace(" ", "T")}Z`);
  });

  it("uses lower-case keys and keeps null members", async () => {
    const body = (await (await get("examples/checkins/?limit=200")).json()) as Collection;
    const keys = Object.keys(body.items[0]!);

    expect(keys).toContain("comments");
    expect(keys).not.toContain("comment");
    expect(keys.every((key) => key === key.toLowerCase())).toBe(true);
    expect(body.items.some((item) => item.venue_name === null)).toBe(true);
    expect(body.items.every((item) => "venue_name" in item)).toBe(true);
  });

  it("writes numbers as JSON numbers", async () => {
    const body = (await (await get("examples/checkins/?limit=50")).json()) as Collection;
    for (const item of body.items) {
      expect(typeof item.checkin_id).toBe("number");
      expect(item.beer_abv === null || typeof item.beer_abv === "number").toBe(true);
    }
  });

  it("lists only check-ins with notes, newest first, in python-requests/", async () => {
    const body = (await (await get("examples/python-requests/?limit=100")).json()) as Collection;
    const dates = body.items.map((item) => String(item.created_at));

    expect(Object.keys(body.items[0]!)[0]).toBe("created_at");
    expect(body.items.every((item) => typeof item.comments === "string" && item.comments !== "")).toBe(true);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it("returns one check-in from checkins/:id and 404 for an unknown id", async () => {
    const list = (await (await get("examples/checkins/?limit=1")).json()) as Collection;
    const id = list.items[0]!.checkin_id;
    const found = await get(`examples/checkins/${String(id)}`);
    const missing = await get("examples/checkins/1");

    expect(found.status).toBe(200);
    expect(((await found.json()) as Record<string, unknown>).checkin_id).toBe(id);
    expect(missing.status).toBe(404);
  });
});

describe("server log", () => {
  it("contains no token or client secret", async () => {
    await get("examples/checkins/?limit=1");
    const log = server.logLines.join("");

    expect(log).toContain("incoming request");
    expect(log).not.toContain(token);
    expect(log).not.toContain(server.credentials.clientSecret);
    expect(log).not.toContain(Buffer.from(`${server.credentials.clientId}:${server.credentials.clientSecret}`).toString("base64"));
  });
});
