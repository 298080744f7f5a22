import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrdsClient } from "../src/ords/client.js";
import type { Page } from "../src/ords/pager.js";
import { countCheckins, startTestServer, type TestServer } from "./helpers/dev-server.js";
import { clientOptions, rejection, STUB_CREDENTIALS } from "./helpers/ords-client.js";
import { queryOf, sendJson, startStubServer, type StubHandler, type StubRequest, type StubServer } from "./helpers/stub-server.js";

type Row = Record<string, unknown>;

let server: TestServer;
let client: OrdsClient;

beforeAll(async () => {
  server = await startTestServer();
  client = new OrdsClient(clientOptions(server, server.credentials));
});

afterAll(async () => {
  await server.close();
});

/** Rows `{id: from}` to `{id: to - 1}`. */
function rows(from: number, to: number): Row[] {
  return Array.from({ length: to - from }, (_unused, index) => ({ id: from + index, name: `row ${from + index}` }));
}

/** Runs `body` against a stub server that responds with `handler`, then closes the stub. */
async function withStub(handler: StubHandler, body: (stub: StubServer, stubClient: OrdsClient) => Promise<void>): Promise<void> {
  const stub = await startStubServer(handler);
  try {
    await body(stub, new OrdsClient(clientOptions(stub, STUB_CREDENTIALS, { retry: { retries: 0 } })));
  } finally {
    await stub.close();
  }
}

/** Serves `total` rows, honouring `limit` and `offset`, with no links, as a custom handler might. */
function collectionWithoutLinks(total: number, pageSize: number): StubHandler {
  return (request, response) => {
    const query = queryOf(request);
    const limit = Number(query.get("limit") ?? pageSize);
    const offset = Number(query.get("offset") ?? 0);
    const end = Math.min(total, offset + limit);
    sendJson(response, 200, { items: rows(offset, end), hasMore: end < total, limit, offset, count: end - offset });
  };
}

/** Ends the collection after `maxRequests` requests, so a pager that never stops fails fast. */
function capped(maxRequests: number, handler: (request: StubRequest, response: ServerResponse) => void): StubHandler {
  let calls = 0;
  return (request, response) => {
    calls += 1;
    if (calls > maxRequests) {
      sendJson(response, 200, { items: [], hasMore: false });
      return;
    }
    handler(request, response);
  };
}

describe("paging the dev server", () => {
  it.each([25, 1000, 10_000])("fetchAll returns every check-in with page size %i", async (pageSize) => {
    const total = countCheckins(server.db);

    const result = await client.fetchAll<Row>("examples/checkins/", { pageSize, progress: false });

    const ids = new Set(result.items.map((item) => item.checkin_id));
    expect(total).toBeGreaterThan(1000);
    expect(result.items).toHaveLength(total);
    expect(ids.size).toBe(total);
    expect(result.pages).toBe(Math.ceil(total / pageSize));
    expect(result.warnings).toEqual([]);
  });

  it.each([25, 1000, 10_000])("pages() yields every check-in with page size %i", async (pageSize) => {
    const total = countCheckins(server.db);
    const pages: Page<Row>[] = [];

    for await (const page of client.pages<Row>("examples/checkins/", { pageSize })) {
      pages.push(page);
    }

    const ids = new Set(pages.flatMap((page) => page.items.map((item) => item.checkin_id)));
    expect(ids.size).toBe(total);
    expect(pages.map((page) => page.index)).toEqual(pages.map((_page, index) => index));
    expect(pages.map((page) => page.offset)).toEqual(pages.map((_page, index) => index * pageSize));
    expect(pages.every((page) => page.items.length <= pageSize && page.limit === pageSize)).toBe(true);
    expect(pages.at(-1)?.hasMore).toBe(false);
  });

  it("reports progress once per page and once at the end", async () => {
    const progress: { pages: number; rows: number; done: boolean }[] = [];

    const result = await client.fetchAll("examples/checkins/", { pageSize: 1000, onProgress: ({ pages, rows: count, done }) => progress.push({ pages, rows: count, done }) });

    expect(progress).toHaveLength(result.pages + 1);
    expect(progress.at(-1)).toEqual({ pages: result.pages, rows: result.items.length, done: true });
  });

  it("throws ORDS_PAGING_ERROR for a single item", async () => {
    const id = (server.db.prepare("SELECT checkin_id AS id FROM checkins LIMIT 1").get() as { id: number }).id;

    const error = await rejection(client.fetchAll(`examples/checkins/${id}`, { progress: false }));

    expect(error.code).toBe("ORDS_PAGING_ERROR");
    expect(error.status).toBe(200);
    expect(error.message).toContain("items");
  });

  it("stops with ORDS_ABORTED when cancelled between pages", async () => {
    const controller = new AbortController();
    const seen: number[] = [];

    const error = await rejection(
      (async () => {
        for await (const page of client.pages("examples/checkins/", { pageSize: 25, signal: controller.signal })) {
          seen.push(page.index);
          controller.abort();
        }
      })(),
    );

    expect(error.code).toBe("ORDS_ABORTED");
    expect(seen).toEqual([0]);
  });

  it("stops with ORDS_ABORTED when cancelled before the first page", async () => {
    const fresh = new OrdsClient(clientOptions(server, server.credentials));

    const error = await rejection(fresh.fetchAll("examples/checkins/", { signal: AbortSignal.abort(), progress: false }));

    expect(error.code).toBe("ORDS_ABORTED");
    expect(fresh.tokenRequests).toBe(0);
  });
});

