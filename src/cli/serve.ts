import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import type Database from "better-sqlite3";
import pino from "pino";
import { buildServer } from "../server/app.js";
import type { OrdsDefinitions } from "../server/definitions.js";

export interface RunningServer {
  /** The schema's base URL, such as `http://127.0.0.1:8080/ords/beers/`. */
  ordsUrl: string;
  port: number;
  close: () => Promise<void>;
}

export interface ServeOptions {
  db: Database.Database;
  definitions: OrdsDefinitions;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Appends JSON log lines to this file; without it, logs go to standard output. */
  logFile?: string;
}

/** Starts the dev server on loopback and returns its base URL. Rejects with a clear message when the port is taken. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 8080;
  let stream: NodeJS.WritableStream = process.stdout;
  let logFile: WriteStream | undefined;
  if (options.logFile !== undefined) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    logFile = createWriteStream(options.logFile, { flags: "a" });
    stream = logFile;
  }
  const closeLog = (): Promise<void> => new Promise((resolve) => (logFile === undefined ? resolve() : logFile.end(resolve)));
  const logger = pino({ level: "info", redact: ["req.headers.authorization", "req.headers.cookie"] }, stream);
  const { app } = buildServer({ db: options.db, definitions: options.definitions, logger });

  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    await closeLog();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new Error(`port ${port} on ${host} is already in use: stop the other server or pass --port with a free port`, { cause: error });
    }
    throw error;
  }

  const address = app.server.address();
  const actualPort = typeof address === "object" && address !== null ? address.port : port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    ordsUrl: `http://${urlHost}:${actualPort}/ords/${options.definitions.schemaAlias}/`,
    port: actualPort,
    close: async () => {
      await app.close();
      await closeLog();
    },
  };
}
