import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { basename, delimiter, join } from "node:path";
import { linkPackage, writeKernelSpec, KERNEL_NAME } from "./kernel.js";
import { jupyterPython, requireJupyter, runCollecting, runJupyter } from "./jupyter.js";
import { PACKAGE_ROOT, type ProjectPaths } from "./paths.js";
import { addStaticImages } from "./static-images.js";

export interface NotebookOutcome {
  notebook: string;
  executed: string;
  html: string;
  /** Cells that failed, as `code cell N: message`. */
  failures: string[];
}

export interface ReportOptions {
  /** Environment for the kernels: ORDS_URL and friends. */
  env: NodeJS.ProcessEnv;
  /** Notebook file names to run; every `.ipynb` in notebooks/ by default. */
  only?: string[];
  /** Seconds one cell may run; 600 by default. */
  cellTimeoutSeconds?: number;
  /** Also draw each chart as a PNG in Chromium, stored beside it, for viewers that run no scripts. */
  images?: boolean;
}

/**
 * Executes notebooks through Jupyter's own executor (nbclient, which `jupyter nbconvert
 * --execute` uses) with the ordslab kernel, writing `reports/<name>.ipynb` and
 * `reports/<name>.html`. A failing cell does not stop the run: its error stays in the
 * report and is returned.
 */
export async function runReports(paths: ProjectPaths, options: ReportOptions): Promise<NotebookOutcome[]> {
  requireJupyter("nbconvert");
  linkPackage();
  mkdirSync(paths.reports, { recursive: true });

  // A private kernelspec folder, so a report never depends on or changes the user's kernels.
  const jupyterData = join(paths.varDirectory, "jupyter");
  writeKernelSpec(jupyterData);
  const env = {
    ...options.env,
    JUPYTER_PATH: [jupyterData, options.env.JUPYTER_PATH].filter(Boolean).join(delimiter),
  };

  const notebooks = listNotebooks(paths.notebooks, options.only);
  const outcomes: NotebookOutcome[] = [];
  for (const notebook of notebooks) {
    outcomes.push(await runNotebook(paths, notebook, env, options));
  }
  return outcomes;
}

function listNotebooks(directory: string, only: string[] | undefined): string[] {
  if (!existsSync(directory)) {
    throw new Error(`notebook folder ${directory} not found: run this command in the ordslab project folder`);
  }
  const all = readdirSync(directory).filter((name) => name.endsWith(".ipynb")).sort(tutorialFirst);
  if (only === undefined || only.length === 0) {
    return all;
  }
  for (const name of only) {
    if (!all.includes(name)) {
      throw new Error(`notebook ${name} not found in ${directory}; available: ${all.join(", ")}`);
    }
  }
  return only;
}

function tutorialFirst(a: string, b: string): number {
  return Number(b === "tutorial.ipynb") - Number(a === "tutorial.ipynb") || a.localeCompare(b);
}

async function runNotebook(paths: ProjectPaths, notebook: string, env: NodeJS.ProcessEnv, options: ReportOptions): Promise<NotebookOutcome> {
  const name = basename(notebook, ".ipynb");
  const executed = join(paths.reports, `${name}.ipynb`);
  const html = join(paths.reports, `${name}.html`);

  // nbclient, as `jupyter nbconvert --execute` uses it, with a runner that also catches the
  // failures tslab reports only in its execute reply.
  const runner = join(PACKAGE_ROOT, "scripts", "execute-notebook.py");
  const timeout = String(options.cellTimeoutSeconds ?? 600);
  const execution = await runCollecting(jupyterPython(env), [runner, join(paths.notebooks, notebook), executed, KERNEL_NAME, timeout], { env, cwd: paths.root });
  if (execution.code !== 0) {
    return { notebook, executed, html, failures: [`executing the notebook failed with exit code ${execution.code}; see the messages above`] };
  }
  const failures = parseFailures(execution.stdout);

  if (options.images === true) {
    await addStaticImages(executed);
  }
  const htmlCode = await runJupyter(["nbconvert", "--to", "html", "--output-dir", paths.reports, executed], { env, cwd: paths.root });
  if (htmlCode !== 0) {
    failures.push(`jupyter nbconvert --to html exited with code ${htmlCode}`);
  }
  return { notebook, executed, html, failures };
}

/** Reads the runner's last output line: the failed code cells, as `cell N: message`. */
function parseFailures(stdout: string): string[] {
  const lastLine = stdout.trim().split("\n").pop() ?? "";
  try {
    const parsed = JSON.parse(lastLine) as { failures: { cell: number; message: string }[] };
    return parsed.failures.map((failure) => `code cell ${failure.cell}: ${failure.message}`);
  } catch {
    return [`the notebook runner printed no result: ${lastLine.slice(0, 200)}`];
  }
}
