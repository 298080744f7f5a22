import { open } from "node:fs/promises";
import { ImportError } from "./errors.js";

/** Start of an export file, read to choose the format and the CSV separator. */
export interface FileProbe {
  format: "csv" | "json";
  /** The first non-empty line without a byte-order mark or line end; empty for JSON. */
  firstLine: string;
}

const PROBE_BYTES = 64 * 1024;
const BOM = "\ufeff";

/**
 * Reads the start of `file` and decides whether it is a JSON or a CSV export.
 *
 * A file whose first character after an optional UTF-8 byte-order mark and white space is `[`
 * or `{` is JSON. Everything else is CSV.
 *
 * @throws ImportError FILE_UNREADABLE when the file cannot be opened or read, and EMPTY_FILE
 *   when it contains nothing but white space.
 */
export async function probeFile(file: string): Promise<FileProbe> {
  const text = await readStart(file);
  const content = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  const trimmed = content.trimStart();
  if (trimmed === "") {
    throw new ImportError(
      "EMPTY_FILE",
      `Cannot import ${file}: the file is empty. Export the check-ins again from Untappd and import the new file.`,
    );
  }
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    return { format: "json", firstLine: "" };
  }
  const lineEnd = trimmed.search(/\r|\n/);
  return { format: "csv", firstLine: lineEnd === -1 ? trimmed : trimmed.slice(0, lineEnd) };
}

async function readStart(file: string): Promise<string> {
  try {
    const handle = await open(file, "r");
    try {
      const buffer = Buffer.alloc(PROBE_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, PROBE_BYTES, 0);
      return buffer.subarray(0, bytesRead).toString("utf8");
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw unreadable(file, error);
  }
}

/** Wraps a file-system error in an ImportError that names the file and the next step. */
export function unreadable(file: string, error: unknown): ImportError {
  const detail = error instanceof Error ? error.message : String(error);
  return new ImportError(
    "FILE_UNREADABLE",
    `Cannot read ${file}: ${detail}. Check that the path names an existing, readable export file.`,
    { cause: error },
  );
}