describe("stop conditions", () => {
  it("stops when hasMore is false, whatever the links say", async () => {
    const handler = capped(5, (request, response) => {
      sendJson(response, 200, {
        items: rows(0, 3),
        hasMore: false,
        limit: 3,
        offset: 0,
        links: [{ rel: "next", href: `http://${request.headers.host}/ords/stub/rows/?offset=3` }],
      });
    });

    await withStub(handler, async (stub, stubClient) => {
      const result = await stubClient.fetchAll<Row>("rows/", { progress: false });

      expect(result.items).toEqual(rows(0, 3));
      expect(stub.requests).toHaveLength(1);
    });
  });

  it("treats a missing hasMore as the last page", async () => {
    const handler = capped(5, (_request, response) => sendJson(response, 200, { items: rows(0, 4) }));

    await withStub(handler, async (stub, stubClient) => {
      const pages: Page<Row>[] = [];
      for await (const page of stubClient.pages<Row>("rows/")) {
        pages.push(page);
      }

      expect(pages).toHaveLength(1);
      expect(pages[0]?.hasMore).toBe(false);
      expect(pages[0]?.items).toEqual(rows(0, 4));
      expect(stub.requests).toHaveLength(1);
    });
  });

  it("stops on an empty page with hasMore true", async () => {
    const handler = capped(5, (request, response) => {
      const offset = Number(queryOf(request).get("offset") ?? 0);
      sendJson(response, 200, { items: offset === 0 ? rows(0, 2) : [], hasMore: true, limit: 2, offset });
    });

    await withStub(handler, async (stub, stubClient) => {
      const result = await stubClient.fetchAll<Row>("rows/", { progress: false });

      expect(result.items).toEqual(rows(0, 2));
      expect(stub.requests).toHaveLength(2);
      expect(result.warnings.some((warning) => warning.includes("empty page"))).toBe(true);
    });
  });

  it("stops when the server ignores the offset", async () => {
    const handler = capped(5, (_request, response) => sendJson(response, 200, { items: rows(0, 2), hasMore: true, limit: 2, offset: 0 }));

    await withStub(handler, async (stub, stubClient) => {
      const result = await stubClient.fetchAll<Row>("rows/", { progress: false });

      expect(stub.requests).toHaveLength(2);
      expect(result.items).toHaveLength(4);
      expect(result.warnings.some((warning) => warning.includes("does not advance"))).toBe(true);
      expect(result.warnings.some((warning) => warning.includes("repeated"))).toBe(true);
    });
  });

  it("stops when the server ignores the offset and omits it", async () => {
    const handler = capped(5, (_request, response) => sendJson(response, 200, { items: rows(0, 2), hasMore: true }));

    await withStub(handler, async (stub, stubClient) => {
      const result = await stubClient.fetchAll<Row>("rows/", { progress: false });

      expect(stub.requests).toHaveLength(2);
      expect(result.items).toHaveLength(4);
      expect(result.warnings.some((warning) => warning.includes("repeated"))).toBe(true);
    });
  });

  it("stops when the next link repeats", async () => {
    const handler = capped(5, (request, response) => {
      const next = `http://${request.headers.host}/ords/stub/rows/?offset=2`;
      const offset = Number(queryOf(request).get("offset") ?? 0);
      sendJson(response, 200, { items: rows(offset, offset + 2), hasMore: true, limit: 2, offset, links: [{ rel: "next", href: next }] });
    });

    await withStub(handler, async (stub, stubClient) => {
      const result = await stubClient.fetchAll<Row>("rows/", { progress: false, prefetch: false });

      expect(stub.requests.map((request) => request.url)).toEqual(["/ords/stub/rows/?limit=10000", "/ords/stub/rows/?offset=2"]);
      expect(result.items).toEqual(rows(0, 4));
    });
  });

  it("stops when paging is off (limit 0)", async () => {
    const handler = capped(5, (_request, response) => sendJson(response, 200, { items: rows(0, 7), hasMore: true, limit: 0, offset: 0 }));

    await withStub(handler, async (stub, stubClient) => {
      const result = await stubClient.fetchAll<Row>("rows/", { progress: false });

      expect(result.items).toEqual(rows(0, 7));
      expect(result.pages).toBe(1);
      expect(stub.requests).toHaveLength(1);
    });
  });

  it("sends limit 0 for pageSize 0 and stops after one page", async () => {
    const handler = capped(5, (_request, response) => sendJson(response, 200, { items: rows(0, 7), hasMore: false, limit: 0, offset: 0 }));

    await withStub(handler, async (stub, stubClient) => {
      const result = await stubClient.fetchAll<Row>("rows/", { pageSize: 0, progress: false });

      expect(result.items).toEqual(rows(0, 7));
      expect(queryOf(stub.requests[0] as StubRequest).get("limit")).toBe("0");
      expect(stub.requests).toHaveLength(1);
    });
  });

  it("follows the next link when present", async () => {
    const handler = capped(5, (request, response) => {
      const query = queryOf(request);
      if (query.get("marker") === null) {
        const next = `http://${request.headers.host}/ords/stub/rows/?offset=3&marker=from-link`;
        sendJson(response, 200, { items: rows(0, 3), hasMore: true, limit: 3, offset: 0, links: [{ rel: "next", href: next }] });
      } else {
        sendJson(response, 200, { items: rows(3, 5), hasMore: false, limit: 3, offset: 3 });
      }
    });

    await withStub(handler, async (stub, stubClient) => {
      const result = await stubClient.fetchAll<Row>("rows/", { progress: false });

      expect(result.items).toEqual(rows(0, 5));
      expect(stub.requests[1]?.url).toBe("/ords/stub/rows/?offset=3&marker=from-link");
    });
  });

  it("ignores a next link to another origin", async () => {
    const elsewhere = await startStubServer((_request, response) => sendJson(response, 200, { items: rows(100, 103), hasMore: false }));
    try {
      const handler: StubHandler = (request, response) => {
        const offset = Number(queryOf(request).get("offset") ?? 0);
        const links = [{ rel: "next", href: `${elsewhere.ordsUrl}rows/?offset=${offset + 3}` }];
        sendJson(response, 200, { items: rows(offset, offset + 3), hasMore: offset === 0, limit: 3, offset, links });
      };

      await withStub(capped(5, handler), async (stub, stubClient) => {
        const result = await stubClient.fetchAll<Row>("rows/", { progress: false, prefetch: false });

        expect(result.items).toEqual(rows(0, 6));
        expect(stub.requests.map((request) => request.url)).toEqual(["/ords/stub/rows/?limit=10000", "/ords/stub/rows/?limit=10000&offset=3"]);
        expect(elsewhere.requests).toHaveLength(0);
      });
    } finally {
      await elsewhere.close();
    }
  });

  it("falls back to offset and limit without links", async () => {
    await withStub(collectionWithoutLinks(23, 10), async (stub, stubClient) => {
      const result = await stubClient.fetchAll<Row>("rows/", { pageSize: 10, progress: false, prefetch: false });

      expect(result.items).toEqual(rows(0, 23));
      expect(stub.requests).toHaveLength(3);
      expect(result.warnings).toEqual([]);
    });
  });

  it("prefetches at most one page too many", async () => {
    await withStub(collectionWithoutLinks(43, 10), async (stub, stubClient) => {
      const result = await stubClient.fetchAll<Row>("rows/", { pageSize: 10, progress: false });
      const offsets = stub.requests.map((request) => new URL(request.url, "http://stub").searchParams.get("offset") ?? "0");

      expect(result.items).toEqual(rows(0, 43));
      expect(result.pages).toBe(5);
      expect(stub.requests.length).toBeGreaterThanOrEqual(5);
      expect(stub.requests.length).toBeLessThanOrEqual(6);
      expect(new Set(offsets).size).toBe(stub.requests.length);
    });
  });
});

