import { inspect } from "node:util";
import { notebookProgress } from "../notebook/progress.js";
import { filter, QFilter, type FilterObject } from "./filter.js";
import { frameTypeOf, runSql, type SqlOptions, type SqlResult } from "./sql.js";
import type { ColumnSpec } from "../frame/columns.js";
import { resolveConfig, type ConnectOptions, type OrdsConfig } from "./config.js";
import { OrdsError, describeNetworkCause, redactUrl } from "./errors.js";
import { fetchAllPages, iteratePages, type FetchAllOptions, type FetchAllResult, type Page, type PageOptions } from "./pager.js";
import { httpError, readResponse, type OrdsResponse } from "./response.js";
import { DEFAULT_RETRY_POLICY, isRetryableStatus, retryDelayMs, sleep, type RetryPolicy } from "./retry.js";
import { TokenFileCache } from "./token-cache.js";
import { TokenSource, type TokenInfo, type TokenSourceOptions } from "./token-source.js";

/** A query parameter value; a {@link QFilter} or a filter object is sent as its JSON. */
export type QueryValue = string | number | boolean | QFilter | FilterObject | undefined;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  query?: Record<string, QueryValue>;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Send the bearer token; `true` by default. `false` shows what an anonymous caller gets. */
  auth?: boolean;
  signal?: AbortSignal;
  /** Timeout of one attempt, in milliseconds; the client's default when absent. */
  timeoutMs?: number;
  /** Time for the whole call, retries and waits included, in milliseconds. */
  budgetMs?: number;
}

export interface ClientOptions extends ConnectOptions, TokenSourceOptions {
  /** The fetch implementation; Node's built-in fetch by default (node-fetch 3 also works). */
  fetch?: typeof fetch;
  /** Timeout of one request attempt, in milliseconds; 30,000 by default. */
  timeoutMs?: number;
  /** Time for one call with its retries, in milliseconds; 120,000 by default. */
  budgetMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Keep tokens in the user's cache folder across kernel restarts; `true` by default. */
  tokenCache?: boolean | string;
}

/**
 * A connection to one ORDS schema: a base URL, OAuth2 client credentials and the token
 * they buy. Printing it, `JSON.stringify` and notebook display never show the secret or
 * the token.
 */
export class OrdsClient {
  readonly config: OrdsConfig;
  readonly #tokens: TokenSource;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #budgetMs: number;
  readonly #retry: RetryPolicy;

