import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, delimiter, join } from "node:path";
import { linkPackage, writeKernelSpec, KERNEL_NAME } from "./kernel.js";
import { requireJupyter, runJupyter } from "./jupyter.js";
import type { ProjectPaths } from "./paths.js";
import { addStaticImages } from "./static-images.js";

export interface NotebookOutcome {
  notebook: string;
  executed: string;
  html: string;
  /** Cells that raised, as `cell N: ename: evalue`. */
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
 * Executes notebooks through Jupyter's own executor (`jupyter nbconvert --execute`) with
 * the ordslab kernel, writing `reports/<name>.ipynb` and `reports/<name>.html`. A failing
 * cell does not stop the run: its error stays in the report and is returned.
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

  const executeCode = await runJupyter(
    [
      "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
      `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
      `--ExecutePreprocessor.timeout=${options.cellTimeoutSeconds ?? 600}`,
      "--output-dir", paths.reports, "--output", name,
      join(paths.notebooks, notebook),
    ],
    { env, cwd: paths.root },
  );
  if (executeCode !== 0) {
    return { notebook, executed, html, failures: [`jupyter nbconvert --execute exited with code ${executeCode}`] };
  }

  numberExecutedCells(executed);
  if (options.images === true) {
    await addStaticImages(executed);
  }
  const htmlCode = await runJupyter(["nbconvert", "--to", "html", "--output-dir", paths.reports, executed], { env, cwd: paths.root });
  const failures = cellFailures(executed);
  if (htmlCode !== 0) {
    failures.push(`jupyter nbconvert --to html exited with code ${htmlCode}`);
  }
  return { notebook, executed, html, failures };
}

/**
 * Sets the execution count of every code cell, in order. tslab 1.0.22 sends the count only
 * in its execute reply, which nbclient does not copy into the notebook, so every prompt of
 * a report would read `In [ ]`. nbclient runs the cells in order, so the order is the count.
 */
export function numberExecutedCells(file: string): void {
  const notebook = JSON.parse(readFileSync(file, "utf8")) as { cells: { cell_type: string; execution_count?: number | null }[] };
  let count = 0;
  for (const cell of notebook.cells) {
    if (cell.cell_type === "code") {
      count += 1;
      cell.execution_count ??= count;
    }
  }
  writeFileSync(file, `${JSON.stringify(notebook, null, 1)}\n`);
}

/** Lists the error outputs of an executed notebook. */
export function cellFailures(file: string): string[] {
  const notebook = JSON.parse(readFileSync(file, "utf8")) as {
    cells: { cell_type: string; outputs?: { output_type: string; ename?: string; evalue?: string }[] }[];
  };
  const failures: string[] = [];
  notebook.cells.forEach((cell, index) => {
    for (const output of cell.outputs ?? []) {
      if (output.output_type === "error") {
        failures.push(`cell ${index + 1}: ${output.ename ?? "Error"}: ${output.evalue ?? ""}`);
      }
    }
  });
  return failures;
}
