import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { ClientCredentials } from "simple-oauth2";
import type { OrdsConfig } from "./config.js";
import { OrdsError, describeNetworkCause, redactUrl } from "./errors.js";
import type { CachedToken, TokenFileCache } from "./token-cache.js";

export interface TokenSourceOptions {
  /** Lifetime assumed when the server sends no `expires_in`, in seconds; 3600 by default, ORDS's default. */
  defaultLifetimeSeconds?: number;
  /** The maximum safety margin taken off `expires_in` before a token counts as expired, in seconds; 60 by default. */
  maxSafetyMarginSeconds?: number;
  /** The encoding of id and secret in the Basic header; `loose` (raw values) by default. See {@link connect}. */
  credentialsEncoding?: "loose" | "strict";
  /** Timeout of one token request, in milliseconds; 30,000 by default. */
  timeoutMs?: number;
  /** A disk cache shared by kernels and notebooks, or `undefined` for memory only. */
  cache?: TokenFileCache | undefined;
  now?: () => number;
}

/** The facts about the current token that may be shown; never the token itself. */
export interface TokenInfo {
  expiresAt: Date;
  expiresInSeconds: number;
  /** `server` when fetched by this process, `disk cache` when reused from the cache. */
  source: "server" | "disk cache";
}

interface HeldToken extends CachedToken {
  source: TokenInfo["source"];
}

/**
 * Fetches OAuth2 client-credentials tokens (RFC 6749 section 4.4) through simple-oauth2 and
 * keeps each one until shortly before it expires. Concurrent callers share one token
 * request. There is no refresh token in this grant, so an expired token is replaced by a
 * new request.
 */
export class TokenSource {
  readonly #config: OrdsConfig;
  readonly #createOAuth: () => ClientCredentials;
  /** The client id and a SHA-256 of the secret: a changed secret never reuses a cached token. */
  readonly #cacheKey: string;
  #oauth: ClientCredentials | undefined;
  readonly #options: Required<Omit<TokenSourceOptions, "cache">> & { cache: TokenFileCache | undefined };
  #token: HeldToken | undefined;
  #pending: Promise<HeldToken> | undefined;
  /** The number of token requests sent to the server, for tests and diagnostics. */
  requestCount = 0;

  constructor(config: OrdsConfig, readSecret: () => string, options: TokenSourceOptions = {}) {
    this.#config = config;
    this.#cacheKey = `${config.clientId}\n${createHash("sha256").update(readSecret()).digest("hex")}`;
    this.#options = {
      defaultLifetimeSeconds: options.defaultLifetimeSeconds ?? 3600,
      maxSafetyMarginSeconds: options.maxSafetyMarginSeconds ?? 60,
      credentialsEncoding: options.credentialsEncoding ?? "loose",
      timeoutMs: options.timeoutMs ?? 30_000,
      cache: options.cache,
      now: options.now ?? Date.now,
    };

    // simple-oauth2 validates its options with joi, which costs about 10 ms. The client is
    // therefore built on the first token request, and a token from the disk cache needs none.
    this.#createOAuth = () => {
      silenceOAuthDebugOutput();
      const tokenUrl = new URL(config.tokenUrl);
      return new ClientCredentials({
        client: { id: config.clientId, secret: readSecret() },
        // An absolute tokenPath replaces any path of tokenHost, so the full path goes here.
        auth: { tokenHost: tokenUrl.origin, tokenPath: tokenUrl.pathname },
        options: { authorizationMethod: "header", bodyFormat: "form", credentialsEncodingMode: this.#options.credentialsEncoding },
        http: { timeout: this.#options.timeoutMs, redirects: 0 },
      });
    };
  }

