import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrdsClient } from "../src/ords/client.js";
import { startTestServer, type TestServer } from "./helpers/dev-server.js";
import { clientOptions, countingFetch, rejection, STUB_CREDENTIALS } from "./helpers/ords-client.js";
import { closedPort, sendJson, startStubServer, type StubRequest, type StubServer } from "./helpers/stub-server.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

const HTML_401 = "<html><head><title>401 Unauthorized</title></head><body><h1>Unauthorized</h1><p>Sign in first.</p></body></html>";

/**
 * Responds to `/ords/stub/status/<code>/<n>`: the first `n` requests to that path get
 * `<code>`, later ones 200 with an empty collection. `n` of `always` never recovers.
 */
function statusHandler(request: StubRequest, response: ServerResponse, hits: Map<string, number>): void {
  const path = request.url.split("?")[0] as string;
  const count = (hits.get(path) ?? 0) + 1;
  hits.set(path, count);

  const match = /\/status\/(\d+|drop)\/(\d+|always)\/$/.exec(path);
  if (match === null) {
    sendJson(response, 404, { code: "NotFound", message: "Not Found" });
    return;
  }
  const failures = match[2] === "always" ? Infinity : Number(match[2]);
  if (count > failures) {
    sendJson(response, 200, { items: [], hasMore: false });
    return;
  }
  if (match[1] === "drop") {
    response.socket?.destroy();
    return;
  }
  sendJson(response, Number(match[1]), { code: "Failure", message: `status ${match[1]} on purpose` });
}

describe("timeouts and network errors", () => {
  let silent: StubServer;

  beforeAll(async () => {
    silent = await startStubServer(() => undefined);
  });

  afterAll(async () => {
    await silent.close();
  });

  it("times out a server that never answers", async () => {
    const client = new OrdsClient(clientOptions(silent, STUB_CREDENTIALS, { timeoutMs: 300, retry: { retries: 0 } }));

    const error = await rejection(client.get("examples/checkins/", { query: { limit: 5 } }));

    expect(error.code).toBe("ORDS_TIMEOUT");
    expect(error.message).toContain("timed out after 300 ms");
    expect(error.url).toBe(`${silent.ordsUrl}examples/checkins/?…`);
  });

  it("stops retrying a silent server when the budget runs out", async () => {
    const before = silent.requests.length;
    const client = new OrdsClient(clientOptions(silent, STUB_CREDENTIALS, { timeoutMs: 5_000, budgetMs: 600, retry: { retries: 5, baseDelayMs: 10 } }));

    const error = await rejection(client.get("examples/checkins/"));

    expect(error.code).toBe("ORDS_TIMEOUT");
    expect(silent.requests.length - before).toBeGreaterThanOrEqual(1);
  });

  it("names ECONNREFUSED for a refused port", async () => {
    const port = await closedPort();
    const client = new OrdsClient(clientOptions({ ordsUrl: `http://127.0.0.1:${port}/ords/beers/` }, STUB_CREDENTIALS, { retry: { retries: 0 } }));

    const requestError = await rejection(client.get("examples/checkins/", { auth: false }));
    const tokenError = await rejection(client.get("examples/checkins/"));

    for (const error of [requestError, tokenError]) {
      expect(error.code).toBe("ORDS_NETWORK_ERROR");
      expect(error.message).toContain("ECONNREFUSED");
      expect(error.message).toContain(`127.0.0.1:${port}`);
    }
    expect(tokenError.method).toBe("POST");
  });
});

