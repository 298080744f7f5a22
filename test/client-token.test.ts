import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, OrdsClient } from "../src/ords/client.js";
import { countCheckins, startTestServer, type TestServer } from "./helpers/dev-server.js";
import {
  CLIENT_ROLE,
  clientOptions,
  countingFetch,
  registerClient,
  rejection,
  serverTokenCount,
  sleep,
  STUB_CREDENTIALS,
} from "./helpers/ords-client.js";
import { sendJson, startReverseProxy, startStubServer } from "./helpers/stub-server.js";

let server: TestServer;
let folder: string;

beforeAll(async () => {
  server = await startTestServer();
  folder = mkdtempSync(join(tmpdir(), "ordslab-token-"));
});

afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

describe("token reuse and expiry", () => {
  it("reuses one token across many calls", async () => {
    const { name, credentials } = registerClient(server);
    const client = new OrdsClient(clientOptions(server, credentials));

    for (let call = 0; call < 10; call += 1) {
      await client.get("examples/checkins/", { query: { limit: 1, offset: call } });
    }

    expect(client.tokenRequests).toBe(1);
    expect(serverTokenCount(server, name)).toBe(1);
  });

  it("fetches one new token after a 2-second token expires", async () => {
    const { credentials } = registerClient(server, { tokenDurationSeconds: 2 });
    const counter = countingFetch();
    const client = new OrdsClient(clientOptions(server, credentials, { fetch: counter.fetch }));

    await client.get("examples/checkins/", { query: { limit: 1 } });
    const first = await client.token();
    expect(first.expiresInSeconds).toBeLessThanOrEqual(2);
    await sleep(2_100);
    await client.get("examples/checkins/", { query: { limit: 1 } });

    expect(client.tokenRequests).toBe(2);
    // Two requests in all: the client renewed the token before use, so no 401 needed a retry.
    expect(counter.urls).toHaveLength(2);
  });

  it.each([
    [5, 4_000, 4_600],
    [36_000, 35_000_000, 35_941_000],
  ])("schedules expiry from expires_in %i", async (duration, stillValidAfterMs, expiredAfterMs) => {
    const { credentials } = registerClient(server, { tokenDurationSeconds: duration });
    const clock = { offsetMs: 0 };
    const client = new OrdsClient(clientOptions(server, credentials, { now: () => Date.now() + clock.offsetMs }));

    const info = await client.token();
    expect(info.expiresInSeconds).toBeGreaterThanOrEqual(duration * 0.8);
    expect(info.expiresInSeconds).toBeLessThanOrEqual(duration);

    clock.offsetMs = stillValidAfterMs;
    await client.get("examples/checkins/", { query: { limit: 1 } });
    expect(client.tokenRequests).toBe(1);

    clock.offsetMs = expiredAfterMs;
    await client.get("examples/checkins/", { query: { limit: 1 } });
    expect(client.tokenRequests).toBe(2);
  });

  it("assumes the default lifetime without expires_in", async () => {
    const stub = await startStubServer((_request, response) => sendJson(response, 200, { items: [], hasMore: false }), { token: {} });
    try {
      const clock = { offsetMs: 0 };
      const client = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS, { now: () => Date.now() + clock.offsetMs }));

      const info = await client.token();
      expect(info.expiresInSeconds).toBe(3540);

      clock.offsetMs = 3_500_000;
      await client.get("rows/");
      expect(client.tokenRequests).toBe(1);

      clock.offsetMs = 3_541_000;
      await client.get("rows/");
      expect(client.tokenRequests).toBe(2);
      expect(stub.tokenRequests).toHaveLength(2);
      expect(stub.requests.map((request) => request.headers.authorization)).toEqual([
        `Bearer ${stub.issuedTokens[0]}`,
        `Bearer ${stub.issuedTokens[1]}`,
      ]);
    } finally {
      await stub.close();
    }
  });

  it("honours defaultLifetimeSeconds without expires_in", async () => {
    const stub = await startStubServer((_request, response) => sendJson(response, 200, { items: [] }), { token: {} });
    try {
      const client = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS, { defaultLifetimeSeconds: 600 }));

      const info = await client.token();

      expect(info.expiresInSeconds).toBe(540);
    } finally {
      await stub.close();
    }
  });

  it("shares one token request among 20 concurrent calls", async () => {
    const { name, credentials } = registerClient(server);
    const client = new OrdsClient(clientOptions(server, credentials));

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_unused, index) => client.get("examples/checkins/", { query: { limit: 1, offset: index } })),
    );

    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(client.tokenRequests).toBe(1);
    expect(serverTokenCount(server, name)).toBe(1);
  });
});

