import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, OrdsClient } from "../src/ords/client.js";
import type { OrdsError } from "../src/ords/errors.js";
import { startTestServer, type TestServer } from "./helpers/dev-server.js";
import { CLIENT_ROLE, clientOptions, registerClient, rejection, thrown } from "./helpers/ords-client.js";
import { closedPort, startStubServer, type StubServer } from "./helpers/stub-server.js";

let server: TestServer;
let folder: string;

beforeAll(async () => {
  server = await startTestServer();
  folder = mkdtempSync(join(tmpdir(), "ordslab-config-"));
});

afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

function writeEnvFile(name: string, values: Record<string, string>): string {
  const file = join(folder, name);
  writeFileSync(file, Object.entries(values).map(([key, value]) => `${key}=${value}\n`).join(""));
  return file;
}

describe("settings precedence", () => {
  it("takes each setting from options, then environment, then .env", () => {
    const envFile = writeEnvFile("all.env", {
      ORDS_URL: "http://127.0.0.1:9/ords/from-file/",
      ORDS_CLIENT_ID: "id-from-file",
      ORDS_CLIENT_SECRET: "secret-from-file",
    });
    const env = { ORDS_URL: "http://127.0.0.1:9/ords/from-env/", ORDS_CLIENT_ID: "id-from-env" };

    const client = new OrdsClient({ clientId: "id-from-option", env, envFile, tokenCache: false });

    expect(client.config.baseUrl).toBe("http://127.0.0.1:9/ords/from-env/");
    expect(client.config.clientId).toBe("id-from-option");
    expect(client.config.sources).toEqual({ url: "environment", clientId: "option", clientSecret: envFile });
  });

  it("uses the .env secret when nothing else sets it", async () => {
    const envFile = writeEnvFile("right.env", {
      ORDS_URL: server.ordsUrl,
      ORDS_CLIENT_ID: server.credentials.clientId,
      ORDS_CLIENT_SECRET: server.credentials.clientSecret,
    });

    const client = await connect({ env: {}, envFile, tokenCache: false });

    expect(client.tokenRequests).toBe(1);
    expect(client.config.sources.clientSecret).toBe(envFile);
  });

  it("prefers an environment secret over .env", async () => {
    const envFile = writeEnvFile("right-secret.env", {
      ORDS_URL: server.ordsUrl,
      ORDS_CLIENT_ID: server.credentials.clientId,
      ORDS_CLIENT_SECRET: server.credentials.clientSecret,
    });

    const error = await rejection(connect({ env: { ORDS_CLIENT_SECRET: "wrong-secret-from-env.." }, envFile, tokenCache: false }));

    expect(error.code).toBe("ORDS_TOKEN_FAILED");
    expect(error.status).toBe(401);
  });

  it("prefers an option secret over the environment", async () => {
    const env = { ORDS_URL: server.ordsUrl, ORDS_CLIENT_ID: server.credentials.clientId, ORDS_CLIENT_SECRET: "wrong-secret-from-env.." };

    const client = await connect({ clientSecret: server.credentials.clientSecret, env, envFile: false, tokenCache: false });

    expect(client.config.sources.clientSecret).toBe("option");
    expect(client.tokenRequests).toBe(1);
  });
});

describe("missing and invalid settings", () => {
  it("lists every missing setting in one error", () => {
    const envFile = writeEnvFile("secret-only.env", { ORDS_CLIENT_SECRET: "secret-only-in-file.." });

    const error = thrown(() => new OrdsClient({ env: {}, envFile }));

    expect(error.code).toBe("ORDS_CONFIG_MISSING");
    expect(error.message).toContain("ORDS_URL");
    expect(error.message).toContain("ORDS_CLIENT_ID");
    expect(error.message).not.toMatch(/missing[^;]*ORDS_CLIENT_SECRET/);
    expect(error.message).toContain("environment variables");
    expect(error.message).toContain(envFile);
    expect(error.message).not.toContain("secret-only-in-file..");
  });

  it("lists all three names when nothing is set", () => {
    const error = thrown(() => new OrdsClient({ env: {}, envFile: false }));

    expect(error.code).toBe("ORDS_CONFIG_MISSING");
    expect(error.message).toMatch(/ORDS_URL, ORDS_CLIENT_ID, ORDS_CLIENT_SECRET/);
  });

  it("treats blank values as missing", () => {
    const error = thrown(() => new OrdsClient({ env: { ORDS_URL: "  ", ORDS_CLIENT_ID: "id", ORDS_CLIENT_SECRET: "s3cret-blank-url.." }, envFile: false }));

    expect(error.code).toBe("ORDS_CONFIG_MISSING");
    expect(error.message).toContain("ORDS_URL");
    expect(error.message).not.toContain("s3cret-blank-url..");
  });

  it.each([
    ["not a URL", "beers"],
    ["another protocol", "ftp://127.0.0.1/ords/beers/"],
    ["user info", "http://someone:url-password-77@127.0.0.1/ords/beers/"],
    ["a query string", "http://127.0.0.1/ords/beers/?limit=5"],
  ])("rejects an ORDS_URL with %s", (_case, url) => {
    const error = thrown(() => new OrdsClient({ url, clientId: "id", clientSecret: "s3cret-invalid-url..", env: {}, envFile: false }));

    expect(error.code).toBe("ORDS_CONFIG_INVALID");
    expect(error.message).toContain("ORDS_URL");
    expect(error.message).not.toContain("s3cret-invalid-url..");
    expect(error.message).not.toContain("url-password-77");
  });

  it("adds the missing slash to the base URL", () => {
    const client = new OrdsClient({ url: `${server.origin}/ords/beers`, clientId: "id", clientSecret: "s", env: {}, envFile: false });

    expect(client.config.baseUrl).toBe(server.ordsUrl);
    expect(client.config.tokenUrl).toBe(`${server.ordsUrl}oauth/token`);
  });
});

