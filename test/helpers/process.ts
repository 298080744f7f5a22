import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Standard output and error, interleaved as they arrived. */
  output: string;
}

/** Runs a command to its end and collects its output; a non-zero exit code is returned, not thrown. */
export function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    const result: CommandResult = { code: 1, stdout: "", stderr: "", output: "" };
    child.stdout.on("data", (chunk: Buffer) => {
      result.stdout += chunk.toString();
      result.output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      result.stderr += chunk.toString();
      result.output += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ ...result, code: code ?? 1 }));
  });
}

/** Runs the `ordslab` command of this checkout with the Node.js running the tests. */
export function runOrdslab(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  return runCommand(process.execPath, [join(ROOT, "bin", "ordslab.js"), ...args], options);
}

/** Returns a port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
