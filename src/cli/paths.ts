import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's own folder: the parent of `dist/`. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** File locations of a project, relative to the folder the command runs in. */
export interface ProjectPaths {
  root: string;
  database: string;
  envFile: string;
  definitions: string;
  sample: string;
  notebooks: string;
  reports: string;
  /** Runtime files: the database, server log and the report's private Jupyter folder. */
  varDirectory: string;
  serverLog: string;
}

export function projectPaths(root: string = process.cwd(), database?: string): ProjectPaths {
  const varDirectory = join(root, "var");
  return {
    root,
    database: database ?? process.env.ORDSLAB_DB ?? join(varDirectory, "ordslab.sqlite"),
    envFile: join(root, ".env"),
    definitions: join(PACKAGE_ROOT, "ords", "tutorial.json"),
    sample: join(PACKAGE_ROOT, "data", "untappd-sample.csv"),
    notebooks: join(root, "notebooks"),
    reports: join(root, "reports"),
    varDirectory,
    serverLog: join(varDirectory, "server.log"),
  };
}