describe("token disk cache", () => {
  it("lets a second client reuse the token", async () => {
    const cacheFolder = mkdtempSync(join(folder, "cache-"));
    const { name, credentials } = registerClient(server);
    const first = new OrdsClient(clientOptions(server, credentials, { tokenCache: cacheFolder }));
    await first.get("examples/checkins/", { query: { limit: 1 } });

    const files = readdirSync(cacheFolder);
    expect(files).toHaveLength(1);
    const file = join(cacheFolder, files[0] as string);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, "utf8");
    expect(text).not.toContain(credentials.clientSecret);
    const cached = JSON.parse(text) as { accessToken: string };
    expect(server.store.verifyToken(cached.accessToken)?.clientName).toBe(name);

    const second = new OrdsClient(clientOptions(server, credentials, { tokenCache: cacheFolder }));
    await second.get("examples/checkins/", { query: { limit: 1 } });

    expect(second.tokenRequests).toBe(0);
    expect((await second.token()).source).toBe("disk cache");
    expect(serverTokenCount(server, name)).toBe(1);
  });

  it("ignores a cached token after the secret changes", async () => {
    const cacheFolder = mkdtempSync(join(folder, "cache-"));
    const { credentials } = registerClient(server);
    await new OrdsClient(clientOptions(server, credentials, { tokenCache: cacheFolder })).token();
    const wrongSecret = `${credentials.clientSecret.slice(0, -2)}Xy..`;

    const error = await rejection(connect(clientOptions(server, { clientId: credentials.clientId, clientSecret: wrongSecret }, { tokenCache: cacheFolder })));

    expect(error.code).toBe("ORDS_TOKEN_FAILED");
    expect(error.status).toBe(401);
    expect(readdirSync(cacheFolder)).toHaveLength(1);
  });

  it("replaces a cached token the server rejects", async () => {
    const cacheFolder = mkdtempSync(join(folder, "cache-"));
    const { name, credentials } = registerClient(server);
    const first = new OrdsClient(clientOptions(server, credentials, { tokenCache: cacheFolder }));
    await first.token();
    // Tokens of a deleted and re-registered client are gone from the server, not from the cache.
    server.store.deleteClient(name);
    server.store.registerClient(name, { tokenDurationSeconds: 3600, roles: [CLIENT_ROLE], credentials });

    const second = new OrdsClient(clientOptions(server, credentials, { tokenCache: cacheFolder }));
    const response = await second.get("examples/checkins/", { query: { limit: 1 } });

    expect(response.status).toBe(200);
    expect(second.tokenRequests).toBe(1);
    const file = join(cacheFolder, readdirSync(cacheFolder)[0] as string);
    const cached = JSON.parse(readFileSync(file, "utf8")) as { accessToken: string };
    expect(server.store.verifyToken(cached.accessToken)?.clientName).toBe(name);
  });
});

describe("revoked role", () => {
  it("gets one new token, retries once, then throws", async () => {
    const { name, credentials } = registerClient(server);
    const counter = countingFetch();
    const client = new OrdsClient(clientOptions(server, credentials, { fetch: counter.fetch }));
    await client.get("examples/checkins/", { query: { limit: 1 } });
    server.store.revokeRole(name, CLIENT_ROLE);

    const error = await rejection(client.get("examples/checkins/", { query: { limit: 1 } }));

    expect(error.code).toBe("ORDS_UNAUTHORIZED");
    expect(error.status).toBe(401);
    expect(error.problemCode).toBe("Unauthorized");
    expect(error.instance).toMatch(/^tag:oracle\.com,2020:ecid\/\S+/);
    expect(error.message).toContain(error.instance);
    expect(client.tokenRequests).toBe(2);
    expect(counter.urls).toHaveLength(3);

    server.store.grantRole(name, CLIENT_ROLE);
    const recovered = await client.get("examples/checkins/", { query: { limit: 1 } });
    expect(recovered.status).toBe(200);
    expect(client.tokenRequests).toBe(2);
  });
});

