import type { ColumnSpec, ColumnType } from "../frame/columns.js";
import type { OrdsClient } from "./client.js";
import { OrdsError, redactUrl } from "./errors.js";
import { httpError } from "./response.js";

/** Column metadata of a REST-enabled SQL result set, as ORDS sends it. */
export interface SqlColumnMetadata {
  columnName: string;
  jsonColumnName: string;
  columnTypeName: string;
  precision?: number;
  scale?: number;
  isNullable?: number;
}

export interface SqlResult<T = Record<string, unknown>> {
  /** Every row of the first query of the script, all pages fetched. */
  rows: T[];
  /** The result's columns with frame types from the metadata, for `toDataFrame(rows, { columns })`. */
  columns: ColumnSpec[];
  metadata: SqlColumnMetadata[];
  /** Requests made: one per page of the result. */
  requests: number;
}

export interface SqlOptions {
  /** Rows per request; 10,000 (ORDS's usual maximum) by default. */
  pageSize?: number;
  /** Bind values by name (`:name` in the SQL) or by position. */
  binds?: Record<string, string | number | boolean | null> | (string | number | boolean | null)[];
  signal?: AbortSignal;
}

interface SqlItem {
  statementText?: string;
  statementPos?: { startLine?: number };
  resultSet?: { metadata?: SqlColumnMetadata[]; items?: Record<string, unknown>[]; hasMore?: boolean };
  errorCode?: number;
  errorMessage?: string;
}

/**
 * Runs an ad hoc query through REST-enabled SQL (`POST <schema URL>/_/sql`) and returns the
 * rows of its first result set, with every page fetched, and column types from ORDS's
 * metadata. Throws OrdsError when a statement fails, naming the line and the server's message.
 */
export async function runSql<T = Record<string, unknown>>(client: OrdsClient, statementText: string, options: SqlOptions = {}): Promise<SqlResult<T>> {
  if (typeof statementText !== "string" || statementText.trim() === "") {
    throw new TypeError("sql() needs the text of a query, such as sql(\"select count(*) from checkins\")");
  }

  const pageSize = options.pageSize ?? 10_000;
  const binds = toBindList(options.binds);
  const rows: T[] = [];
  let metadata: SqlColumnMetadata[] = [];
  let requests = 0;

  // The offset is the number of rows received so far: a server may return fewer than pageSize per page.
  for (;;) {
    const offset = rows.length;
    const body = JSON.stringify({ statementText, offset, limit: pageSize, ...(binds.length > 0 ? { binds } : {}) });
    const response = await client.request<{ items?: SqlItem[] }>("_/sql", { method: "POST", body, contentType: "application/json", signal: options.signal });
    requests += 1;
    if (!response.ok) {
      const hint = response.status === 401 ? "REST-enabled SQL needs an OAuth client granted the SQL Developer role" : undefined;
      throw httpError(response, hint);
    }

    const item = firstResult(response.body?.items, response.url);
    metadata = item.resultSet?.metadata ?? metadata;
    const items = (item.resultSet?.items ?? []) as T[];
    rows.push(...items);
    if (item.resultSet?.hasMore !== true || items.length === 0) {
      break;
    }
  }

  return { rows, columns: metadata.map(toColumnSpec), metadata, requests };
}

function firstResult(items: SqlItem[] | undefined, url: string): SqlItem {
  if (!Array.isArray(items) || items.length === 0) {
    throw new OrdsError("ORDS_INVALID_RESPONSE", `POST ${redactUrl(url)} returned no statement results`, { method: "POST", url: redactUrl(url) });
  }

  const failed = items.find((item) => item.errorCode !== undefined || item.errorMessage !== undefined);
  if (failed !== undefined) {
    const line = failed.statementPos?.startLine ?? 1;
    throw new OrdsError("ORDS_SQL_ERROR", `SQL statement at line ${line} failed: ${failed.errorMessage ?? `error ${failed.errorCode}`}`, {
      method: "POST",
      url: redactUrl(url),
      problemCode: failed.errorCode === undefined ? undefined : String(failed.errorCode),
    });
  }

  const query = items.find((item) => item.resultSet !== undefined);
  if (query === undefined) {
    throw new OrdsError("ORDS_INVALID_RESPONSE", `the script sent to ${redactUrl(url)} has no query: sql() returns the rows of a SELECT`, { method: "POST", url: redactUrl(url) });
  }
  return query;
}

/** Maps an Oracle type name to a frame column type. */
export function frameTypeOf(columnTypeName: string, scale?: number): ColumnType {
  const type = columnTypeName.toUpperCase();
  if (type.startsWith("DATE") || type.startsWith("TIMESTAMP")) {
    return "datetime";
  }
  if (type === "NUMBER" || type.startsWith("BINARY_") || type === "FLOAT" || type === "INTEGER") {
    return scale === 0 || type === "INTEGER" ? "integer" : "number";
  }
  if (type === "BOOLEAN") {
    return "boolean";
  }
  return "string";
}

function toColumnSpec(column: SqlColumnMetadata): ColumnSpec {
  return { name: column.jsonColumnName ?? column.columnName.toLowerCase(), type: frameTypeOf(column.columnTypeName, column.scale) };
}

function toBindList(binds: SqlOptions["binds"]): Record<string, unknown>[] {
  if (binds === undefined) {
    return [];
  }
  if (Array.isArray(binds)) {
    return binds.map((value, index) => ({ index: index + 1, data_type: bindType(value), value }));
  }
  return Object.entries(binds).map(([name, value]) => ({ name, data_type: bindType(value), value }));
}

function bindType(value: unknown): string {
  return typeof value === "number" ? "NUMBER" : "VARCHAR2";
}
