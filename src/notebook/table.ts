import type { DataFrame } from "danfojs-node";
import { formatWallClock } from "../frame/columns.js";
import { escapeHtml, type MimeBundle } from "./kernel.js";

export interface TableOptions {
  /** Rows shown from each end of a long frame; 5 by default, so at most 10 rows show. */
  edgeRows?: number;
  /** Characters shown of a long text value; 80 by default. */
  maxTextLength?: number;
}

/**
 * Builds the MIME bundle of a DataFrame: an escaped HTML table with its shape, and a
 * `text/plain` twin. A frame longer than twice `edgeRows` shows its first and last rows
 * around a `…` row.
 */
export function frameBundle(frame: DataFrame, options: TableOptions = {}): MimeBundle {
  const edge = options.edgeRows ?? 5;
  const maxText = options.maxTextLength ?? 80;
  const [rowCount, columnCount] = frame.shape as [number, number];
  const columns = frame.columns;
  const indexes = rowCount > edge * 2 ? [...range(0, edge), -1, ...range(rowCount - edge, rowCount)] : range(0, rowCount);
  const values = frame.values as unknown[][];
  const labels = frame.index as (string | number)[];

  const cell = (row: number, column: number): string => formatCell(values[row]?.[column], maxText) ?? "null";
  // Missing values show as a grey "null", so an empty string and a missing value look different.
  const htmlCell = (row: number, column: number): string => {
    const text = formatCell(values[row]?.[column], maxText);
    return text === undefined ? '<td style="color:#999">null</td>' : `<td>${escapeHtml(text)}</td>`;
  };
  const shape = `${rowCount} rows × ${columnCount} columns`;

  const header = `<tr><th></th>${columns.map((name) => `<th>${escapeHtml(name)}</th>`).join("")}</tr>`;
  const body = indexes
    .map((row) =>
      row === -1
        ? `<tr><th>…</th>${columns.map(() => "<td>…</td>").join("")}</tr>`
        : `<tr><th>${escapeHtml(String(labels[row]))}</th>${columns.map((_, column) => htmlCell(row, column)).join("")}</tr>`,
    )
    .join("");
  const html =
    `<div class="ordslab-frame"><table class="dataframe" border="1">` +
    `<thead>${header}</thead><tbody>${body}</tbody></table><p>${shape}</p></div>`;

  const textRows = indexes.map((row) =>
    row === -1 ? "…" : `${String(labels[row])}  ${columns.map((_, column) => cell(row, column)).join("  ")}`,
  );
  const text = [columns.join("  "), ...textRows, shape].join("\n");
  return { "text/html": html, "text/plain": text };
}

/** Formats a value for a table cell, or returns `undefined` for a missing value. */
function formatCell(value: unknown, maxText: number): string | undefined {
  if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) {
    return undefined;
  }
  const text = value instanceof Date ? formatWallClock(value) : String(value);
  const oneLine = text.replace(/\r?\n/g, " ⏎ ");
  return oneLine.length > maxText ? `${oneLine.slice(0, maxText - 1)}…` : oneLine;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, index) => start + index);
}
