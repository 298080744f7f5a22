import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_ROOT } from "./paths.js";
import { requireJupyter, runJupyter } from "./jupyter.js";

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
 * Registers the kernel with Jupyter through `jupyter kernelspec install`, for the current
 * user by default or under `prefix`.
 */
export async function installKernel(options: { prefix?: string } = {}): Promise<void> {
  requireJupyter("kernelspec");
  linkPackage();
  const staging = mkdtempSync(join(tmpdir(), "ordslab-kernel-"));
  try {
    const directory = writeKernelSpec(staging);
    const target = options.prefix === undefined ? ["--user"] : ["--prefix", options.prefix];
    const code = await runJupyter(["kernelspec", "install", directory, "--name", KERNEL_NAME, "--replace", ...target]);
    if (code !== 0) {
      throw new Error(`jupyter kernelspec install failed with exit code ${code}`);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
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
