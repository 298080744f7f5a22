import type Database from "better-sqlite3";
import type { HandlerDefinition } from "./definitions.js";
import { oracleTypeName } from "./oracle-types.js";
import { compileFilter, type CompiledFilter } from "./q-filter.js";

/** The largest page a client may request, as ORDS's `misc.pagination.maxRows` default. */
export const MAX_ROWS = 10_000;

/** A column of a handler's result, with the type SQLite declares for it. */
export interface ResultColumn {
  name: string;
  /** The JSON key: the column name in lower case, as ORDS writes unquoted names. */
  key: string;
  declaredType: string | null;
  isDate: boolean;
}

export interface PageRequest {
  limit: number;
  offset: number;
  binds: Record<string, string>;
  filter: CompiledFilter | undefined;
}

export interface PageResult {
  items: Record<string, unknown>[];
  hasMore: boolean;
}

/**
 * Runs the SQL of `json/collection` and `json/item` handlers against SQLite, the way ORDS
 * runs them against Oracle: the handler's query is wrapped, filtered by `q` and cut into
 * pages, and every page re-runs the query.
 */
export class HandlerQuery {
  readonly #db: Database.Database;
  readonly #source: string;
  readonly columns: ResultColumn[];

  constructor(db: Database.Database, handler: HandlerDefinition) {
    this.#db = db;
    this.#source = handler.source.trim().replace(/;\s*$/, "");
    this.columns = describeColumns(db.prepare(`SELECT * FROM (${this.#source})`));
  }

  /** Compiles a `q` parameter against this query's columns; throws a FilterError when invalid. */
  compileFilter(q: string): CompiledFilter {
    return compileFilter(q, this.columns);
  }

  /** Fetches one page, reading one row more than the limit to tell whether more rows follow. */
  page(request: PageRequest): PageResult {
    const where = request.filter?.where ? ` WHERE ${request.filter.where}` : "";
    const orderBy = request.filter?.orderBy ? ` ORDER BY ${request.filter.orderBy}` : "";
    const paging = request.limit > 0 ? " LIMIT :ordslab_limit OFFSET :ordslab_offset" : "";
    const sql = `SELECT * FROM (${this.#source})${where}${orderBy}${paging}`;

    const parameters: Record<string, unknown> = { ...request.binds, ...request.filter?.parameters };
    if (request.limit > 0) {
      parameters.ordslab_limit = request.limit + 1;
      parameters.ordslab_offset = request.offset;
    }

    const rows = this.#run(sql, parameters);
    const hasMore = request.limit > 0 && rows.length > request.limit;
    const pageRows = hasMore ? rows.slice(0, request.limit) : rows;
    return { items: pageRows.map((row) => this.#toItem(row)), hasMore };
  }

  /** Fetches the first row, or `undefined` when the query returns none. */
  item(binds: Record<string, string>): Record<string, unknown> | undefined {
    const rows = this.#run(`SELECT * FROM (${this.#source}) LIMIT 1`, binds);
    return rows[0] === undefined ? undefined : this.#toItem(rows[0]);
  }

  #run(sql: string, parameters: Record<string, unknown>): unknown[][] {
    const statement = this.#db.prepare(sql).raw(true);
    const used = Object.fromEntries(
      Object.entries(parameters).filter(([name]) => new RegExp(`[:@$]${name}\\b`).test(sql)),
    );
    return statement.all(used) as unknown[][];
  }

  #toItem(row: unknown[]): Record<string, unknown> {
    const item: Record<string, unknown> = {};
    this.columns.forEach((column, index) => {
      const value = row[index] ?? null;
      item[column.key] = column.isDate && typeof value === "string" ? toOrdsDate(value) : value;
    });
    return item;
  }
}

function describeColumns(statement: Database.Statement): ResultColumn[] {
  return statement.columns().map((column) => ({
    name: column.name,
    key: column.name.toLowerCase(),
    declaredType: column.type,
    isDate: oracleTypeName(column.type) === "DATE",
  }));
}

/**
 * Formats a stored `YYYY-MM-DD HH:MM:SS[.fff]` value as ORDS formats a DATE or TIMESTAMP:
 * ISO 8601 with a `Z`. Like ORDS, it adds the `Z` without converting, so a wall-clock time
 * keeps its digits.
 */
export function toOrdsDate(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?/.exec(value);
  if (match === null) {
    return value;
  }
  const fraction = match[3] === undefined ? "" : match[3].padEnd(4, "0").slice(0, 4);
  return `${match[1]}T${match[2]}${fraction}Z`;
}