describe("secrets in output", () => {
  let secret: string;
  let accessToken: string;
  let client: OrdsClient;
  let name: string;
  const errors: [string, OrdsError][] = [];
  let stub: StubServer;

  beforeAll(async () => {
    const registered = registerClient(server, { credentials: { clientId: "redaction-id..", clientSecret: "Redaction-Secret-4f7Q.." } });
    name = registered.name;
    secret = registered.credentials.clientSecret;
    const cacheFolder = mkdtempSync(join(folder, "cache-"));
    client = new OrdsClient(clientOptions(server, registered.credentials, { tokenCache: cacheFolder, retry: { retries: 0 } }));
    await client.get("examples/checkins/", { query: { limit: 1 } });

    const [cacheFile] = readdirSync(cacheFolder);
    accessToken = (JSON.parse(readFileSync(join(cacheFolder, cacheFile as string), "utf8")) as { accessToken: string }).accessToken;

    errors.push(["not found", await rejection(client.get("examples/no-such-template/"))]);
    errors.push(["invalid filter", await rejection(client.get("examples/checkins/", { query: { q: "{not json" } }))]);

    const wrong = new OrdsClient(clientOptions(server, { clientId: registered.credentials.clientId, clientSecret: `${secret}-wrong` }));
    errors.push(["wrong secret", await rejection(wrong.get("examples/checkins/"))]);

    const port = await closedPort();
    const refused = new OrdsClient(clientOptions({ ordsUrl: `http://127.0.0.1:${port}/ords/beers/` }, registered.credentials, { retry: { retries: 0 } }));
    errors.push(["refused token request", await rejection(refused.get("examples/checkins/"))]);
    errors.push(["refused request", await rejection(refused.get("examples/checkins/", { auth: false }))]);

    stub = await startStubServer(() => undefined);
    const silent = new OrdsClient(clientOptions(stub, registered.credentials, { timeoutMs: 300, retry: { retries: 0 } }));
    errors.push(["timeout", await rejection(silent.get("examples/checkins/"))]);

    errors.push(["invalid URL", thrown(() => new OrdsClient({ url: "beers", clientSecret: secret, clientId: "id", env: {}, envFile: false }))]);
    errors.push(["missing URL", thrown(() => new OrdsClient({ clientSecret: secret, env: {}, envFile: false }))]);

    server.store.revokeRole(name, CLIENT_ROLE);
    errors.push(["role revoked", await rejection(client.get("examples/checkins/"))]);
    server.store.grantRole(name, CLIENT_ROLE);
  });

  afterAll(async () => {
    await stub.close();
  });

  it("keeps secret and token out of the client's printed forms", () => {
    expect(accessToken.length).toBeGreaterThan(10);
    const printed = [inspect(client, { depth: Infinity, showHidden: true }), String(client), JSON.stringify(client), `${client}`];

    for (const text of printed) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(accessToken);
    }
    expect(JSON.stringify(client)).toContain(server.ordsUrl);
  });

  it("collects one error of each kind", () => {
    expect(errors.map(([kind, error]) => [kind, error.code])).toEqual([
      ["not found", "ORDS_HTTP_ERROR"],
      ["invalid filter", "ORDS_HTTP_ERROR"],
      ["wrong secret", "ORDS_TOKEN_FAILED"],
      ["refused token request", "ORDS_NETWORK_ERROR"],
      ["refused request", "ORDS_NETWORK_ERROR"],
      ["timeout", "ORDS_TIMEOUT"],
      ["invalid URL", "ORDS_CONFIG_INVALID"],
      ["missing URL", "ORDS_CONFIG_MISSING"],
      ["role revoked", "ORDS_UNAUTHORIZED"],
    ]);
  });

  it("keeps secret and token out of every error", () => {
    for (const [kind, error] of errors) {
      const printed = [error.message, error.stack ?? "", JSON.stringify(error), String(error), inspect(error, { depth: 8 })];
      for (const text of printed) {
        expect(text, kind).not.toContain(secret);
        expect(text, kind).not.toContain(accessToken);
        expect(text, kind).not.toContain(Buffer.from(`${"redaction-id.."}:${secret}`).toString("base64"));
      }
    }
  });
});

describe("token cache folder", () => {
  it("treats ORDSLAB_TOKEN_CACHE=off as no folder", async () => {
    const { defaultTokenCacheDirectory, TokenFileCache } = await import("../src/ords/token-cache.js");

    expect(defaultTokenCacheDirectory({ ORDSLAB_TOKEN_CACHE: "off", XDG_CACHE_HOME: "/var/cache/someone" })).toBe("/var/cache/someone/ordslab/tokens");
    expect(() => new TokenFileCache("relative/tokens")).toThrow(TypeError);
    expect(() => new TokenFileCache("relative/tokens")).toThrow("give an absolute path");
  });
});
