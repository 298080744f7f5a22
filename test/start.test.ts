import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./helpers/process.js";

const ROOT = join(import.meta.dirname, "..");
// Inside the project, so a kernel would resolve `import "ordslab"` through the project's node_modules.
const WORK = join(ROOT, "test-artifacts", "start");

let child: ChildProcess | undefined;

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

afterAll(() => {
  child?.kill("SIGKILL");
});

describe("ordslab start", () => {
  it("serves ORDS and Jupyter, then stops both on SIGTERM", async () => {
    rmSync(WORK, { recursive: true, force: true });
    mkdirSync(join(WORK, "notebooks"), { recursive: true });
    cpSync(join(ROOT, "notebooks", "tutorial.ipynb"), join(WORK, "notebooks", "tutorial.ipynb"));
    const port = await freePort();

    child = spawn(process.execPath, [join(ROOT, "bin", "ordslab.js"), "start", "--port", String(port)], {
      cwd: WORK,
      env: { ...process.env, JUPYTER_DATA_DIR: join(WORK, "jupyter-data"), JUPYTER_RUNTIME_DIR: join(WORK, "runtime"), BROWSER: "true" },
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)));

    let jupyterUrl: URL | undefined;
    for (let attempt = 0; attempt < 240 && jupyterUrl === undefined; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const match = /http:\/\/127\.0\.0\.1:\d+\/\S*token=\w+/.exec(output);
      jupyterUrl = match === null ? undefined : new URL(match[0]);
    }
    expect(jupyterUrl, output).toBeDefined();

    const anonymous = await fetch(`http://127.0.0.1:${port}/ords/beers/examples/python-requests/`);
    const token = jupyterUrl?.searchParams.get("token") ?? "";
    const kernelspecs = await fetch(`${jupyterUrl?.origin}/api/kernelspecs?token=${token}`);
    const specs = (await kernelspecs.json()) as { kernelspecs: Record<string, unknown> };

    expect(anonymous.status).toBe(401);
    expect(Object.keys(specs.kernelspecs)).toContain("ordslab");
    expect(output).toContain("Installed the ordslab kernel in");

    child.kill("SIGTERM");
    const code = await exited;

    expect(code).toBe(0);
    expect(output).toContain("Jupyter stopped; stopping the ORDS dev server.");
    expect(await isListening(port)).toBe(false);
    expect(await isListening(Number(jupyterUrl?.port))).toBe(false);
  }, 120_000);
});
