import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { FastifyInstance } from "fastify";
import { ensureCheckinSchema, importCheckins } from "../../src/importer/index.js";
import { buildServer } from "../../src/server/app.js";
import { loadDefinitions, type OrdsDefinitions } from "../../src/server/definitions.js";
import type { ClientCredentials, OAuthStore } from "../../src/server/oauth-store.js";

export const SAMPLE = join(import.meta.dirname, "..", "..", "data", "untappd-sample.csv");
export const DEFINITIONS = join(import.meta.dirname, "..", "..", "ords", "tutorial.json");

export interface TestServer {
  app: FastifyInstance;
  db: Database.Database;
  store: OAuthStore;
  definitions: OrdsDefinitions;
  /** The schema's base URL, `http://127.0.0.1:<port>/ords/beers/`. */
  ordsUrl: string;
  origin: string;
  credentials: ClientCredentials;
  /** The clock the server reads; tests move it forward to expire tokens. */
  clock: { offsetMs: number };
  logLines: string[];
  close: () => Promise<void>;
}

export interface TestServerOptions {
  /** An export to import; the committed sample by default, `false` for an empty table. */
  data?: string | false;
  tokenDurationSeconds?: number;
  credentials?: ClientCredentials;
}

/** Starts the real dev server on 127.0.0.1 port 0 with a new database in a temporary folder. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const directory = mkdtempSync(join(tmpdir(), "ordslab-test-"));
  const db = new Database(join(directory, "test.sqlite"));
  db.pragma("foreign_keys = ON");
  ensureCheckinSchema(db);
  if (options.data !== false) {
    await importCheckins(db, options.data ?? SAMPLE);
  }

  const definitions = loadDefinitions(DEFINITIONS);
  const clock = { offsetMs: 0 };
  const logLines: string[] = [];
  const logStream = { write: (line: string) => logLines.push(line) };
  const { default: pino } = await import("pino");
  const logger = pino({ level: "info", redact: ["req.headers.authorization"] }, logStream);

  const { app, store } = buildServer({ db, definitions, logger, now: () => Date.now() + clock.offsetMs });
  const client = definitions.clients[0]!;
  const credentials = store.registerClient(client.name, {
    tokenDurationSeconds: options.tokenDurationSeconds ?? client.tokenDurationSeconds,
    roles: client.roles,
    credentials: options.credentials,
  });

  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address() as { port: number };
  const origin = `http://127.0.0.1:${address.port}`;

  return {
    app,
    db,
    store,
    definitions,
    ordsUrl: `${origin}/ords/${definitions.schemaAlias}/`,
    origin,
    credentials,
    clock,
    logLines,
    close: async () => {
      await app.close();
      db.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Requests a token with HTTP Basic credentials and returns the parsed response. */
export async function requestToken(server: TestServer, credentials: ClientCredentials = server.credentials): Promise<Response> {
  const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString("base64");
  return fetch(`${server.ordsUrl}oauth/token`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
}

export async function accessToken(server: TestServer): Promise<string> {
  const response = await requestToken(server);
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

/** Counts the distinct check-ins in the database. */
export function countCheckins(db: Database.Database): number {
  return (db.prepare("SELECT count(*) AS count FROM checkins").get() as { count: number }).count;
}
