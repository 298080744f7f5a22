import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runOrdslab, type CommandResult } from "./helpers/process.js";

const ROOT = join(import.meta.dirname, "..");
const REPRO = join(ROOT, "test", "fixtures", "untappd", "repro");

function ordslab(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  return runOrdslab(args, { cwd: options.cwd ?? mkdtempSync(join(tmpdir(), "ordslab-cli-")), env: { ...process.env, ...options.env } });
}

describe("ordslab kernel install", () => {
  it("writes a kernelspec Jupyter finds under --prefix", async () => {
    const prefix = mkdtempSync(join(tmpdir(), "ordslab-prefix-"));
    const result = await ordslab(["kernel", "install", "--prefix", prefix]);
    const file = join(prefix, "share", "jupyter", "kernels", "ordslab", "kernel.json");
    const spec = JSON.parse(readFileSync(file, "utf8")) as { argv: string[]; language: string };

    expect(result.code).toBe(0);
    expect(spec.argv[0]).toBe(process.execPath);
    expect(spec.argv[1]).toBe(join(ROOT, "node_modules", "tslab", "bin", "tslab"));
    expect(spec.argv.slice(2)).toEqual(["kernel", "--config-path", "{connection_file}"]);
    expect(spec.language).toBe("typescript");

    // The Python that runs `jupyter`, which has jupyter_client; another python3 may not.
    const jupyterScript = spawnSync("which", ["jupyter"], { encoding: "utf8" }).stdout.trim();
    const python = readFileSync(jupyterScript, "utf8").split("\n")[0]?.replace(/^#!\s*/, "").trim() ?? "python3";
    const found = spawnSync(python, ["-c", "from jupyter_client.kernelspec import KernelSpecManager as M; print(M().find_kernel_specs()['ordslab'])"], {
      encoding: "utf8",
      env: { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") },
    });
    expect(found.stdout.trim()).toBe(join(prefix, "share", "jupyter", "kernels", "ordslab"));
  });

  it("installs into the user's Jupyter data folder", async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), "ordslab-jupyter-data-"));
    const result = await ordslab(["kernel", "install"], { env: { JUPYTER_DATA_DIR: dataDirectory } });

    expect(result.code).toBe(0);
    expect(existsSync(join(dataDirectory, "kernels", "ordslab", "kernel.json"))).toBe(true);
  });
});

describe("ordslab import", () => {
  it("imports several files and reports each", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "ordslab-import-"));
    const result = await ordslab(["import", join(REPRO, "01_bom.csv"), join(REPRO, "02_multiline_comment.csv")], { cwd });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("01_bom.csv (CSV): 1 record read");
    expect(result.stdout).toContain("02_multiline_comment.csv (CSV): 2 records read");
    expect(result.stderr).toBe("");
    expect(existsSync(join(cwd, "var", "ordslab.sqlite"))).toBe(true);
  });

  it("explains an ambiguous date order", async () => {
    const result = await ordslab(["import", join(REPRO, "03_excel_resaved_dayfirst.csv")]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ordslab import: Cannot tell the date order/);
    expect(result.stderr).toContain("--date-order dmy");
  });

  it("imports with --date-order", async () => {
    const result = await ordslab(["import", "--date-order", "dmy", join(REPRO, "03_excel_resaved_dayfirst.csv")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("inserted:  1");
  });

  it("rejects a missing file and an invalid option", async () => {
    const missing = await ordslab(["import", "/nonexistent/export.csv"]);
    const invalid = await ordslab(["import", "--date-order", "ymd", join(REPRO, "01_bom.csv")]);
    const none = await ordslab(["import"]);

    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("/nonexistent/export.csv");
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('invalid --date-order "ymd": use dmy or mdy');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("missing FILE");
  });
});

describe("ordslab serve", () => {
  it("names the port when it is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const cwd = mkdtempSync(join(tmpdir(), "ordslab-serve-"));
      const result = await ordslab(["serve", "--port", String(port)], { cwd });

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });
});

describe("ordslab setup", () => {
  it("keeps an existing .env and writes a new one with mode 0600", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "ordslab-setup-"));
    const first = await ordslab(["setup"], { cwd });
    const env = readFileSync(join(cwd, ".env"), "utf8");
    const { statSync } = await import("node:fs");

    expect(first.code).toBe(0);
    expect(first.stdout).toContain("credentials generated");
    expect(statSync(join(cwd, ".env")).mode & 0o777).toBe(0o600);
    expect(first.stdout).not.toContain(/ORDS_CLIENT_SECRET=(.*)/.exec(env)?.[1] ?? "none");

    writeFileSync(join(cwd, ".env"), `${env}# a line of the user's\n`);
    const second = await ordslab(["setup"], { cwd });
    expect(second.stdout).toContain("credentials kept from .env");
    expect(readFileSync(join(cwd, ".env"), "utf8")).toBe(`${env}# a line of the user's\n`);
  });
});

describe("ordslab setup with half the credentials", () => {
  it("replaces both credential lines and keeps the rest", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "ordslab-setup-"));
    writeFileSync(join(cwd, ".env"), "# mine\nORDS_CLIENT_ID=my-old-client-id..\nOTHER=kept\n");
    const result = await ordslab(["setup"], { cwd });
    const text = readFileSync(join(cwd, ".env"), "utf8");
    const ids = [...text.matchAll(/^ORDS_CLIENT_ID=(.*)$/gm)].map((match) => match[1]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("credentials generated");
    expect(ids).toHaveLength(1);
    expect(ids[0]).not.toBe("my-old-client-id..");
    expect(text).toMatch(/^ORDS_CLIENT_SECRET=\S+$/m);
    expect(text).toContain("# mine\n");
    expect(text).toContain("OTHER=kept\n");

    const again = await ordslab(["setup"], { cwd });
    expect(again.stdout).toContain("credentials kept from .env");
  });
});

describe("ordslab help and ords-sql", () => {
  it("prints usage and exits 2 without a command", async () => {
    const result = await ordslab([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("Usage: ordslab <command>");
  });

  it("prints the PL/SQL block", async () => {
    const result = await ordslab(["ords-sql"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("OAUTH.CREATE_CLIENT(");
  });
});
