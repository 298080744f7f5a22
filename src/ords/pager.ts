import type { OrdsClient, QueryValue } from "./client.js";
import { OrdsError, redactUrl } from "./errors.js";
import type { OrdsResponse } from "./response.js";

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
  /** Request the next page while the current one is read; see {@link iteratePages}. `fetchAll` turns it on by default. */
  prefetch?: boolean;
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
 * missing, because PL/SQL handlers are not paged. It also stops on an empty page, when
 * paging is off (`limit: 0`), when the next offset does not move forward, and when a body
 * without `offset` repeats the previous page. A server that ignores the offset therefore
 * cannot make it loop. The `next` link is followed when present and on the same origin.
 *
 * With `prefetch`, once a full page has arrived the request for the page after the next
 * one is sent as well, so the server builds a page while this process parses the previous
 * one. A prefetched page is used only when the next page's `next` link or offset confirms
 * its URL; otherwise it is cancelled. At most one request is wasted, at the end of the
 * collection.
 */
export async function* iteratePages<T>(client: OrdsClient, path: string, options: PageOptions = {}): AsyncGenerator<Page<T>> {
  const warn = options.onWarning ?? (() => undefined);
  const seenRows = new Set<number>();
  const visited = new Set<string>();
  let url: URL | undefined = client.url(path, { ...options.query, limit: options.pageSize });
  let offset = Number(url.searchParams.get("offset") ?? 0);
  let previousPageHash: number | undefined;
  let previousItems: T[] | undefined;
  let pending: PendingPage | undefined = startPage(client, url, options.signal);
  let speculative: { url: URL; page: PendingPage } | undefined;

  try {
    for (let index = 0; url !== undefined && pending !== undefined; index += 1) {
      visited.add(url.toString());
      const { response, body } = await pending.result;
      pending = undefined;

      const items = body.items as T[];
      const pageOffset = typeof body.offset === "number" ? body.offset : offset;
      const limit = typeof body.limit === "number" ? body.limit : undefined;
      const hasMore = body.hasMore === true;

      const next: URL | undefined =
        hasMore && items.length > 0 && limit !== 0 ? nextUrl(client, url, body.links, pageOffset + items.length, limit) : undefined;
      if (next !== undefined) {
        // Use the prefetched page only when its URL matches the next page the server returned.
        if (speculative !== undefined && sameRequest(speculative.url, next)) {
          pending = speculative.page;
        } else {
          speculative?.page.cancel();
          pending = startPage(client, next, options.signal);
        }
        speculative = undefined;
        if (options.prefetch === true && limit !== undefined && items.length === limit) {
          const guess = new URL(next);
          guess.searchParams.set("offset", String(Number(next.searchParams.get("offset") ?? pageOffset + limit) + limit));
          speculative = { url: guess, page: startPage(client, guess, options.signal) };
        }
      }

      // Rows repeated across pages; a single-page result needs no check, so hashing waits for page two.
      if (previousItems !== undefined) {
        countRepeats(previousItems, seenRows);
        previousItems = undefined;
      }
      if (index > 0 && countRepeats(items, seenRows) > 0) {
        warn(`rows repeated across pages of ${redactUrl(url)} (page ${index + 1}): the handler's query needs a unique ORDER BY`);
      }
      if (index === 0) {
        previousItems = items;
      }

      yield { items, index, offset: pageOffset, limit, hasMore, elapsedSeconds: response.elapsedSeconds };

      // Stop conditions, in order. The server reports no more rows. The page is empty, because
      // hasMore can stay true after an empty page. Paging is off. The page equals the previous
      // one. The next page would not advance or was already fetched.
      if (!hasMore) {
        return;
      }
      if (items.length === 0) {
        warn(`${redactUrl(url)} returned an empty page with hasMore true; stopped there`);
        return;
      }
      if (limit === 0 || next === undefined) {
        return;
      }
      // Without an offset in the body, only the rows show that the server ignored the offset.
      if (typeof body.offset !== "number") {
        const pageHash = hashRow(items);
        if (pageHash === previousPageHash) {
          warn(`${redactUrl(url)} returned the same rows as the previous page, so the server ignores the offset; stopped there`);
          return;
        }
        previousPageHash = pageHash;
      }

      const nextOffset = Number(next.searchParams.get("offset") ?? 0);
      if (nextOffset <= pageOffset || visited.has(next.toString())) {
        warn(`the next page of ${redactUrl(url)} does not advance past offset ${pageOffset}; stopped there`);
        return;
      }
      offset = nextOffset;
      url = next;
    }
  } finally {
    pending?.cancel();
    speculative?.page.cancel();
  }
}

