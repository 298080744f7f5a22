import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { ClientOptions } from "../../src/ords/client.js";
import { OrdsError } from "../../src/ords/errors.js";
import type { ClientCredentials } from "../../src/server/oauth-store.js";
import type { TestServer } from "./dev-server.js";

/** The role that the tutorial's privilege lists for module `examples`. */
export const CLIENT_ROLE = "beers_client";

/**
 * Options for a client of the dev server that read nothing from the environment or a
 * `.env` file and keep tokens in memory only, unless `extra` overrides them.
 */
export function clientOptions(server: { ordsUrl: string }, credentials: ClientCredentials, extra: ClientOptions = {}): ClientOptions {
  return {
    url: server.ordsUrl,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    env: {},
    envFile: false,
    tokenCache: false,
    ...extra,
  };
}

/** Credentials any stub server accepts: it does not check them. */
export const STUB_CREDENTIALS: ClientCredentials = { clientId: "stub-client..", clientSecret: "stub-secret-Q3x9.." };

export interface RegisteredClient {
  name: string;
  credentials: ClientCredentials;
}

/** Registers a new OAuth client with the tutorial's role on the dev server, under a unique name. */
export function registerClient(
  server: TestServer,
  options: { tokenDurationSeconds?: number; credentials?: ClientCredentials } = {},
): RegisteredClient {
  const name = `test-client-${randomBytes(4).toString("hex")}`;
  const credentials = server.store.registerClient(name, {
    tokenDurationSeconds: options.tokenDurationSeconds ?? 3600,
    roles: [CLIENT_ROLE],
    credentials: options.credentials,
  });
  return { name, credentials };
}

/** Counts the live tokens the dev server stores for a client. */
export function serverTokenCount(server: TestServer, clientName: string): number {
  const row = server.db.prepare("SELECT count(*) AS count FROM ords_oauth_tokens WHERE client_name = ?").get(clientName) as { count: number };
  return row.count;
}

/** Wraps the global fetch and records the URL of every call. */
export function countingFetch(): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  const wrapped: typeof fetch = (input, init) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return globalThis.fetch(input, init);
  };
  return { fetch: wrapped, urls };
}

/** Awaits a promise that must reject with an OrdsError and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<OrdsError> {
  let outcome: unknown;
  try {
    await promise;
  } catch (error) {
    outcome = error;
  }
  expect(outcome).toBeInstanceOf(OrdsError);
  return outcome as OrdsError;
}

/** Calls a function that must throw an OrdsError synchronously and returns that error. */
export function thrown(action: () => unknown): OrdsError {
  let outcome: unknown;
  try {
    action();
  } catch (error) {
    outcome = error;
  }
  expect(outcome).toBeInstanceOf(OrdsError);
  return outcome as OrdsError;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