describe("repeated rows", () => {
  it("warns when rows repeat across pages", async () => {
    // Page 2 starts one row early, as a query without a unique ORDER BY can make it.
    const handler = capped(5, (request, response) => {
      const offset = Number(queryOf(request).get("offset") ?? 0);
      const items = offset === 0 ? rows(0, 3) : rows(2, 5);
      sendJson(response, 200, { items, hasMore: offset === 0, limit: 3, offset });
    });
    const warnings: string[] = [];

    await withStub(handler, async (_stub, stubClient) => {
      const result = await stubClient.fetchAll<Row>("rows/", { progress: false, onWarning: (message) => warnings.push(message) });

      expect(result.items).toHaveLength(6);
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toContain("repeated");
      expect(result.warnings[0]).toContain("page 2");
      expect(warnings).toEqual(result.warnings);
    });
  });
});

describe("cancellation and bad bodies on a stub", () => {
  it("aborts a page request in flight", async () => {
    const handler: StubHandler = (request, response) => {
      if (queryOf(request).get("offset") === null) {
        sendJson(response, 200, { items: rows(0, 2), hasMore: true, limit: 2, offset: 0 });
      }
      // Later pages never get a response.
    };

    await withStub(handler, async (stub, stubClient) => {
      const controller = new AbortController();
      const pending = stubClient.fetchAll("rows/", { signal: controller.signal, progress: false });
      while (stub.requests.length < 2) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      controller.abort();

      const error = await rejection(pending);

      expect(error.code).toBe("ORDS_ABORTED");
    });
  });

  it.each([
    ["an array", [1, 2, 3]],
    ["items that are not an array", { items: { id: 1 } }],
    ["a JSON string", "rows"],
  ])("throws ORDS_PAGING_ERROR for %s", async (_case, body) => {
    await withStub(capped(5, (_request, response) => sendJson(response, 200, body)), async (_stub, stubClient) => {
      const error = await rejection(stubClient.fetchAll("rows/", { query: { q: "{\"id\":1}" }, progress: false }));

      expect(error.code).toBe("ORDS_PAGING_ERROR");
      expect(error.url).not.toContain("q=");
    });
  });

  it("throws ORDS_PAGING_ERROR for a text body", async () => {
    const handler = capped(5, (_request, response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      response.end("items: none");
    });

    await withStub(handler, async (_stub, stubClient) => {
      const error = await rejection(stubClient.fetchAll("rows/", { progress: false }));

      expect(error.code).toBe("ORDS_PAGING_ERROR");
    });
  });
});

