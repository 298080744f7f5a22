/**
 * The dev server for benchmarks, in its own process so the client's memory is measured
 * alone. Usage: tsx bench/bench-server.ts DATABASE; prints `{"ordsUrl", "clientId", "clientSecret"}`
 * on one line once listening. Besides the tutorial's paged `checkins/`, it serves
 * `checkins-unpaged/` with paging off, so one request returns every row.
 */
import Database from "better-sqlite3";
import { buildServer } from "../src/server/app.js";
import { buildDefinitions } from "../src/server/definitions.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [file] = process.argv.slice(2);
if (file === undefined) {
  throw new Error("usage: tsx bench/bench-server.ts DATABASE");
}

const tutorial = JSON.parse(readFileSync(join(import.meta.dirname, "..", "ords", "tutorial.json"), "utf8")) as { calls: { call: string; args: Record<string, unknown> }[] };
const calls = [
  ...tutorial.calls,
  { call: "ORDS.DEFINE_TEMPLATE", args: { p_module_name: "examples", p_pattern: "checkins-unpaged/" } },
  {
    call: "ORDS.DEFINE_HANDLER",
    args: {
      p_module_name: "examples",
      p_pattern: "checkins-unpaged/",
      p_method: "GET",
      p_source_type: "json/collection",
      p_items_per_page: 0,
      p_source: "select * from checkins order by checkin_id",
    },
  },
];
const definitions = buildDefinitions(calls, "benchmark definitions");

const db = new Database(file);
const { app, store } = buildServer({ db, definitions });
const client = definitions.clients[0]!;
store.deleteClient(client.name);
const credentials = store.registerClient(client.name, { tokenDurationSeconds: 3600, roles: client.roles });

await app.listen({ host: "127.0.0.1", port: 0 });
const { port } = app.server.address() as { port: number };
process.stdout.write(`${JSON.stringify({ ordsUrl: `http://127.0.0.1:${port}/ords/beers/`, ...credentials })}\n`);