describe("retries", () => {
  let stub: StubServer;
  const hits = new Map<string, number>();

  beforeAll(async () => {
    stub = await startStubServer((request, response) => statusHandler(request, response, hits));
  });

  afterAll(async () => {
    await stub.close();
  });

  function hitsOf(path: string): number {
    return hits.get(`/ords/stub/${path}`) ?? 0;
  }

  it.each([400, 401, 403, 404])("does not retry %i", async (status) => {
    const client = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS, { retry: { retries: 3, baseDelayMs: 1 } }));
    const path = `status/${status}/always/`;

    const error = await rejection(client.get(path));

    expect(error.status).toBe(status);
    expect(error.code).toBe(status === 401 ? "ORDS_UNAUTHORIZED" : "ORDS_HTTP_ERROR");
    // A 401 gets one more attempt with a new token; nothing else is sent again.
    expect(hitsOf(path)).toBe(status === 401 ? 2 : 1);
  });

  it.each([408, 429, 500, 502, 503, 504, 555])("retries %i until it succeeds", async (status) => {
    const client = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS, { retry: { retries: 3, baseDelayMs: 1 } }));
    const path = `status/${status}/2/`;

    const response = await client.get(path);

    expect(response.status).toBe(200);
    expect(hitsOf(path)).toBe(3);
  });

  it("retries a dropped connection", async () => {
    const client = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS, { retry: { retries: 3, baseDelayMs: 1 } }));

    const response = await client.get("status/drop/1/");

    expect(response.status).toBe(200);
    expect(hitsOf("status/drop/1/")).toBe(2);
  });

  it("gives up after the configured retries", async () => {
    const client = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS, { retry: { retries: 2, baseDelayMs: 1 } }));

    const error = await rejection(client.get("status/503/always/"));

    expect(error.code).toBe("ORDS_HTTP_ERROR");
    expect(error.status).toBe(503);
    expect(error.problemCode).toBe("Failure");
    expect(hitsOf("status/503/always/")).toBe(3);
  });

  it("does not retry a POST", async () => {
    const client = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS, { retry: { retries: 3, baseDelayMs: 1 } }));

    const response = await client.request("status/500/1/", { method: "POST", body: "{}", contentType: "application/json" });

    expect(response.status).toBe(500);
    expect(hitsOf("status/500/1/")).toBe(1);
  });

  it("waits for Retry-After before the next attempt", async () => {
    let calls = 0;
    const limited = await startStubServer((_request, response) => {
      calls += 1;
      if (calls === 1) {
        sendJson(response, 429, { code: "TooManyRequests", message: "slow down" }, { "retry-after": "1" });
      } else {
        sendJson(response, 200, { items: [] });
      }
    });
    try {
      const client = new OrdsClient(clientOptions(limited, STUB_CREDENTIALS, { retry: { retries: 2, baseDelayMs: 1 } }));

      const response = await client.get("examples/checkins/");

      expect(response.status).toBe(200);
      const [first, second] = limited.requests;
      expect(second).toBeDefined();
      expect((second as StubRequest).receivedAt - (first as StubRequest).receivedAt).toBeGreaterThanOrEqual(950);
    } finally {
      await limited.close();
    }
  });
});

describe("cancellation", () => {
  it("stops with ORDS_ABORTED during a Retry-After wait", async () => {
    const controller = new AbortController();
    const stub = await startStubServer((_request, response) => {
      sendJson(response, 503, { code: "ServiceUnavailable", message: "busy" }, { "retry-after": "30" });
      // Abort once the client has read the response and waits out the 30 seconds.
      setTimeout(() => controller.abort(), 100);
    });
    try {
      const client = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS, { retry: { retries: 3 } }));

      const error = await rejection(client.get("examples/checkins/", { signal: controller.signal }));

      expect(error.code).toBe("ORDS_ABORTED");
      expect(stub.requests).toHaveLength(1);
    } finally {
      await stub.close();
    }
  });

  it("stops with ORDS_ABORTED for a token request already cancelled", async () => {
    const stub = await startStubServer((_request, response) => sendJson(response, 200, {}));
    try {
      const client = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS));

      const error = await rejection(client.token(AbortSignal.abort()));

      expect(error.code).toBe("ORDS_ABORTED");
      expect(stub.tokenRequests).toHaveLength(0);
    } finally {
      await stub.close();
    }
  });
});