  constructor(options: ClientOptions = {}) {
    const { config, readSecret } = resolveConfig(options);
    this.config = config;

    const cacheOption = options.tokenCache ?? process.env.ORDSLAB_TOKEN_CACHE !== "off";
    const cache = cacheOption === false ? undefined : new TokenFileCache(typeof cacheOption === "string" ? cacheOption : undefined);
    this.#tokens = new TokenSource(config, readSecret, { ...options, cache: options.cache ?? cache });
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#budgetMs = options.budgetMs ?? 120_000;
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  /** Returns a live access token's expiry and source, fetching a token when none is held. Never the token. */
  async token(signal?: AbortSignal): Promise<TokenInfo> {
    await this.#tokens.accessToken(signal);
    return this.#tokens.info() as TokenInfo;
  }

  /** The number of token requests this client has sent. */
  get tokenRequests(): number {
    return this.#tokens.requestCount;
  }

  /** Resolves a path such as `examples/checkins/` against the schema's base URL. */
  url(path: string, query: Record<string, QueryValue> = {}): URL {
    const url = new URL(path.replace(/^\/+/, ""), this.config.baseUrl);
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) {
        continue;
      }
      // A plain object for q is a filter object: check it and send its JSON.
      const text = typeof value === "object" && !(value instanceof QFilter) ? filter(value).toString() : String(value);
      url.searchParams.set(key, text);
    }
    return url;
  }

  /**
   * Sends a request and returns the response whatever its status. Network errors, 408, 429
   * and 5xx are retried with backoff; a 401 with a token gets one new token and one more
   * attempt. Throws OrdsError only for network failures, timeouts and aborts.
   */
  async request<T = unknown>(path: string | URL, options: RequestOptions = {}): Promise<OrdsResponse<T>> {
    const url = typeof path === "string" ? this.url(path, options.query) : path;
    const deadline = performance.now() + (options.budgetMs ?? this.#budgetMs);

    let response = await this.#withRetries(url, options, deadline);
    if (response.result.status === 401 && options.auth !== false) {
      this.#tokens.invalidate(response.sentToken ?? "");
      response = await this.#withRetries(url, options, deadline);
    }
    return response.result as OrdsResponse<T>;
  }

  /**
   * GETs a resource and returns its parsed body with the response. Throws OrdsError for any
   * 4xx or 5xx status (`ORDS_UNAUTHORIZED` for a 401 that a new token did not cure).
   */
  async get<T = unknown>(path: string | URL, options: Omit<RequestOptions, "method" | "body"> = {}): Promise<OrdsResponse<T>> {
    const response = await this.request<T>(path, { ...options, method: "GET" });
    if (!response.ok) {
      const hint = response.status === 401
        ? "A new token did not help: check that the OAuth client was granted a role that the privilege protecting this module lists"
        : undefined;
      throw httpError(response, hint);
    }
    return response;
  }

  /** Iterates over the pages of a collection; see {@link iteratePages} for the stop conditions. */
  pages<T = Record<string, unknown>>(path: string, options: PageOptions = {}): AsyncGenerator<Page<T>> {
    return iteratePages<T>(this, path, options);
  }

  /**
   * Fetches every row of a collection, page by page. In a notebook it shows a progress line
   * that updates in place, unless `onProgress` is given or `progress` is false.
   */
  fetchAll<T = Record<string, unknown>>(path: string, options: FetchAllOptions & { progress?: boolean } = {}): Promise<FetchAllResult<T>> {
    const onProgress = options.onProgress ?? (options.progress === false ? undefined : notebookProgress(`GET ${path}`));
    return fetchAllPages<T>(this, path, { ...options, onProgress });
  }

  /**
   * Reads a resource's column names and types from ORDS's metadata catalog (the
   * `describedby` link of a collection), for `toDataFrame(rows, { columns })`.
   */
  async describe(path: string, options: { signal?: AbortSignal } = {}): Promise<ColumnSpec[]> {
    const catalogPath = `metadata-catalog/${path.replace(/^\/+/, "")}`;
    const response = await this.get<{ members?: { name?: unknown; type?: unknown }[] }>(catalogPath, options);
    const members = response.body?.members;
    if (!Array.isArray(members) || members.some((member) => typeof member.name !== "string" || typeof member.type !== "string")) {
      throw new OrdsError("ORDS_INVALID_RESPONSE", `GET ${redactUrl(response.url)} returned no "members" list of columns with name and type`, {
        status: response.status,
        method: "GET",
        url: redactUrl(response.url),
      });
    }
    return members.map((member) => ({ name: member.name as string, type: frameTypeOf(member.type as string) }));
  }

  /**
   * Runs an ad hoc query through REST-enabled SQL and returns every row with typed columns;
   * see {@link runSql}. The OAuth client needs the SQL Developer role.
   */
  sql<T = Record<string, unknown>>(statementText: string, options: SqlOptions = {}): Promise<SqlResult<T>> {
    return runSql<T>(this, statementText, options);
  }

  async #withRetries(url: URL, options: RequestOptions, deadline: number): Promise<{ result: OrdsResponse; sentToken?: string }> {
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await this.#attempt(url, options, deadline);
      const retryable = outcome.error !== undefined || isRetryableStatus(outcome.result?.status ?? 0);
      const method = options.method ?? "GET";

      if (!retryable || attempt >= this.#retry.retries || method !== "GET" || options.signal?.aborted) {
        if (outcome.error !== undefined) {
          throw outcome.error;
        }
        return outcome as { result: OrdsResponse; sentToken?: string };
      }

      const delay = retryDelayMs(this.#retry, attempt, outcome.retryAfter ?? null);
      if (performance.now() + delay >= deadline) {
        if (outcome.error !== undefined) {
          throw outcome.error;
        }
        return outcome as { result: OrdsResponse; sentToken?: string };
      }
      try {
        await sleep(delay, options.signal);
      } catch (reason) {
        // sleep rejects only when the caller's signal aborts.
        throw abortedError(method, url, reason);
      }
    }
  }

  async #attempt(
    url: URL,
    options: RequestOptions,
    deadline: number,
  ): Promise<{ result?: OrdsResponse; error?: OrdsError; sentToken?: string; retryAfter?: string | null }> {
    const method = options.method ?? "GET";
    if (options.signal?.aborted) {
      throw abortedError(method, url, options.signal.reason);
    }
    // AbortSignal.timeout takes whole milliseconds only and throws a RangeError for a fraction.
    const remaining = Math.max(1, deadline - performance.now());
    const timeoutMs = Math.ceil(Math.min(options.timeoutMs ?? this.#timeoutMs, remaining));
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);

    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    let sentToken: string | undefined;
    if (options.auth !== false) {
      const serverOrigin = new URL(this.config.baseUrl).origin;
      if (url.origin !== serverOrigin) {
        throw new OrdsError(
          "ORDS_INVALID_REQUEST",
          `${method} ${redactUrl(url)} is not on the ORDS server ${serverOrigin}, so the access token is not sent there; pass auth: false to call it without the token`,
          { method, url: redactUrl(url) },
        );
      }
      sentToken = await this.#tokens.accessToken(options.signal);
      headers.authorization = `Bearer ${sentToken}`;
    }
    if (options.contentType !== undefined) {
      headers["content-type"] = options.contentType;
    }

    const startedAt = performance.now();
    try {
      const response = await this.#fetch(url, { method, headers, body: options.body, signal, redirect: "manual" });
      const result = await readResponse(response, method, startedAt);
      return { result: { ...result, url: url.toString() }, sentToken, retryAfter: response.headers.get("retry-after") };
    } catch (error) {
      if (error instanceof OrdsError) {
        throw error;
      }
      return { error: this.#networkError(error, method, url, options.signal, timeout, timeoutMs), sentToken };
    }
  }

  #networkError(error: unknown, method: string, url: URL, callerSignal: AbortSignal | undefined, timeout: AbortSignal, timeoutMs: number): OrdsError {
    const where = `${method} ${redactUrl(url)}`;
    if (callerSignal?.aborted) {
      return abortedError(method, url, callerSignal.reason);
    }
    if (timeout.aborted) {
      return new OrdsError("ORDS_TIMEOUT", `${where} timed out after ${timeoutMs} ms; raise timeoutMs or check the server`, {
        method,
        url: redactUrl(url),
        cause: error,
      });
    }
    return new OrdsError("ORDS_NETWORK_ERROR", `${where} failed: ${describeNetworkCause(error)}; check ORDS_URL and that the server is running`, {
      method,
      url: redactUrl(url),
      cause: error,
    });
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.config.baseUrl, clientId: this.config.clientId, clientSecret: "[redacted]", token: this.#tokenSummary() };
  }

  toString(): string {
    return this[inspect.custom]();
  }

  [inspect.custom](): string {
    return `OrdsClient ${inspect(this.toJSON(), { colors: false, breakLength: Infinity })}`;
  }

  #tokenSummary(): string {
    const info = this.#tokens.info();
    return info === undefined ? "none yet" : `[redacted], expires ${info.expiresAt.toISOString()}`;
  }
}

function abortedError(method: string, url: URL, reason: unknown): OrdsError {
  return new OrdsError("ORDS_ABORTED", `${method} ${redactUrl(url)} was cancelled`, { method, url: redactUrl(url), cause: reason });
}

/**
 * Connects to an ORDS schema: resolves settings from options, the environment and `.env`,
 * and fetches a first token so that bad credentials fail here, not on the first query.
 *
 * Secrets containing `@ + / =` or `%`: RFC 6749 section 2.3.1 requires clients to form-encode id and secret
 * before Base64 (`credentialsEncoding: "strict"`); ORDS and many servers expect the raw
 * values, which is the default here (`"loose"`).
 */
export async function connect(options: ClientOptions = {}): Promise<OrdsClient> {
  const client = new OrdsClient(options);
  await client.token();
  return client;
}
