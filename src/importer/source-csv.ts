import { createReadStream } from "node:fs";
import { CsvError, parse, type Info } from "csv-parse";
import { findExportColumn } from "./columns.js";
import { ImportError } from "./errors.js";
import { unreadable } from "./probe.js";
import type { Source, SourceRecord } from "./source.js";

const SEPARATORS = [",", ";", "\t"] as const;
const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Opens a CSV export for streaming, with the separator detected from the header line.
 *
 * The separator is the one of `,`, `;` and tab that splits `firstLine` into the most known
 * column names. Files separated by `;` or tab read numbers with a decimal comma (`4,9`), as
 * spreadsheets in European locales write them. Parsing follows RFC 4180 through csv-parse, strips
 * a UTF-8 byte-order mark, accepts CRLF and LF, and skips empty lines and rows whose fields are
 * all empty.
 *
 * @throws ImportError NO_HEADER when the first line names no known column. The record stream
 *   throws INVALID_CSV for broken quoting and FILE_UNREADABLE for read errors.
 */
export function openCsvSource(file: string, firstLine: string): Source {
  const separator = detectSeparator(file, firstLine);
  const header = splitHeader(firstLine, separator);
  return {
    format: "csv",
    header,
    context: { decimalComma: separator !== "," },
    records: readCsvRecords(file, separator, header),
  };
}

function detectSeparator(file: string, firstLine: string): string {
  let best: { separator: string; known: number } = { separator: ",", known: 0 };
  for (const separator of SEPARATORS) {
    const known = splitHeader(firstLine, separator).filter((name) => findExportColumn(name)).length;
    if (known > best.known) {
      best = { separator, known };
    }
  }
  if (best.known === 0) {
    throw new ImportError(
      "NO_HEADER",
      `Cannot import ${file}: the first line ${JSON.stringify(firstLine.slice(0, 80))} names no check-in ` +
        `column such as beer_name or checkin_id. Import the file as Untappd exported it, or add the header line.`,
    );
  }
  return best.separator;
}

function splitHeader(firstLine: string, separator: string): string[] {
  return firstLine.split(separator).map((name) => name.trim().replace(/^"(.*)"$/, "$1"));
}

async function* readCsvRecords(file: string, separator: string, header: readonly string[]): AsyncGenerator<SourceRecord> {
  const input = createReadStream(file);
  const parser = parse({
    bom: true,
    delimiter: separator,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  input.on("error", (error) => parser.destroy(unreadable(file, error)));
  input.pipe(parser);

  // csv-parse 6.2 reports the wrong line count after a CRLF inside a quoted field, so the start line of each record
  // is counted here from the records, the line breaks inside their fields and the empty lines.
  let recordsBefore = 0;
  let breaksBefore = 0;
  let startLine = 1;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      startLine = 1 + recordsBefore + breaksBefore + item.info.empty_lines;
      recordsBefore += 1;
      breaksBefore += countLineBreaks(item.record);
      const isHeader = recordsBefore === 1;
      if (!isHeader && !isBlank(item.record)) {
        yield toSourceRecord(item.record, header, startLine);
      }
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw new ImportError(
        "INVALID_CSV",
        `Cannot parse ${file} after the record that starts on line ${startLine}: ${error.message}. ` +
          `Check the quotes around that record, or export the check-ins again.`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    input.destroy();
  }
}

function toSourceRecord(values: string[], header: readonly string[], line: number): SourceRecord {
  const fields: Record<string, string> = {};
  header.forEach((name, index) => {
    const value = values[index];
    if (value !== undefined) {
      fields[name] = value;
    }
  });
  if (values.length === header.length) {
    return { line, fields };
  }
  return { line, fields, problem: `the record has ${values.length} fields, but the header has ${header.length}` };
}

function countLineBreaks(values: readonly string[]): number {
  let count = 0;
  for (const value of values) {
    count += value.match(LINE_BREAK)?.length ?? 0;
  }
  return count;
}

function isBlank(values: readonly string[]): boolean {
  return values.every((value) => value.trim() === "");
}
