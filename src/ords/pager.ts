import type { OrdsClient, QueryValue } from "./client.js";
import { OrdsError, redactUrl } from "./errors.js";

/** One page of an ORDS collection. */
export interface Page<T> {
  items: T[];
  /** Zero-based position of this page. */
  index: number;
  offset: number;
  limit: number | undefined;
  hasMore: boolean;
  elapsedSeconds: number;
}

export interface PageOptions {
  /** Rows per page (`limit`); the server's page size when absent. ORDS caps it at its maximum (10,000 by default). */
  pageSize?: number;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Called with each warning, such as rows repeated across pages. */
  onWarning?: (message: string) => void;
}

export interface FetchAllProgress {
  pages: number;
  rows: number;
  elapsedSeconds: number;
  done: boolean;
}

export interface FetchAllOptions extends PageOptions {
  onProgress?: (progress: FetchAllProgress) => void;
}

export interface FetchAllResult<T> {
  items: T[];
  pages: number;
  elapsedSeconds: number;
  warnings: string[];
}

interface CollectionBody {
  items?: unknown;
  hasMore?: unknown;
  limit?: unknown;
  offset?: unknown;
  links?: unknown;
}

/**
 * Iterates over the pages of an ORDS collection. It stops when `hasMore` is false or
 * missing (PL/SQL handlers are not paged), on an empty page, when paging is off
 * (`limit: 0`), when the next offset does not move forward, and when a body without
 * `offset` repeats the previous page, so a server that ignores the offset cannot make it
 * loop. The `next` link is followed when present and on the same origin.
 */
export async function* iteratePages<T>(client: OrdsClient, path: string, options: PageOptions = {}): AsyncGenerator<Page<T>> {
  const warn = options.onWarning ?? (() => undefined);
  const seenRows = new Set<number>();
  const visited = new Set<string>();
  let url: URL | undefined = client.url(path, { ...options.query, limit: options.pageSize });
  let offset = Number(url.searchParams.get("offset") ?? 0);
  let previousPageHash: number | undefined;

  for (let index = 0; url !== undefined; index += 1) {
    visited.add(url.toString());
    const response = await client.get<CollectionBody>(url, { signal: options.signal });
    const body = response.body;
    if (typeof body !== "object" || body === null || !Array.isArray(body.items)) {
      throw new OrdsError("ORDS_PAGING_ERROR", `GET ${redactUrl(url)} did not return a collection (an object with an "items" array); use get() for this resource`, {
        status: response.status,
        method: "GET",
        url: redactUrl(url),
      });
    }

    const items = body.items as T[];
    const pageOffset = typeof body.offset === "number" ? body.offset : offset;
    const limit = typeof body.limit === "number" ? body.limit : undefined;
    const hasMore = body.hasMore === true;
    if (countRepeats(items, seenRows) > 0) {
      warn(`rows repeated across pages of ${redactUrl(url)} (page ${index + 1}): the handler's query needs a unique ORDER BY`);
    }

    yield { items, index, offset: pageOffset, limit, hasMore, elapsedSeconds: response.elapsedSeconds };

    // Stop conditions, in order: the server reports no more rows; an empty page (hasMore can
    // stay true after one); paging off; a page equal to the previous one; then a next page
    // that would not advance or repeats.
    if (!hasMore) {
      return;
    }
    if (items.length === 0) {
      warn(`${redactUrl(url)} returned an empty page with hasMore true; stopped there`);
      return;
    }
    if (limit === 0) {
      return;
    }
    // Without an offset in the body, only the rows show that the server ignored the offset.
    const pageHash = hashRow(items);
    if (typeof body.offset !== "number" && pageHash === previousPageHash) {
      warn(`${redactUrl(url)} returned the same rows as the previous page, so the server ignores the offset; stopped there`);
      return;
    }
    previousPageHash = pageHash;

    const next = nextUrl(client, url, body.links, pageOffset + items.length, limit);
    const nextOffset = Number(next.searchParams.get("offset") ?? 0);
    if (nextOffset <= pageOffset || visited.has(next.toString())) {
      warn(`the next page of ${redactUrl(url)} does not advance past offset ${pageOffset}; stopped there`);
      return;
    }
    offset = nextOffset;
    url = next;
  }
}

/** Fetches every page and concatenates the rows. */
export async function fetchAllPages<T>(client: OrdsClient, path: string, options: FetchAllOptions = {}): Promise<FetchAllResult<T>> {
  const startedAt = performance.now();
  const warnings: string[] = [];
  const items: T[] = [];
  let pages = 0;
  const onWarning = (message: string): void => {
    if (!warnings.includes(message)) {
      warnings.push(message);
      options.onWarning?.(message);
    }
  };

  for await (const page of iteratePages<T>(client, path, { ...options, onWarning })) {
    pages += 1;
    for (const item of page.items) {
      items.push(item);
    }
    options.onProgress?.({ pages, rows: items.length, elapsedSeconds: (performance.now() - startedAt) / 1000, done: false });
  }

  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  options.onProgress?.({ pages, rows: items.length, elapsedSeconds, done: true });
  return { items, pages, elapsedSeconds, warnings };
}

function nextUrl(client: OrdsClient, current: URL, links: unknown, fallbackOffset: number, limit: number | undefined): URL {
  const link = Array.isArray(links)
    ? (links as { rel?: unknown; href?: unknown }[]).find((candidate) => candidate.rel === "next" && typeof candidate.href === "string")
    : undefined;

  if (link !== undefined) {
    const next = new URL(link.href as string, current);
    if (next.origin === new URL(client.config.baseUrl).origin) {
      return next;
    }
  }

  const next = new URL(current);
  next.searchParams.set("offset", String(fallbackOffset));
  if (limit !== undefined && !next.searchParams.has("limit")) {
    next.searchParams.set("limit", String(limit));
  }
  return next;
}

/** Counts rows already seen, by a 53-bit hash of their JSON without `links`. */
function countRepeats(items: unknown[], seen: Set<number>): number {
  let repeats = 0;
  for (const item of items) {
    const hash = hashRow(item);
    if (seen.has(hash)) {
      repeats += 1;
    } else {
      seen.add(hash);
    }
  }
  return repeats;
}

/** Two 32-bit FNV-1a variants combined into 53 bits, enough to make collisions unlikely in millions of rows. */
function hashRow(item: unknown): number {
  const text = JSON.stringify(item, (key, value: unknown) => (key === "links" ? undefined : value));
  let first = 0x811c9dc5;
  let second = 0x01000193;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x5bd1e995);
  }
  return (first >>> 0) * 0x200000 + ((second >>> 0) & 0x1fffff);
}
