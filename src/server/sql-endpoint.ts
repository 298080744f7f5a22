import type Database from "better-sqlite3";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { MAX_ROWS, toOrdsDate } from "./collection.js";
import { oracleTypeName } from "./oracle-types.js";
import type { OAuthStore } from "./oauth-store.js";
import { sendProblem } from "./problem.js";
import { splitStatements, type ScriptStatement } from "./sql-script.js";

/** The role ORDS requires for REST-enabled SQL through an OAuth client. */
export const SQL_ROLE = "SQL Developer";

interface SqlRequest {
  statementText: string;
  offset: number;
  limit: number;
  binds: Record<string, unknown> | unknown[];
}

interface ColumnMetadata {
  columnName: string;
  jsonColumnName: string;
  columnTypeName: string;
  precision: number;
  scale: number;
  isNullable: number;
}

/**
 * Registers `POST /ords/<alias>/_/sql`, REST-enabled SQL for ad hoc queries. It takes the
 * script as `application/sql` text or as JSON (`statementText`, `offset`, `limit`, `binds`)
 * and returns one item per statement, as ORDS does. The dev server runs queries only:
 * a statement that would change data gets an error item.
 */
export function registerSqlEndpoint(app: FastifyInstance, alias: string, db: Database.Database, store: OAuthStore): void {
  app.addContentTypeParser("application/sql", { parseAs: "string" }, (_request, body, done) => done(null, body));

  app.post(`/ords/${alias}/_/sql`, async (request, reply) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
    const grant = bearer === null ? undefined : store.verifyToken(bearer[1] as string);
    if (grant === undefined || !grant.roles.includes(SQL_ROLE)) {
      request.log.info({ client: grant?.clientName }, `REST-enabled SQL unauthorised: needs a token of a client with role ${SQL_ROLE}`);
      return sendProblem(request, reply, "Unauthorized");
    }

    const parsed = parseSqlRequest(request);
    if (typeof parsed === "string") {
      return sendProblem(request, reply, "BadRequest", parsed);
    }

    const statements = splitStatements(parsed.statementText);
    const items = statements.map((statement, index) => runStatement(db, statement, index + 1, parsed));
    return reply.type("application/json").send({ env: { defaultTimeZone: "UTC" }, items });
  });
}

function parseSqlRequest(request: FastifyRequest): SqlRequest | string {
  const contentType = request.headers["content-type"] ?? "";
  if (contentType.startsWith("application/sql")) {
    return { statementText: String(request.body ?? ""), offset: 0, limit: MAX_ROWS, binds: {} };
  }
  if (!contentType.startsWith("application/json")) {
    return "send the script as application/sql, or as application/json with a statementText member";
  }

  const body = request.body as Record<string, unknown> | null;
  if (typeof body?.statementText !== "string" || body.statementText.trim() === "") {
    return "missing statementText: the JSON body needs the SQL text in statementText";
  }
  const offset = body.offset ?? 0;
  const limit = body.limit ?? MAX_ROWS;
  if (!isCount(offset) || !isCount(limit)) {
    return "offset and limit must be whole numbers of 0 or more";
  }
  return { statementText: body.statementText, offset, limit: Math.min(limit === 0 ? MAX_ROWS : limit, MAX_ROWS), binds: parseBinds(body.binds) };
}

function runStatement(db: Database.Database, statement: ScriptStatement, statementId: number, request: SqlRequest): Record<string, unknown> {
  const base = {
    statementId,
    statementType: "query",
    statementPos: { startLine: statement.startLine, endLine: statement.endLine },
    statementText: statement.text,
  };

  // NOTE: a guard by name, not a permission system: it keeps client secrets' hashes and
  // tokens' hashes out of ad hoc queries; SQLite offers no per-table grants.
  if (/ords_oauth/i.test(statement.text)) {
    return { ...base, response: [], result: 0, ...errorMembers("the server's OAuth tables are not available to REST-enabled SQL", statement.startLine) };
  }

  try {
    const prepared = db.prepare(statement.text);
    // `readonly` comes from sqlite3_stmt_readonly: it is false for INSERT, UPDATE and DELETE,
    // also with RETURNING, which makes them readers too.
    if (!prepared.reader || !prepared.readonly) {
      return { ...base, statementType: "other", response: [], result: 0, ...errorMembers("the dev server runs queries only (SELECT or WITH); this statement would change data", 1) };
    }

    const rows = (prepared.raw(true).all(request.binds) as unknown[][]).slice(request.offset, request.offset + request.limit + 1);
    const hasMore = rows.length > request.limit;
    const page = hasMore ? rows.slice(0, request.limit) : rows;
    const metadata = describeColumns(prepared, page);
    const dateColumns = metadata.map((column) => column.columnTypeName === "DATE");
    const items = page.map((row) =>
      Object.fromEntries(metadata.map((column, index) => {
        const value = row[index] ?? null;
        return [column.jsonColumnName, dateColumns[index] && typeof value === "string" ? toOrdsDate(value) : value];
      })),
    );

    return {
      ...base,
      resultSet: { metadata, items, hasMore, limit: request.limit, offset: request.offset, count: items.length },
      response: [],
      result: 0,
    };
  } catch (error) {
    return { ...base, response: [], result: 0, ...errorMembers((error as Error).message, statement.startLine) };
  }
}

function errorMembers(message: string, line: number): Record<string, unknown> {
  return { errorCode: 17_000, errorLine: line, errorColumn: 1, errorMessage: message, errorDetails: message };
}

/** Describes result columns the way REST-enabled SQL does, with Oracle type names. */
function describeColumns(statement: Database.Statement, rows: unknown[][]): ColumnMetadata[] {
  return statement.columns().map((column, index) => {
    const sample = rows.find((row) => row[index] !== null && row[index] !== undefined)?.[index];
    const typeName = oracleTypeName(column.type, sample);
    return {
      columnName: column.name.toUpperCase(),
      jsonColumnName: column.name.toLowerCase(),
      columnTypeName: typeName,
      precision: 0,
      scale: typeName === "NUMBER" && column.type?.toUpperCase() === "INTEGER" ? 0 : -127,
      isNullable: 1,
    };
  });
}

function parseBinds(binds: unknown): Record<string, unknown> | unknown[] {
  if (!Array.isArray(binds)) {
    return {};
  }
  const named: Record<string, unknown> = {};
  const positional: unknown[] = [];
  for (const bind of binds as { name?: unknown; index?: unknown; value?: unknown }[]) {
    if (typeof bind.name === "string") {
      named[bind.name.replace(/^:/, "")] = bind.value ?? null;
    } else if (typeof bind.index === "number") {
      positional[bind.index - 1] = bind.value ?? null;
    }
  }
  return positional.length > 0 ? positional : named;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

