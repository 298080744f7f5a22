import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runOrdslab, type CommandResult } from "./helpers/process.js";

const ROOT = join(import.meta.dirname, "..");
// Inside the project, so the kernel resolves `import "ordslab"` through the project's node_modules.
const WORK = join(ROOT, "test-artifacts", "failing-report");

let result: CommandResult;

function notebook(sources: string[]): string {
  return JSON.stringify({
    cells: sources.map((source, index) => ({ cell_type: "code", id: `cell-${index + 1}`, metadata: {}, execution_count: null, outputs: [], source })),
    metadata: { kernelspec: { display_name: "TypeScript (ordslab)", language: "typescript", name: "ordslab" } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

beforeAll(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(join(WORK, "notebooks"), { recursive: true });
  writeFileSync(
    join(WORK, "notebooks", "broken.ipynb"),
    notebook(['const answer: number = 42;\nconsole.log(`answer ${answer}`);', 'throw new Error("the second cell fails on purpose");', 'console.log("after the failure");']),
  );
  writeFileSync(
    join(WORK, "notebooks", "mistyped.ipynb"),
    notebook(['const count: number = "three";']),
  );

  result = await runOrdslab(["report"], { cwd: WORK });
}, 180_000);

describe("report with a failing cell", () => {
  it("exits 1 and names the failing cell", () => {
    expect(result.code).toBe(1);
    expect(result.output).toContain("broken.ipynb: failed");
    expect(result.output).toContain("code cell 2: Error: the second cell fails on purpose");
  });

  it("reports a TypeScript error with its position", () => {
    expect(result.output).toContain("mistyped.ipynb: failed");
    expect(result.output).toMatch(/code cell 1: 1:7 - Type 'string' is not assignable to type 'number'/);
  });

  it("still writes the report", () => {
    const executed = JSON.parse(readFileSync(join(WORK, "reports", "broken.ipynb"), "utf8")) as {
      cells: { execution_count: number | null; outputs: { text?: string | string[] }[] }[];
    };
    const texts = executed.cells.map((cell) => cell.outputs.map((output) => [output.text ?? ""].flat().join("")).join(""));

    expect(existsSync(join(WORK, "reports", "broken.html"))).toBe(true);
    expect(texts[0]).toContain("answer 42");
    expect(texts[1]).toContain("the second cell fails on purpose");
    // tslab drops the cells queued behind a failed one, as a stop-on-error kernel does.
    expect(texts[2]).not.toContain("after the failure");
    expect(executed.cells.slice(0, 2).map((cell) => cell.execution_count)).toEqual([1, 2]);
  });
});
