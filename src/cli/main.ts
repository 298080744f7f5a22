import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatImportReport, ImportError, importCheckins, ensureCheckinSchema } from "../importer/index.js";
import { definitionsToPlsql } from "../server/plsql.js";
import { installKernel, linkPackage } from "./kernel.js";
import { hasJupyterCommand, requireJupyter } from "./jupyter.js";
import { PACKAGE_ROOT, projectPaths, type ProjectPaths } from "./paths.js";
import { runReports } from "./report.js";
import { startServer, type RunningServer } from "./serve.js";
import { openDatabase, setUp } from "./setup.js";

const USAGE = `Usage: ordslab <command> [options]

Commands:
  start                 set up the local server, start it, install the kernel and open Jupyter on notebooks/
  report [NOTEBOOK...]  set up, execute the notebooks through Jupyter, write reports/<name>.ipynb and .html
  serve                 start the ORDS-compatible dev server
  setup                 import the sample if the database is empty, create the OAuth client and .env
  import FILE           import an Untappd export (CSV or JSON) into the database
  kernel install        register the ordslab kernel (the project's tslab) with Jupyter
  kernel link           make node_modules/ordslab point at this package, for notebooks
  ords-sql              print the tutorial's ORDS objects as a PL/SQL block for a real database

Options:
  --db PATH             SQLite database file (default var/ordslab.sqlite, or $ORDSLAB_DB)
  --port N              server port (default 8080 for start and serve; report picks a free port)
  --host ADDRESS        server address (default 127.0.0.1)
  --date-order dmy|mdy  for import: the order of day and month in dates like 04/07/2015
  --prefix DIR          for kernel install: install under DIR instead of the user's Jupyter folder
  --images              for report: also store each chart as a PNG drawn in Chromium, for GitHub's
                        preview and untrusted notebooks
  -h, --help            show this help
`;

/** Runs the `ordslab` command and returns its exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        "date-order": { type: "string" },
        prefix: { type: "string" },
        images: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    process.stderr.write(`ordslab: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }

  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || command === undefined) {
    process.stdout.write(USAGE);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }

  const paths = projectPaths(process.cwd(), parsed.values.db);
  try {
    switch (command) {
      case "import":
        return await importCommand(paths, rest, parsed.values["date-order"]);
      case "setup":
        return await setupCommand(paths, parsed.values);
      case "serve":
        return await serveCommand(paths, parsed.values);
      case "kernel":
        return await kernelCommand(rest, parsed.values.prefix);
      case "start":
        return await startCommand(paths, parsed.values);
      case "report":
        return await reportCommand(paths, rest, parsed.values);
      case "ords-sql":
        process.stdout.write(definitionsToPlsql(paths.definitions));
        return 0;
      case "version":
        process.stdout.write(`${(JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version}\n`);
        return 0;
      default:
        process.stderr.write(`ordslab: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    const message = error instanceof ImportError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`ordslab ${command}: ${message}\n`);
    return 1;
  }
}

type Values = { port?: string; host?: string; images?: boolean };

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`invalid --port ${JSON.stringify(value)}: expected a whole number from 0 to 65535`);
  }
  return port;
}

/** The base URL written to a new `.env`: the local server's, on the port it will listen on. */
function localUrl(port: number): string {
  return `http://localhost:${port}/ords/beers/`;
}

async function importCommand(paths: ProjectPaths, files: string[], dateOrder: string | undefined): Promise<number> {
  if (files.length === 0) {
    throw new Error("missing FILE: give the path of an Untappd CSV or JSON export, such as `ordslab import my-untappd.csv`");
  }
  if (dateOrder !== undefined && dateOrder !== "dmy" && dateOrder !== "mdy") {
    throw new Error(`invalid --date-order ${JSON.stringify(dateOrder)}: use dmy or mdy`);
  }

  const db = openDatabase(paths.database);
  try {
    ensureCheckinSchema(db);
    let failed = false;
    // Progress goes to a terminal only, on one line that is cleared before any other output.
    const showProgress = process.stderr.isTTY === true;
    const clearProgress = (): void => {
      if (showProgress) {
        process.stderr.write("\r\x1b[2K");
      }
    };
    for (const file of files) {
      try {
        const report = await importCheckins(db, file, {
          dateOrder: dateOrder as "dmy" | "mdy" | undefined,
          onProgress: showProgress ? (records) => process.stderr.write(`\r${file}: ${records.toLocaleString("en-US")} records read`) : undefined,
        });
        clearProgress();
        process.stdout.write(`${formatImportReport(report)}\n`);
        failed ||= report.rejected.length > 0;
      } catch (error) {
        clearProgress();
        throw error;
      }
    }
    return failed ? 1 : 0;
  } finally {
    db.close();
  }
}

async function setupCommand(paths: ProjectPaths, values: Values): Promise<number> {
  const port = parsePort(values.port, 8080);
  const { db, messages } = await setUp(paths, localUrl(port));
  db.close();
  process.stdout.write(`${messages.join("\n")}\n`);
  return 0;
}

