import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { parse as parseDotenv } from "dotenv";
import type { OrdsDefinitions } from "./definitions.js";
import type { OAuthStore } from "./oauth-store.js";

export interface ProvisionResult {
  clientName: string;
  /** The source of the credentials: an existing `.env`, or newly generated. */
  credentials: "kept from .env" | "generated";
  envFile: string;
  envWritten: boolean;
}

/**
 * Makes sure every OAuth client of the definitions exists with its roles, and that the
 * `.env` file contains credentials the server accepts for the first client.
 *
 * An existing `.env` is kept: its client id and secret are registered when the database
 * lacks them, and only missing keys are appended. New credentials are written to `.env`
 * with mode 0600, since the secret cannot be read back from the database.
 */
export function provisionClients(
  store: OAuthStore,
  definitions: OrdsDefinitions,
  envFile: string,
  ordsUrl: string,
): ProvisionResult {
  const primary = definitions.clients[0];
  if (primary === undefined) {
    throw new Error("the ORDS definitions create no OAuth client: add an OAUTH.CREATE_CLIENT call");
  }

  for (const client of definitions.clients.slice(1)) {
    if (store.findClient(client.name) === undefined) {
      store.registerClient(client.name, { tokenDurationSeconds: client.tokenDurationSeconds, roles: client.roles });
    }
  }

  const envText = existsSync(envFile) ? readFileSync(envFile, "utf8") : "";
  const env = parseDotenv(envText);
  const stored = store.findClient(primary.name);

  if (env.ORDS_CLIENT_ID && env.ORDS_CLIENT_SECRET) {
    const known = store.authenticate(env.ORDS_CLIENT_ID, env.ORDS_CLIENT_SECRET);
    if (known === undefined || known.name !== primary.name) {
      if (stored !== undefined) {
        store.deleteClient(primary.name);
      }
      store.registerClient(primary.name, {
        tokenDurationSeconds: primary.tokenDurationSeconds,
        roles: primary.roles,
        credentials: { clientId: env.ORDS_CLIENT_ID, clientSecret: env.ORDS_CLIENT_SECRET },
      });
    } else {
      primary.roles.forEach((role) => store.grantRole(primary.name, role));
    }
    const envWritten = appendMissing(envFile, envText, env, { ORDS_URL: ordsUrl });
    return { clientName: primary.name, credentials: "kept from .env", envFile, envWritten };
  }

  if (stored !== undefined) {
    store.deleteClient(primary.name);
  }
  const credentials = store.registerClient(primary.name, {
    tokenDurationSeconds: primary.tokenDurationSeconds,
    roles: primary.roles,
  });
  // A .env with only one of the two credentials cannot be used: both lines are replaced.
  const withoutCredentials = envText
    .split("\n")
    .filter((line) => !/^\s*(export\s+)?ORDS_CLIENT_(ID|SECRET)\s*=/.test(line))
    .join("\n");
  const { ORDS_CLIENT_ID: _id, ORDS_CLIENT_SECRET: _secret, ...otherValues } = env;
  appendMissing(envFile, withoutCredentials, otherValues, {
    ORDS_URL: ordsUrl,
    ORDS_CLIENT_ID: credentials.clientId,
    ORDS_CLIENT_SECRET: credentials.clientSecret,
  });
  return { clientName: primary.name, credentials: "generated", envFile, envWritten: true };
}

function appendMissing(
  envFile: string,
  envText: string,
  env: Record<string, string>,
  values: Record<string, string>,
): boolean {
  const missing = Object.entries(values).filter(([key]) => !env[key]);
  if (missing.length === 0) {
    return false;
  }

  const lines = missing.map(([key, value]) => `${key}=${value}`);
  const header = envText === "" ? ["# Written by ordslab for the local dev server. Keep this file out of version control."] : [];
  const separator = envText === "" || envText.endsWith("\n") ? "" : "\n";
  writeFileSync(envFile, `${envText}${separator}${[...header, ...lines].join("\n")}\n`, { mode: 0o600 });
  chmodSync(envFile, 0o600);
  return true;
}
