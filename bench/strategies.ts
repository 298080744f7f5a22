/**
 * One way of fetching every row of `checkins/`, run in a child process so its peak memory is
 * its own. Usage: tsx bench/strategies.ts STRATEGY; reads ORDS_URL, ORDS_CLIENT_ID and
 * ORDS_CLIENT_SECRET; prints `{"rows", "requests", "wallMs", "maxRssMb"}`.
 *
 * - `naive`: the pattern of Oracle's Python tutorial with requests_oauthlib, written in
 *   TypeScript: a new token before every call, then the default 25-row pages one by one.
 * - `single`: the lower bound: one token and one request that returns every row
 *   (a handler with paging off).
 * - `ordslab`: `client.fetchAll` with 10,000-row pages and a reused token.
 * - `ordslab-cached`: the same with the token read from the disk cache in
 *   `$ORDSLAB_TOKEN_CACHE`, as after a kernel restart; the runner warms the cache first.
 */
import { OrdsClient } from "../src/ords/client.js";

interface Counters {
  rows: number;
  requests: number;
}

const env = process.env as Record<string, string>;
const base = env.ORDS_URL as string;

async function newToken(counters: Counters): Promise<string> {
  counters.requests += 1;
  const response = await fetch(`${base}oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${env.ORDS_CLIENT_ID}:${env.ORDS_CLIENT_SECRET}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function getJson(url: string, token: string, counters: Counters): Promise<{ items: unknown[]; hasMore?: boolean; links?: { rel: string; href: string }[] }> {
  counters.requests += 1;
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    throw new Error(`GET ${url} failed with HTTP ${response.status}`);
  }
  return (await response.json()) as { items: unknown[]; hasMore?: boolean };
}

async function naive(counters: Counters): Promise<void> {
  let url: string | undefined = `${base}examples/checkins/`;
  while (url !== undefined) {
    const token = await newToken(counters);
    const page = await getJson(url, token, counters);
    counters.rows += page.items.length;
    url = page.hasMore ? page.links?.find((link) => link.rel === "next")?.href : undefined;
  }
}

async function single(counters: Counters): Promise<void> {
  const token = await newToken(counters);
  const page = await getJson(`${base}examples/checkins-unpaged/`, token, counters);
  counters.rows += page.items.length;
}

async function ordslab(counters: Counters): Promise<void> {
  const client = new OrdsClient({ tokenCache: false, envFile: false });
  const pageSize = Number(env.BENCH_PAGE_SIZE ?? 10_000);
  const result = await client.fetchAll("examples/checkins/", { pageSize, progress: false });
  counters.rows += result.items.length;
  counters.requests += result.pages + client.tokenRequests;
}

async function ordslabCached(counters: Counters): Promise<void> {
  const client = new OrdsClient({ tokenCache: env.ORDSLAB_TOKEN_CACHE, envFile: false });
  const result = await client.fetchAll("examples/checkins/", { pageSize: Number(env.BENCH_PAGE_SIZE ?? 10_000), progress: false });
  counters.rows += result.items.length;
  counters.requests += result.pages + client.tokenRequests;
}

const strategies: Record<string, (counters: Counters) => Promise<void>> = { naive, single, ordslab, "ordslab-cached": ordslabCached };
const name = process.argv[2] ?? "";
const strategy = strategies[name];
if (strategy === undefined) {
  throw new Error(`unknown strategy ${JSON.stringify(name)}: use ${Object.keys(strategies).join(", ")}`);
}

const counters: Counters = { rows: 0, requests: 0 };
const started = performance.now();
await strategy(counters);
const wallMs = performance.now() - started;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ ...counters, wallMs, maxRssMb })}\n`);