async function serveCommand(paths: ProjectPaths, values: Values): Promise<number> {
  const port = parsePort(values.port, 8080);
  const { db, definitions, messages } = await setUp(paths, localUrl(port));
  process.stdout.write(`${messages.join("\n")}\n`);
  const server = await startServer({ db, definitions, host: values.host, port, logFile: paths.serverLog });
  process.stdout.write(`ORDS dev server listening on ${server.ordsUrl} (log: ${paths.serverLog}); press Ctrl+C to stop.\n`);
  await waitForSignal();
  await server.close();
  db.close();
  return 0;
}

async function kernelCommand(args: string[], prefix: string | undefined): Promise<number> {
  const [action] = args;
  if (action === "install") {
    const directory = installKernel({ prefix });
    process.stdout.write(`Installed the ordslab kernel (TypeScript, this project's tslab) in ${directory}.\n`);
    return 0;
  }
  if (action === "link") {
    linkPackage();
    return 0;
  }
  throw new Error(`unknown kernel action ${JSON.stringify(action ?? "")}: use \`ordslab kernel install\` or \`ordslab kernel link\``);
}

async function startCommand(paths: ProjectPaths, values: Values): Promise<number> {
  const lab = hasJupyterCommand("lab");
  requireJupyter(lab ? "lab" : "notebook");
  const port = parsePort(values.port, 8080);
  const { db, definitions, messages } = await setUp(paths, localUrl(port));
  process.stdout.write(`${messages.join("\n")}\n`);

  const server = await startServer({ db, definitions, host: values.host, port, logFile: paths.serverLog });
  try {
    process.stdout.write(`ORDS dev server listening on ${server.ordsUrl} (log: ${paths.serverLog}).\n`);
    process.stdout.write(`Installed the ordslab kernel in ${installKernel()}.\n`);
    process.stdout.write(`Opening Jupyter ${lab ? "Lab" : "Notebook"} on ${paths.notebooks}; stop it with Ctrl+C.\n`);
    // Kernels inherit Jupyter's environment, so they reach this server even when .env names another port.
    const env = { ...process.env, ORDS_URL: server.ordsUrl };
    // Jupyter rejects running as root without --allow-root, and containers often run as root.
    const rootFlag = process.getuid?.() === 0 ? ["--allow-root"] : [];
    const jupyter = spawn("jupyter", [lab ? "lab" : "notebook", `--notebook-dir=${paths.notebooks}`, ...rootFlag], { cwd: paths.root, env, stdio: "inherit" });
    // On Ctrl+C or SIGTERM, stop Jupyter without its confirmation prompt, then the server.
    const stopJupyter = (): void => {
      jupyter.kill("SIGTERM");
    };
    process.on("SIGINT", stopJupyter);
    process.on("SIGTERM", stopJupyter);
    try {
      await new Promise<void>((resolve, reject) => {
        jupyter.once("error", (error) => reject(new Error(`cannot start jupyter: ${error.message}`)));
        jupyter.once("exit", () => resolve());
      });
    } finally {
      process.off("SIGINT", stopJupyter);
      process.off("SIGTERM", stopJupyter);
    }
    process.stdout.write("Jupyter stopped; stopping the ORDS dev server.\n");
  } finally {
    await server.close();
    db.close();
  }
  return 0;
}

async function reportCommand(paths: ProjectPaths, notebooks: string[], values: Values): Promise<number> {
  // With ORDS_URL in the environment the notebooks run against that server; otherwise
  // against a local server on a free port, stopped at the end.
  let server: RunningServer | undefined;
  let env: NodeJS.ProcessEnv = { ...process.env };
  let closeDb = (): void => undefined;

  if (process.env.ORDS_URL === undefined || process.env.ORDS_URL === "") {
    const { db, definitions, messages } = await setUp(paths, localUrl(8080));
    closeDb = () => db.close();
    process.stdout.write(`${messages.join("\n")}\n`);
    server = await startServer({ db, definitions, host: values.host, port: parsePort(values.port, 0), logFile: paths.serverLog });
    env = { ...env, ORDS_URL: server.ordsUrl };
    process.stdout.write(`ORDS dev server listening on ${server.ordsUrl} for this report.\n`);
  } else {
    process.stdout.write(`Running the notebooks against ORDS_URL from the environment.\n`);
  }

  try {
    const outcomes = await runReports(paths, { env, only: notebooks, images: values.images });
    let failed = false;
    for (const outcome of outcomes) {
      if (outcome.failures.length === 0) {
        process.stdout.write(`${outcome.notebook}: ok, wrote ${outcome.executed} and ${outcome.html}\n`);
      } else {
        failed = true;
        process.stderr.write(`${outcome.notebook}: failed\n  ${outcome.failures.join("\n  ")}\n`);
      }
    }
    return failed ? 1 : 0;
  } finally {
    await server?.close();
    closeDb();
  }
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}
