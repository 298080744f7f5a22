import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse as parseDotenv } from "dotenv";
import { OrdsError } from "./errors.js";

/** Connection settings; each one falls back to the environment, then to a `.env` file. */
export interface ConnectOptions {
  /** The schema's base URL, such as `https://host/ords/beers/`; env `ORDS_URL`. */
  url?: string;
  /** env `ORDS_CLIENT_ID`. */
  clientId?: string;
  /** env `ORDS_CLIENT_SECRET`. Prefer the environment or `.env`, so the secret stays out of notebooks. */
  clientSecret?: string;
  /** The `.env` file to read; by default the first `.env` from the working directory up to the project root. */
  envFile?: string | false;
  /** The environment to read; `process.env` by default. */
  env?: Record<string, string | undefined>;
}

/** The printable part of a resolved configuration: no secret in it. */
export interface OrdsConfig {
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  /** The source of each setting: `option`, `environment` or the `.env` path. */
  readonly sources: Readonly<Record<"url" | "clientId" | "clientSecret", string>>;
}

export interface ResolvedConfig {
  config: OrdsConfig;
  /** Returns the client secret, which stays in a closure so that no printable object contains it. */
  readSecret: () => string;
}

const SETTINGS = [
  { key: "url", env: "ORDS_URL" },
  { key: "clientId", env: "ORDS_CLIENT_ID" },
  { key: "clientSecret", env: "ORDS_CLIENT_SECRET" },
] as const;

/**
 * Resolves the base URL and client credentials from options, then environment variables,
 * then a `.env` file. Throws one OrdsError (`ORDS_CONFIG_MISSING` or `ORDS_CONFIG_INVALID`)
 * that lists every missing or invalid setting and where it was looked for.
 */
export function resolveConfig(options: ConnectOptions = {}): ResolvedConfig {
  const env = options.env ?? process.env;
  const envFile = options.envFile === false ? undefined : (options.envFile ?? findEnvFile(process.cwd()));
  const fileValues = envFile !== undefined && existsSync(envFile) ? parseDotenv(readFileSync(envFile, "utf8")) : {};

  const values: Partial<Record<(typeof SETTINGS)[number]["key"], string>> = {};
  const sources: Record<string, string> = {};
  const missing: string[] = [];

  for (const setting of SETTINGS) {
    const candidates: [string | undefined, string][] = [
      [options[setting.key], "option"],
      [env[setting.env], "environment"],
      [fileValues[setting.env], envFile ?? ".env"],
    ];
    const found = candidates.find(([value]) => value !== undefined && value.trim() !== "");
    if (found === undefined) {
      missing.push(setting.env);
    } else {
      values[setting.key] = found[0]?.trim();
      sources[setting.key] = found[1];
    }
  }

  if (missing.length > 0) {
    const where = envFile === undefined ? "options and environment variables (no .env file found)" : `options, environment variables and ${envFile}`;
    throw new OrdsError(
      "ORDS_CONFIG_MISSING",
      `missing ORDS settings: ${missing.join(", ")}; looked in ${where}. ` +
        "Set them in the environment or in .env; for the local server, `npx ordslab setup` writes .env.",
    );
  }

  const baseUrl = normaliseBaseUrl(values.url as string, sources.url as string);
  const secret = values.clientSecret as string;
  return {
    config: Object.freeze({
      baseUrl,
      tokenUrl: new URL("oauth/token", baseUrl).toString(),
      clientId: values.clientId as string,
      sources: Object.freeze(sources as OrdsConfig["sources"]),
    }),
    readSecret: () => secret,
  };
}

/** Returns the first `.env` from `start` upwards, stopping at the first folder with package.json or .git. */
export function findEnvFile(start: string): string | undefined {
  let directory = resolve(start);
  for (;;) {
    const candidate = join(directory, ".env");
    if (existsSync(candidate)) {
      return candidate;
    }
    const isRoot = existsSync(join(directory, "package.json")) || existsSync(join(directory, ".git"));
    const parent = dirname(directory);
    if (isRoot || parent === directory) {
      return undefined;
    }
    directory = parent;
  }
}

function normaliseBaseUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OrdsError(
      "ORDS_CONFIG_INVALID",
      `invalid ORDS_URL from ${source}: ${JSON.stringify(value)} is not a URL; expected the schema's base URL, such as http://localhost:8080/ords/beers/`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new OrdsError("ORDS_CONFIG_INVALID", `invalid ORDS_URL from ${source}: the protocol must be http or https, got ${url.protocol}`);
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    throw new OrdsError(
      "ORDS_CONFIG_INVALID",
      `invalid ORDS_URL from ${source}: remove the user info, query string and fragment; credentials go in ORDS_CLIENT_ID and ORDS_CLIENT_SECRET`,
    );
  }
  if (!url.pathname.endsWith("/")) {
    url.pathname = `${url.pathname}/`;
  }
  return url.toString();
}