describe("failures of pages requested ahead", () => {
  it("reject fetchAll without crashing the process", async () => {
    const handler: StubHandler = async (request, response) => {
      const offset = Number(queryOf(request).get("offset") ?? 0);
      if (offset === 2) {
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      if (offset >= 4) {
        sendJson(response, 404, { code: "NotFound", message: "Not Found" });
        return;
      }
      sendJson(response, 200, { items: rows(offset, offset + 2), hasMore: true, limit: 2, offset });
    };

    await withStub(handler, async (_stub, stubClient) => {
      const error = await rejection(stubClient.fetchAll<Row>("rows/", { pageSize: 2, progress: false }));
      expect(error.code).toBe("ORDS_HTTP_ERROR");
      expect(error.status).toBe(404);
    });
  });

  it("reject pages() while the caller is busy", async () => {
    const handler: StubHandler = (request, response) => {
      const offset = Number(queryOf(request).get("offset") ?? 0);
      if (offset >= 2) {
        sendJson(response, 400, { code: "BadRequest", message: "Bad Request" });
        return;
      }
      sendJson(response, 200, { items: rows(offset, offset + 2), hasMore: true, limit: 2, offset });
    };

    await withStub(handler, async (_stub, stubClient) => {
      const seen: number[] = [];
      const error = await rejection(
        (async () => {
          for await (const page of stubClient.pages<Row>("rows/", { pageSize: 2, prefetch: true })) {
            seen.push(page.index);
            await new Promise((resolve) => setTimeout(resolve, 300));
          }
        })(),
      );
      expect(seen).toEqual([0]);
      expect(error.status).toBe(400);
    });
  });
});

describe("repeat warning", () => {
  it("ignores equal rows within one page", async () => {
    const values = ["IPA", "IPA", "Lager", "Lager", "Stout", "Stout"];
    const handler: StubHandler = (request, response) => {
      const offset = Number(queryOf(request).get("offset") ?? 0);
      const items = values.slice(offset, offset + 2).map((style) => ({ style }));
      sendJson(response, 200, { items, hasMore: offset + 2 < values.length, limit: 2, offset });
    };

    await withStub(handler, async (_stub, stubClient) => {
      const result = await stubClient.fetchAll<{ style: string }>("rows/", { pageSize: 2, progress: false });
      expect(result.items.map((item) => item.style)).toEqual(values);
      expect(result.warnings).toEqual([]);
    });
  });
});
