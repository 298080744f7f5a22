import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { ensureCheckinSchema, formatImportReport, importCheckins } from "../importer/index.js";
import { loadDefinitions, type OrdsDefinitions } from "../server/definitions.js";
import { OAuthStore } from "../server/oauth-store.js";
import { provisionClients } from "../server/provision.js";
import type { ProjectPaths } from "./paths.js";

export interface SetupResult {
  db: Database.Database;
  definitions: OrdsDefinitions;
  messages: string[];
}

/** Opens (creating if needed) the dev server's SQLite database with WAL journaling and foreign keys. */
export function openDatabase(file: string): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  return db;
}

/**
 * Prepares the local server: imports the sample export when the check-ins table is empty,
 * loads the ORDS definitions and makes sure the OAuth client exists with credentials in `.env`.
 */
export async function setUp(paths: ProjectPaths, ordsUrl: string): Promise<SetupResult> {
  const messages: string[] = [];
  const db = openDatabase(paths.database);
  ensureCheckinSchema(db);

  const { count } = db.prepare("SELECT count(*) AS count FROM checkins").get() as { count: number };
  if (count === 0) {
    const report = await importCheckins(db, paths.sample);
    messages.push(`Imported the sample export into ${paths.database}:`, formatImportReport(report));
  } else {
    messages.push(`Using ${paths.database} with ${count} check-ins.`);
  }

  const definitions = loadDefinitions(paths.definitions);
  const store = new OAuthStore(db);
  const result = provisionClients(store, definitions, paths.envFile, ordsUrl);
  messages.push(
    `OAuth client ${result.clientName}: credentials ${result.credentials}` +
      (result.envWritten ? `, written to ${result.envFile} (mode 0600)` : ` in ${result.envFile}`),
  );
  return { db, definitions, messages };
}
