import { spawn, spawnSync, type SpawnOptions } from "node:child_process";

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
