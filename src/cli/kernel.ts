import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { PACKAGE_ROOT } from "./paths.js";

/** The kernelspec name that notebooks name in their metadata. */
export const KERNEL_NAME = "ordslab";

/**
 * Returns the kernelspec: the project's own tslab started by the Node.js running this
 * command. The notebook's `import "ordslab"` and tslab's display functions then resolve to
 * the same modules as the kernel's, which a globally installed tslab cannot guarantee.
 */
export function kernelSpec(): Record<string, unknown> {
  const tslab = join(PACKAGE_ROOT, "node_modules", "tslab", "bin", "tslab");
  if (!existsSync(tslab)) {
    throw new Error(`tslab not found at ${tslab}: run \`npm install\` in ${PACKAGE_ROOT} first`);
  }
  return {
    argv: [process.execPath, tslab, "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript (ordslab)",
    language: "typescript",
    // Node 20 warns each time CommonJS code (tslab's compiled cells) loads an ES module.
    env: { NODE_OPTIONS: "--disable-warning=ExperimentalWarning" },
    metadata: { ordslab: { packageRoot: PACKAGE_ROOT } },
  };
}

/** Writes the kernelspec into `<directory>/kernels/ordslab/`, a folder Jupyter finds through JUPYTER_PATH. */
export function writeKernelSpec(jupyterDataDirectory: string): string {
  const directory = join(jupyterDataDirectory, "kernels", KERNEL_NAME);
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, "kernel.json"), `${JSON.stringify(kernelSpec(), null, 2)}\n`);
  return directory;
}

/**
 * Registers the kernel with Jupyter by writing its kernelspec into the user's Jupyter data
 * folder, or into `<prefix>/share/jupyter` with `prefix`, and returns the kernelspec's folder.
 * It needs no `jupyter kernelspec` command, which Debian ships in a separate package.
 */
export function installKernel(options: { prefix?: string } = {}): string {
  linkPackage();
  const dataDirectory = options.prefix === undefined ? userJupyterDataDirectory() : join(resolve(options.prefix), "share", "jupyter");
  return writeKernelSpec(dataDirectory);
}

/**
 * Returns the user's Jupyter data folder: what `jupyter --data-dir` prints, else the rules
 * of jupyter_core (JUPYTER_DATA_DIR, then the platform's user data folder).
 */
export function userJupyterDataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const printed = spawnSync("jupyter", ["--data-dir"], { encoding: "utf8", env });
  if (printed.status === 0 && printed.stdout.trim() !== "") {
    return printed.stdout.trim();
  }
  if (env.JUPYTER_DATA_DIR) {
    return env.JUPYTER_DATA_DIR;
  }
  if (process.platform === "darwin") {
    return join(homedir(), "Library", "Jupyter");
  }
  if (process.platform === "win32") {
    return join(env.APPDATA ?? join(homedir(), "AppData", "Roaming"), "jupyter");
  }
  return join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "jupyter");
}

/**
 * Makes `node_modules/ordslab` point at this package, so notebooks in the project can
 * `import ... from "ordslab"`: tslab type-checks with Node10 module resolution, which finds
 * packages only in node_modules folders.
 */
export function linkPackage(): void {
  const link = join(PACKAGE_ROOT, "node_modules", "ordslab");
  // Installed as another project's dependency, the package is already in a node_modules folder.
  const isDependency = PACKAGE_ROOT.split(/[\\/]/).includes("node_modules");
  if (isDependency || existsSync(link) || isDanglingLink(link)) {
    return;
  }
  mkdirSync(join(PACKAGE_ROOT, "node_modules"), { recursive: true });
  symlinkSync("..", link, "dir");
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
