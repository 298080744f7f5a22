/** When and how long to wait before another attempt at a request. */
export interface RetryPolicy {
  /** Attempts after the first; 3 by default. */
  retries: number;
  /** The first backoff delay in milliseconds, doubled at each attempt; 250 by default. */
  baseDelayMs: number;
  /** The maximum backoff or `Retry-After` wait honoured, in milliseconds; 30,000 by default. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 250, maxDelayMs: 30_000 };

/** Statuses worth another attempt: request timeout, too many requests and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Returns the wait before attempt `attempt + 1`: the server's `Retry-After` (seconds or an
 * HTTP date) when given, else exponential backoff with jitter, both capped at `maxDelayMs`.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfter: string | null, now: number = Date.now()): number {
  const requested = parseRetryAfter(retryAfter, now);
  if (requested !== undefined) {
    return Math.min(requested, policy.maxDelayMs);
  }
  const backoff = policy.baseDelayMs * 2 ** attempt;
  return Math.min(backoff / 2 + Math.random() * (backoff / 2), policy.maxDelayMs);
}

function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === "") {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim()) * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits `ms` milliseconds, rejecting early with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
