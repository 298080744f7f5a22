/** Stable codes of {@link OrdsError}; a caller branches on these, never on messages. */
export type OrdsErrorCode =
  | "ORDS_CONFIG_MISSING"
  | "ORDS_CONFIG_INVALID"
  | "ORDS_TOKEN_FAILED"
  | "ORDS_UNAUTHORIZED"
  | "ORDS_HTTP_ERROR"
  | "ORDS_NETWORK_ERROR"
  | "ORDS_TIMEOUT"
  | "ORDS_ABORTED"
  | "ORDS_INVALID_RESPONSE"
  | "ORDS_PAGING_ERROR"
  | "ORDS_INVALID_REQUEST"
  | "ORDS_SQL_ERROR";

export interface OrdsErrorDetails {
  status?: number;
  /** The `code` member of an ORDS problem document, such as `Unauthorized`. */
  problemCode?: string;
  /** The `instance` member of an ORDS problem document: the server's request id. */
  instance?: string;
  method?: string;
  /** The request URL with its query string and any credentials removed. */
  url?: string;
  /** The response body when it was not a problem document, cut to 500 characters. */
  body?: string;
  cause?: unknown;
}

/**
 * The one error class of the client. Messages name what failed and what to do, and never
 * contain a secret, a token or a query string.
 */
export class OrdsError extends Error {
  override name = "OrdsError";
  readonly code: OrdsErrorCode;
  readonly status: number | undefined;
  readonly problemCode: string | undefined;
  readonly instance: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly body: string | undefined;

  constructor(code: OrdsErrorCode, message: string, details: OrdsErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.problemCode = details.problemCode;
    this.instance = details.instance;
    this.method = details.method;
    this.url = details.url;
    this.body = details.body;
  }
}

/** Tells whether a value is an {@link OrdsError}, optionally with the given code. */
export function isOrdsError(value: unknown, code?: OrdsErrorCode): value is OrdsError {
  return value instanceof OrdsError && (code === undefined || value.code === code);
}

/** Removes the query string, fragment and user info of a URL, so it can go into a message. */
export function redactUrl(url: string | URL): string {
  try {
    const parsed = new URL(url);
    const query = parsed.search === "" ? "" : "?…";
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    parsed.hash = "";
    return `${parsed.toString()}${query}`;
  } catch {
    return "(invalid URL)";
  }
}

/**
 * Describes the reason behind Node's `TypeError: fetch failed`, which keeps the real
 * failure (ECONNREFUSED, a DNS error, a headers timeout) in `cause`.
 */
export function describeNetworkCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth += 1) {
    const record = current as { code?: unknown; message?: unknown; cause?: unknown };
    const message = typeof record.message === "string" ? record.message : "";
    // Node's messages often start with or contain the code already ("connect ECONNREFUSED ...").
    const code = typeof record.code === "string" && !message.includes(record.code) ? record.code : "";
    const text = [code, message].filter((part) => part !== "").join(" ");
    if (text !== "" && text !== "fetch failed" && !parts.includes(text)) {
      parts.push(text);
    }
    current = record.cause;
  }
  return parts.length === 0 ? "unknown network error" : parts.join(": ");
}