/** Tells whether two URLs request the same page: same origin, path and query parameters in any order. */
function sameRequest(a: URL, b: URL): boolean {
  const parameters = (url: URL): string => [...url.searchParams.entries()].map(([key, value]) => `${key}=${value}`).sort().join("&");
  return a.origin === b.origin && a.pathname === b.pathname && parameters(a) === parameters(b);
}

interface PendingPage {
  result: Promise<{ response: OrdsResponse<CollectionBody>; body: CollectionBody }>;
  cancel: () => void;
}

/** Sends the request for one page; `cancel` aborts it and silences its rejection. */
function startPage(client: OrdsClient, url: URL, signal: AbortSignal | undefined): PendingPage {
  const controller = new AbortController();
  const combined = signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]);
  const result = client.get<CollectionBody>(url, { signal: combined }).then((response) => {
    const body = response.body;
    if (typeof body !== "object" || body === null || !Array.isArray(body.items)) {
      throw new OrdsError("ORDS_PAGING_ERROR", `GET ${redactUrl(url)} did not return a collection (an object with an "items" array); use get() for this resource`, {
        status: response.status,
        method: "GET",
        url: redactUrl(url),
      });
    }
    return { response, body };
  });
  // A page requested ahead may fail before anything awaits it; that must not count as an
  // unhandled rejection, which ends the process. The caller still sees the error on await.
  result.catch(() => undefined);
  return {
    result,
    cancel: () => controller.abort(),
  };
}

/**
 * The page size `fetchAll` requests when the caller sets none: ORDS's default maximum
 * (`misc.pagination.maxRows`). A server with a lower maximum returns its own `limit`, which
 * the pager follows.
 */
export const FETCH_ALL_PAGE_SIZE = 10_000;

/** Fetches every page and concatenates the rows; pages of {@link FETCH_ALL_PAGE_SIZE} rows unless `pageSize` is given. */
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

  const pageOptions = { prefetch: true, ...options, pageSize: options.pageSize ?? FETCH_ALL_PAGE_SIZE, onWarning };
  for await (const page of iteratePages<T>(client, path, pageOptions)) {
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

/**
 * Counts the rows of a page seen on earlier pages, by a 53-bit hash of their JSON without
 * `links`, then adds the page's rows to `seen`. Equal rows within one page do not count.
 */
function countRepeats(items: unknown[], seen: Set<number>): number {
  const hashes = items.map((item) => hashRow(item));
  const repeats = hashes.filter((hash) => seen.has(hash)).length;
  for (const hash of hashes) {
    seen.add(hash);
  }
  return repeats;
}

/** Two 32-bit FNV-1a variants combined into 53 bits, enough to make collisions unlikely in millions of rows. */
function hashRow(item: unknown): number {
  const text = JSON.stringify(withoutLinks(item));
  let first = 0x811c9dc5;
  let second = 0x01000193;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x5bd1e995);
  }
  return (first >>> 0) * 0x200000 + ((second >>> 0) & 0x1fffff);
}

/** Drops the `links` member that AutoREST adds to each item, so it cannot make equal rows differ. */
function withoutLinks(item: unknown): unknown {
  if (typeof item !== "object" || item === null || Array.isArray(item) || !("links" in item)) {
    return item;
  }
  const { links: _links, ...rest } = item as Record<string, unknown>;
  return rest;
}
