import { spawn, spawnSync, type SpawnOptions } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";

const INSTALL_HINT =
  "install Jupyter first: on Debian or Ubuntu `sudo apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient`, " +
  "elsewhere `pip install jupyterlab`";

/** Tells whether `jupyter <subcommand>` is available. */
export function hasJupyterCommand(subcommand: string): boolean {
  const result = spawnSync("jupyter", [subcommand, "--version"], { stdio: "ignore" });
  return result.status === 0;
}

/** Throws an Error with install instructions when the `jupyter` command or a subcommand is missing. */
export function requireJupyter(subcommand: string): void {
  if (!hasJupyterCommand(subcommand)) {
    throw new Error(`\`jupyter ${subcommand}\` is not available: ${INSTALL_HINT}`);
  }
}

/** Runs `jupyter` with the given arguments and resolves with its exit code. */
export function runJupyter(args: string[], options: SpawnOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("jupyter", args, { stdio: "inherit", ...options });
    child.once("error", (error) => reject(new Error(`cannot start jupyter ${args[0] ?? ""}: ${error.message}; ${INSTALL_HINT}`)));
    child.once("exit", (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}

/**
 * Returns the Python interpreter that runs the `jupyter` command, read from its `#!` line,
 * so its packages (nbclient, nbformat) are the ones Jupyter uses. Another `python3` on the
 * PATH, such as a pyenv one, may lack them. Falls back to `python3`.
 */
export function jupyterPython(env: NodeJS.ProcessEnv = process.env): string {
  const script = (env.PATH ?? "").split(delimiter).map((folder) => join(folder, "jupyter")).find((file) => existsSync(file));
  if (script === undefined) {
    return "python3";
  }
  const firstLine = readFileSync(script, "utf8").split("\n", 1)[0] ?? "";
  const words = firstLine.startsWith("#!") ? firstLine.slice(2).trim().split(/\s+/) : [];
  if (words[0]?.endsWith("/env")) {
    return words[1] ?? "python3";
  }
  return words[0] ?? "python3";
}

/** Runs a command, collecting its standard output; standard error passes through. */
export function runCollecting(command: string, args: string[], options: SpawnOptions = {}): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.once("error", (error) => reject(new Error(`cannot start ${command}: ${error.message}`)));
    child.once("exit", (code, signal) => resolve({ code: code ?? (signal === null ? 1 : 128), stdout }));
  });
}