describe("error bodies", () => {
  it("reports an HTML 401 page with its title", async () => {
    const stub = await startStubServer((_request, response) => {
      response.writeHead(401, { "content-type": "text/html; charset=utf-8" });
      response.end(HTML_401);
    });
    try {
      const client = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS));

      const error = await rejection(client.get("examples/checkins/"));

      expect(error.code).toBe("ORDS_UNAUTHORIZED");
      expect(error.status).toBe(401);
      expect(error.message).toContain("HTTP 401");
      expect(error.message).toContain("401 Unauthorized");
      expect(error.message).not.toContain("<html>");
      expect(error.body).toBe(HTML_401);
      expect(client.tokenRequests).toBe(2);
      expect(stub.requests).toHaveLength(2);
    } finally {
      await stub.close();
    }
  });

  it.each([
    ["no content type", {}],
    ["a JSON content type", { "content-type": "application/json" }],
  ])("reports an empty 500 body with %s", async (_case, headers) => {
    const stub = await startStubServer((_request, response) => {
      response.writeHead(500, headers);
      response.end();
    });
    try {
      const client = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS, { retry: { retries: 0 } }));

      const error = await rejection(client.get("examples/checkins/"));

      expect(error.code).toBe("ORDS_HTTP_ERROR");
      expect(error.status).toBe(500);
      expect(error.message).toContain("failed with HTTP 500");
    } finally {
      await stub.close();
    }
  });

  it("keeps the text of a 500 with invalid JSON", async () => {
    const stub = await startStubServer((_request, response) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.end("ORA-00942: table or view does not exist");
    });
    try {
      const client = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS, { retry: { retries: 0 } }));

      const error = await rejection(client.get("examples/checkins/"));

      expect(error.code).toBe("ORDS_HTTP_ERROR");
      expect(error.message).toContain("ORA-00942");
    } finally {
      await stub.close();
    }
  });

  it("reports invalid JSON in a 200", async () => {
    const stub = await startStubServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end("{\"items\": [");
    });
    try {
      const client = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS, { retry: { retries: 0 } }));

      const error = await rejection(client.get("examples/checkins/", { query: { limit: 3 } }));

      expect(error.code).toBe("ORDS_INVALID_RESPONSE");
      expect(error.status).toBe(200);
      expect(error.url).toBe(`${stub.ordsUrl}examples/checkins/?…`);
    } finally {
      await stub.close();
    }
  });
});

describe("dev server errors", () => {
  it("leaves the query string out of the error's url", async () => {
    const client = new OrdsClient(clientOptions(server, server.credentials));
    const filter = JSON.stringify({ beer_name: { $like: "needle-in-query%" } });

    const notFound = await rejection(client.get("examples/no-such-template/", { query: { q: filter, limit: 5 } }));
    const badFilter = await rejection(client.get("examples/checkins/", { query: { q: "{\"beer_abv\":{\"$gt\":\"needle\"" } }));

    expect(notFound.status).toBe(404);
    expect(badFilter.status).toBe(400);
    for (const error of [notFound, badFilter]) {
      expect(error.url?.split("?")[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ords\/beers\/examples\/[\w-]+\/$/);
      expect(error.url).not.toContain("needle");
      expect(error.url).not.toContain("limit");
      expect(error.message).not.toContain("needle");
      expect(error.stack).not.toContain("needle");
    }
  });

  it("sends every request through a caller-supplied fetch", async () => {
    const counter = countingFetch();
    const client = new OrdsClient(clientOptions(server, server.credentials, { fetch: counter.fetch }));

    await client.get("examples/checkins/", { query: { limit: 1 } });
    await client.get("examples/python-requests/", { query: { limit: 1 } });
    await rejection(client.get("examples/checkins/999999999"));

    expect(counter.urls).toEqual([
      `${server.ordsUrl}examples/checkins/?limit=1`,
      `${server.ordsUrl}examples/python-requests/?limit=1`,
      `${server.ordsUrl}examples/checkins/999999999`,
    ]);
  });
});

describe("requests to another origin", () => {
  it("never carry the access token", async () => {
    const elsewhere = await startStubServer((_request, response) => sendJson(response, 200, { ok: true }), { token: false });
    try {
      const client = new OrdsClient(clientOptions(server, server.credentials));
      const error = await rejection(client.get(`${elsewhere.origin}/data/`));
      const anonymous = await client.get(new URL(`${elsewhere.origin}/data/`), { auth: false });

      expect(error.code).toBe("ORDS_INVALID_REQUEST");
      expect(error.message).toContain("pass auth: false");
      expect(anonymous.status).toBe(200);
      expect(elsewhere.requests).toHaveLength(1);
      expect(elsewhere.requests[0]?.headers.authorization).toBeUndefined();
    } finally {
      await elsewhere.close();
    }
  });
});
