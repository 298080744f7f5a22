import { OrdsError, redactUrl } from "./errors.js";

/** One HTTP exchange with ORDS, whatever its status. */
export interface OrdsResponse<T = unknown> {
  status: number;
  statusText: string;
  ok: boolean;
  method: string;
  /** The request URL, query string included; credentials never appear in it. */
  url: string;
  /** Seconds from sending the request to reading the whole body. */
  elapsedSeconds: number;
  contentType: string;
  headers: Record<string, string>;
  /** Parsed JSON for JSON content types, else the text; `null` for an empty body. */
  body: T;
}

/** The members of an ORDS problem document (`application/problem+json`). */
export interface OrdsProblem {
  code?: string;
  message?: string;
  type?: string;
  instance?: string;
  title?: string;
  detail?: string;
}

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;

/** Reads a fetch Response into an {@link OrdsResponse}, parsing JSON when the content type is JSON. */
export async function readResponse(response: Response, method: string, startedAt: number): Promise<OrdsResponse> {
  const text = await response.text();
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  const contentType = response.headers.get("content-type") ?? "";

  let body: unknown = text === "" ? null : text;
  if (text !== "" && JSON_TYPE.test(contentType)) {
    try {
      body = JSON.parse(text);
    } catch (error) {
      if (response.ok) {
        throw new OrdsError("ORDS_INVALID_RESPONSE", `${method} ${redactUrl(response.url)} returned invalid JSON: ${(error as Error).message}`, {
          status: response.status,
          method,
          url: redactUrl(response.url),
          body: text.slice(0, 500),
        });
      }
    }
  }

  return {
    status: response.status,
    statusText: response.statusText,
    ok: response.ok,
    method,
    url: response.url,
    elapsedSeconds,
    contentType,
    headers: Object.fromEntries(response.headers.entries()),
    body,
  };
}

/** Returns the problem document of an error response, or `undefined` when the body is not one. */
export function problemOf(response: OrdsResponse): OrdsProblem | undefined {
  const body = response.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return undefined;
  }
  const record = body as Record<string, unknown>;
  return typeof record.code === "string" || typeof record.message === "string" || typeof record.title === "string"
    ? (record as OrdsProblem)
    : undefined;
}

/**
 * Builds the error for a response with a 4xx or 5xx status. It carries the status, the
 * problem's `code` and `instance`, and otherwise the start of the body (an HTML 401 page,
 * say) with tags removed.
 */
export function httpError(response: OrdsResponse, hint?: string): OrdsError {
  const problem = problemOf(response);
  const url = redactUrl(response.url);
  const reason = problem?.detail ?? problem?.message ?? problem?.title ?? summariseText(response.body);
  const problemPart = problem?.code === undefined ? "" : `, ORDS code ${problem.code}`;
  const instancePart = problem?.instance === undefined ? "" : `, instance ${problem.instance}`;
  const message =
    `${response.method} ${url} failed with HTTP ${response.status}` +
    `${reason === "" ? "" : `: ${reason}`}${problemPart}${instancePart}` +
    `${hint === undefined ? "" : `. ${hint}`}`;

  return new OrdsError(response.status === 401 ? "ORDS_UNAUTHORIZED" : "ORDS_HTTP_ERROR", message, {
    status: response.status,
    problemCode: problem?.code,
    instance: problem?.instance,
    method: response.method,
    url,
    body: problem === undefined && typeof response.body === "string" ? response.body.slice(0, 500) : undefined,
  });
}

function summariseText(body: unknown): string {
  if (typeof body !== "string") {
    return "";
  }
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
