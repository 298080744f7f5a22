/**
 * Benchmark: fetch every row of `checkins/` over loopback, three ways, and print the ratios.
 * Usage: npm run bench [-- --runs N]. Data sets: the committed sample and a
 * generated 100,000-check-in export (written to var/bench/ on first use).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { ensureCheckinSchema, importCheckins } from "../src/importer/index.js";

const ROOT = join(import.meta.dirname, "..");
const WORK = join(ROOT, "var", "bench");
const runsArgument = process.argv.indexOf("--runs");
const RUNS = runsArgument === -1 ? 9 : Number(process.argv[runsArgument + 1]);

interface Measurement {
  rows: number;
  requests: number;
  wallMs: number;
  maxRssMb: number;
}

function runTs(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, script), ...args], { env });
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    child.once("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`${script} ${args.join(" ")} failed: ${errors}`))));
  });
}

async function prepareDatabase(name: string, count: number | undefined): Promise<string> {
  mkdirSync(WORK, { recursive: true });
  const file = join(WORK, `${name}.sqlite`);
  if (existsSync(file)) {
    return file;
  }

  let csv = join(ROOT, "data", "untappd-sample.csv");
  if (count !== undefined) {
    csv = join(WORK, `untappd-${count}.csv`);
    await runTs("../data/generate.ts", ["--count", String(count), "--out", csv]);
  }
  const db = new Database(file);
  ensureCheckinSchema(db);
  await importCheckins(db, csv);
  db.close();
  return file;
}

async function startServer(database: string): Promise<{ env: NodeJS.ProcessEnv; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "bench-server.ts"), database], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve) => lines.once("line", resolve));
  const info = JSON.parse(first) as { ordsUrl: string; clientId: string; clientSecret: string };
  return {
    env: { ...process.env, ORDS_URL: info.ordsUrl, ORDS_CLIENT_ID: info.clientId, ORDS_CLIENT_SECRET: info.clientSecret },
    stop: () => child.kill(),
  };
}

async function measure(strategy: string, env: NodeJS.ProcessEnv, runs: number): Promise<Measurement> {
  const results: Measurement[] = [];
  for (let run = 0; run < runs; run += 1) {
    results.push(JSON.parse(await runTs("strategies.ts", [strategy], env)) as Measurement);
  }
  results.sort((a, b) => a.wallMs - b.wallMs);
  return results[Math.floor(results.length / 2)] as Measurement;
}

function row(name: string, measurement: Measurement): string {
  const rate = Math.round(measurement.rows / (measurement.wallMs / 1000));
  return `| ${name} | ${measurement.rows} | ${measurement.requests} | ${measurement.wallMs.toFixed(0)} | ${rate.toLocaleString("en-US")} | ${measurement.maxRssMb.toFixed(0)} |`;
}

const dataSets: [string, number | undefined][] = [
  ["sample", undefined],
  ["100k", 100_000],
];

process.stdout.write(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}; median of ${RUNS} runs on the sample and 3 on 100k (the naive pattern: 1)\n\n`);
for (const [name, count] of dataSets) {
  const database = await prepareDatabase(name, count);
  const server = await startServer(database);
  try {
    // The 100,000-row set takes seconds a run, so it gets fewer runs; the naive pattern one.
    const runs = count === undefined ? RUNS : Math.min(RUNS, 3);
    const naive = await measure("naive", server.env, count === undefined ? RUNS : 1);
    const single = await measure("single", server.env, runs);
    const ordslab = await measure("ordslab", server.env, runs);
    const cacheDirectory = mkdtempSync(join(tmpdir(), "ordslab-bench-cache-"));
    const cachedEnv = { ...server.env, ORDSLAB_TOKEN_CACHE: cacheDirectory };
    await measure("ordslab-cached", cachedEnv, 1);
    const cached = await measure("ordslab-cached", cachedEnv, runs);
    rmSync(cacheDirectory, { recursive: true, force: true });

    process.stdout.write(`### ${name}: ${ordslab.rows.toLocaleString("en-US")} check-ins\n\n`);
    process.stdout.write("| strategy | rows | requests | wall ms | rows/s | peak RSS MB |\n|---|---|---|---|---|---|\n");
    process.stdout.write(`${row("(a) naive: new token per call, 25-row pages", naive)}\n`);
    process.stdout.write(`${row("(b) lower bound: one request for all rows", single)}\n`);
    process.stdout.write(`${row("ordslab fetchAll, 10,000-row pages", ordslab)}\n`);
    process.stdout.write(`${row("ordslab fetchAll, token from the disk cache", cached)}\n\n`);
    process.stdout.write(`Speed-up over (a): ${(naive.wallMs / ordslab.wallMs).toFixed(1)}x (target at least 5x). `);
    process.stdout.write(`Time relative to (b): ${(ordslab.wallMs / single.wallMs).toFixed(2)}x (target at most 1.3x). `);
    process.stdout.write(`With the cached token: ${(naive.wallMs / cached.wallMs).toFixed(1)}x over (a), ${(cached.wallMs / single.wallMs).toFixed(2)}x of (b).\n\n`);
  } finally {
    server.stop();
  }
}