describe("base URL with a pool segment", () => {
  it("sends token and data requests under the prefix", async () => {
    const proxy = await startReverseProxy(server.origin, "/ords/pdb1/beers/", "/ords/beers/");
    try {
      const { credentials } = registerClient(server);
      const client = await connect(clientOptions({ ordsUrl: `${proxy.origin}/ords/pdb1/beers/` }, credentials));

      const result = await client.fetchAll("examples/checkins/", { pageSize: 1000, progress: false });

      expect(client.config.tokenUrl).toBe(`${proxy.origin}/ords/pdb1/beers/oauth/token`);
      expect(proxy.forwardedPaths[0]).toBe("/ords/pdb1/beers/oauth/token");
      expect(result.items).toHaveLength(countCheckins(server.db));
      // One token request, one per page, and at most one prefetched page past the end.
      expect(proxy.forwardedPaths.length).toBeGreaterThanOrEqual(1 + result.pages);
      expect(proxy.forwardedPaths.length).toBeLessThanOrEqual(2 + result.pages);
      expect(client.tokenRequests).toBe(1);
    } finally {
      await proxy.close();
    }
  });
});

describe("client secrets with reserved characters", () => {
  const secret = "a@b+c/d=e%25f%zz..";

  it.each(["loose", "strict"] as const)("connects to the dev server with %s encoding", async (encoding) => {
    const { credentials } = registerClient(server, { credentials: { clientId: `special-${encoding}..`, clientSecret: secret } });

    const client = await connect(clientOptions(server, credentials, { credentialsEncoding: encoding }));
    const response = await client.get("examples/checkins/", { query: { limit: 1 } });

    expect(response.status).toBe(200);
    expect(client.tokenRequests).toBe(1);
  });

  it.each([
    ["loose", secret],
    ["strict", encodeURIComponent(secret)],
  ] as const)("sends the secret %s-encoded in the Basic header", async (encoding, expected) => {
    const stub = await startStubServer((_request, response) => sendJson(response, 200, {}), { token: { expires_in: 60 } });
    try {
      await connect(clientOptions(stub, { clientId: "plain-id", clientSecret: secret }, { credentialsEncoding: encoding }));

      const header = stub.tokenRequests[0]?.headers.authorization ?? "";
      const decoded = Buffer.from(header.replace(/^Basic /, ""), "base64").toString("utf8");
      expect(decoded).toBe(`plain-id:${expected}`);
    } finally {
      await stub.close();
    }
  });

  it("reports a wrong secret with the server's description", async () => {
    const { credentials } = registerClient(server);
    const wrongSecret = `${credentials.clientSecret.slice(0, -2)}Xy..`;

    const error = await rejection(connect(clientOptions(server, { clientId: credentials.clientId, clientSecret: wrongSecret })));

    expect(error.code).toBe("ORDS_TOKEN_FAILED");
    expect(error.status).toBe(401);
    expect(error.message).toContain("invalid_client");
    expect(error.message).toContain("client authentication failed");
    expect(error.message).not.toContain(wrongSecret);
    expect(error.message).not.toContain(credentials.clientSecret);
  });
});

describe("token endpoint failures", () => {
  it("reports an HTML 401 from the token endpoint with its status", async () => {
    const stub = await startStubServer(
      (_request, response) => {
        response.writeHead(401, { "content-type": "text/html" });
        response.end("<html><head><title>401 Unauthorized</title></head><body>Unauthorized</body></html>");
      },
      { token: false },
    );
    try {
      const error = await rejection(connect(clientOptions(stub, STUB_CREDENTIALS)));

      expect(error.code).toBe("ORDS_TOKEN_FAILED");
      expect(error.status).toBe(401);
      expect(error.message).toContain("HTTP 401");
    } finally {
      await stub.close();
    }
  });

  it("reports a token response without access_token", async () => {
    const stub = await startStubServer(
      (_request, response) => sendJson(response, 200, { token_type: "bearer", expires_in: 3600 }),
      { token: false },
    );
    try {
      const error = await rejection(connect(clientOptions(stub, STUB_CREDENTIALS)));

      expect(error.code).toBe("ORDS_TOKEN_FAILED");
      expect(error.message).toContain("no access_token");
    } finally {
      await stub.close();
    }
  });

  it("times out a token endpoint that never answers", async () => {
    const stub = await startStubServer(() => undefined, { token: false });
    try {
      const error = await rejection(connect(clientOptions(stub, STUB_CREDENTIALS, { timeoutMs: 300 })));

      expect(error.code).toBe("ORDS_TIMEOUT");
      expect(error.message).toContain("300 ms");
      expect(error.message).not.toContain("HTTP 504");
    } finally {
      await stub.close();
    }
  });
});