  /** Returns a live access token, fetching a new one only when none is held or it has expired. */
  async accessToken(signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) {
      const url = redactUrl(this.#config.tokenUrl);
      throw new OrdsError("ORDS_ABORTED", `token request to ${url} was cancelled`, { method: "POST", url, cause: signal.reason });
    }
    const held = this.#token ?? this.#readCache();
    if (held !== undefined && held.expiresAt > this.#options.now()) {
      this.#token = held;
      return held.accessToken;
    }

    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return (await this.#pending).accessToken;
  }

  /** Forgets a token the server rejected, unless a newer one has replaced it already. */
  invalidate(accessToken: string): void {
    if (this.#token?.accessToken === accessToken) {
      this.#token = undefined;
      this.#options.cache?.delete(this.#config.tokenUrl, this.#cacheKey);
    }
  }

  /** Describes the held token (expiry and source) or returns `undefined` when none is held. */
  info(): TokenInfo | undefined {
    if (this.#token === undefined) {
      return undefined;
    }
    return {
      expiresAt: new Date(this.#token.expiresAt),
      expiresInSeconds: Math.max(0, Math.round((this.#token.expiresAt - this.#options.now()) / 1000)),
      source: this.#token.source,
    };
  }

  #readCache(): HeldToken | undefined {
    const cached = this.#options.cache?.read(this.#config.tokenUrl, this.#cacheKey);
    return cached === undefined ? undefined : { ...cached, source: "disk cache" };
  }

  async #fetch(): Promise<HeldToken> {
    this.requestCount += 1;
    let response: Record<string, unknown>;
    try {
      this.#oauth ??= this.#createOAuth();
      const token = await this.#oauth.getToken({});
      response = token.token as Record<string, unknown>;
    } catch (error) {
      throw this.#tokenError(error);
    }

    const accessToken = response.access_token;
    if (typeof accessToken !== "string" || accessToken === "") {
      throw new OrdsError("ORDS_TOKEN_FAILED", `the token response of ${redactUrl(this.#config.tokenUrl)} has no access_token`, {
        method: "POST",
        url: redactUrl(this.#config.tokenUrl),
      });
    }

    const lifetime = Number(response.expires_in);
    const seconds = Number.isFinite(lifetime) && lifetime > 0 ? lifetime : this.#options.defaultLifetimeSeconds;
    // Take 10% of short lifetimes, at most the maximum margin, so a 5-second token stays usable.
    const margin = Math.min(this.#options.maxSafetyMarginSeconds, seconds / 10);
    const held: HeldToken = { accessToken, expiresAt: this.#options.now() + (seconds - margin) * 1000, source: "server" };

    this.#token = held;
    this.#options.cache?.write(this.#config.tokenUrl, this.#cacheKey, held);
    return held;
  }

  #tokenError(error: unknown): OrdsError {
    const url = redactUrl(this.#config.tokenUrl);
    // Wreck, simple-oauth2's HTTP client, reports a refused connection as a Boom 502 and its
    // own timeout as a Boom 504. Only errors that carry the response (`data.res`) come from the server.
    const boom = error as { isBoom?: boolean; message?: string; data?: { res?: { statusCode?: number }; payload?: unknown } | null };
    const status = boom.isBoom === true ? boom.data?.res?.statusCode : undefined;
    if (status === undefined) {
      if (boom.isBoom === true && boom.message === "Client request timeout") {
        return new OrdsError("ORDS_TIMEOUT", `token request to ${url} timed out after ${this.#options.timeoutMs} ms; raise timeoutMs or check the server`, {
          method: "POST",
          url,
          cause: error,
        });
      }
      const reason = describeNetworkCause(boom.isBoom === true && boom.data !== null && boom.data !== undefined ? boom.data : error);
      return new OrdsError("ORDS_NETWORK_ERROR", `token request to ${url} failed: ${reason}; check ORDS_URL and that the server is running`, {
        method: "POST",
        url,
        cause: error,
      });
    }

    const payload = parsePayload(boom.data?.payload);
    // Without a payload the Boom message names the problem, such as a body that is not JSON.
    const reason = [payload.error, payload.error_description ?? payload.message].filter(Boolean).join(": ") || (boom.message ?? `HTTP ${status}`);
    const hint =
      status === 401
        ? "check ORDS_CLIENT_ID and ORDS_CLIENT_SECRET; if the secret has @ + / = or %, try credentialsEncoding 'strict'"
        : "check ORDS_URL points at the schema's base URL, such as https://host/ords/beers/";
    return new OrdsError("ORDS_TOKEN_FAILED", `token request to ${url} failed with HTTP ${status} (${reason}); ${hint}`, {
      status,
      method: "POST",
      url,
      problemCode: typeof payload.code === "string" ? payload.code : undefined,
      instance: typeof payload.instance === "string" ? payload.instance : undefined,
    });
  }
}

function parsePayload(payload: unknown): Record<string, string | undefined> {
  let value = Buffer.isBuffer(payload) ? payload.toString("utf8") : payload;
  if (typeof value === "string") {
    const text = value;
    try {
      value = JSON.parse(text);
    } catch {
      return { message: text.slice(0, 200) };
    }
  }
  return typeof value === "object" && value !== null ? (value as Record<string, string>) : {};
}

/**
 * simple-oauth2 logs its request options, Authorization header included, through the
 * `debug` package when DEBUG enables `simple-oauth2:*`. This turns that namespace off.
 */
function silenceOAuthDebugOutput(): void {
  try {
    const require = createRequire(createRequire(import.meta.url).resolve("simple-oauth2"));
    const debug = require("debug") as { enabled: (name: string) => boolean; enable: (names: string) => void; disable: () => string };
    if (debug.enabled("simple-oauth2:client")) {
      const current = debug.disable();
      debug.enable(`${current},-simple-oauth2:*`);
    }
  } catch {
    // Without the debug package, simple-oauth2 prints nothing.
  }
}
