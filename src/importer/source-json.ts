import { readFile } from "node:fs/promises";
import { ImportError } from "./errors.js";
import { unreadable } from "./probe.js";
import type { Source, SourceRecord } from "./source.js";

/**
 * Reads a JSON export: one array of flat objects, one per check-in row.
 *
 * Both export eras are accepted, the older one with every value a string and the newer one
 * with numbers as numbers. A record's line is its array index + 1. An element that is not an
 * object becomes a record with a problem, so the import rejects it. The header is the union of
 * the objects' keys in first-seen order.
 *
 * @throws ImportError FILE_UNREADABLE when the file cannot be read and INVALID_JSON when it is
 *   not valid JSON or not an array.
 */
export async function openJsonSource(file: string): Promise<Source> {
  const items = await readJsonArray(file);
  const header = new Set<string>();
  const records: SourceRecord[] = items.map((item, index) => {
    const line = index + 1;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      return { line, fields: {}, problem: `the array element is ${describeJson(item)}, not an object` };
    }
    const fields = item as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      header.add(key);
    }
    return { line, fields };
  });
  return { format: "json", header: [...header], context: { decimalComma: false }, records: toAsync(records) };
}

async function readJsonArray(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw unreadable(file, error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\ufeff/, ""));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ImportError(
      "INVALID_JSON",
      `Cannot parse ${file} as JSON: ${detail}. Import the file as Untappd exported it, or export it again.`,
      { cause: error },
    );
  }
  if (!Array.isArray(parsed)) {
    throw new ImportError(
      "INVALID_JSON",
      `Cannot import ${file}: the JSON is ${describeJson(parsed)}, but an Untappd export is an array of ` +
        `check-in objects. Import the file as Untappd exported it.`,
    );
  }
  return parsed;
}

function describeJson(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

async function* toAsync<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) {
    yield item;
  }
}
