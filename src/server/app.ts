import { createHash } from "node:crypto";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from "fastify";
import type Database from "better-sqlite3";
import { HandlerQuery, MAX_ROWS } from "./collection.js";
import type { HandlerDefinition, OrdsDefinitions } from "./definitions.js";
import { OAuthStore } from "./oauth-store.js";
import { oracleTypeName } from "./oracle-types.js";
import { sendProblem } from "./problem.js";
import { FilterError, type CompiledFilter } from "./q-filter.js";
import { resolveRoute, type ResolvedRoute } from "./routing.js";
import { isAuthorised, protectingPrivileges } from "./security.js";
import { registerSqlEndpoint } from "./sql-endpoint.js";
import { registerTokenEndpoint } from "./token-endpoint.js";

/** The catalog that describes each resource, behind its `describedby` link. */
const CATALOG_PREFIX = "/metadata-catalog/";

export interface ServerOptions {
  db: Database.Database;
  definitions: OrdsDefinitions;
  /**
   * A pino logger, or Fastify's logger option; `false` (the default) turns logging off.
   * Authorization headers are redacted from option-built loggers; give an instance its own `redact`.
   */
  logger?: FastifyServerOptions["logger"] | FastifyBaseLogger;
  /** The clock, in milliseconds since the epoch; tests replace it. */
  now?: () => number;
}

export interface OrdsServer {
  app: FastifyInstance;
  store: OAuthStore;
}

/**
 * Builds the ORDS-compatible dev server: the token endpoint, and every published module's
 * GET handlers under `/ords/<alias>/`, protected by the privileges of the definitions.
 */
export function buildServer(options: ServerOptions): OrdsServer {
  const logging = isLoggerInstance(options.logger)
    ? { loggerInstance: options.logger }
    : { logger: withRedaction(options.logger ?? false) };
  const app = Fastify({
    ...logging,
    requestIdHeader: false,
    // A malformed URL gets an ORDS problem document like every other 400.
    frameworkErrors: (error, request, reply) => {
      sendProblem(request, reply, "BadRequest", error.message);
    },
    // Stopping the server also destroys open connections, so close() does not wait on idle keep-alive clients.
    forceCloseConnections: true,
    genReqId: () => createHash("sha256").update(`${process.hrtime.bigint()}${Math.random()}`).digest("hex").slice(0, 16),
  });
  const store = new OAuthStore(options.db, options.now);
  const alias = options.definitions.schemaAlias;
  const queries = new Map<HandlerDefinition, HandlerQuery>();

  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  registerTokenEndpoint(app, alias, store);
  registerSqlEndpoint(app, alias, options.db, store);

  app.get(`/ords/${alias}/*`, async (request, reply) => {
    const fullPath = `/${(request.params as { "*": string })["*"]}`;
    const isCatalog = fullPath.startsWith(CATALOG_PREFIX);
    const path = isCatalog ? fullPath.slice(CATALOG_PREFIX.length - 1) : fullPath;
    const route = resolveRoute(options.definitions, path, "GET");
    if (route === undefined || route.handler === undefined) {
      return sendProblem(request, reply, "NotFound");
    }
    if (!authorise(request, route, options.definitions, store)) {
      return sendProblem(request, reply, "Unauthorized");
    }

    let query = queries.get(route.handler);
    if (query === undefined) {
      query = new HandlerQuery(options.db, route.handler);
      queries.set(route.handler, query);
    }
    if (isCatalog) {
      return sendJson(request, reply, describeHandler(request, route, query));
    }
    return route.handler.sourceType === "json/item"
      ? sendItem(request, reply, route, query)
      : sendCollection(request, reply, route, query);
  });

  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, "NotFound"));
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error.statusCode !== undefined && error.statusCode < 500) {
      return sendProblem(request, reply, "BadRequest", error.message);
    }
    request.log.error({ err: error }, "request failed");
    return sendProblem(request, reply, "InternalServerError");
  });

  return { app, store };
}

function isLoggerInstance(logger: unknown): logger is FastifyBaseLogger {
  return typeof logger === "object" && logger !== null && typeof (logger as FastifyBaseLogger).child === "function";
}

function withRedaction(logger: FastifyServerOptions["logger"]): FastifyServerOptions["logger"] {
  if (logger === false || logger === undefined) {
    return false;
  }
  const base = logger === true ? {} : logger;
  return { ...base, redact: ["req.headers.authorization", "req.headers.cookie", "req.body"] } as FastifyServerOptions["logger"];
}

function authorise(request: FastifyRequest, route: ResolvedRoute, definitions: OrdsDefinitions, store: OAuthStore): boolean {
  const privileges = protectingPrivileges(definitions, route.module.name, route.pathBelowAlias);
  if (privileges.length === 0) {
    return true;
  }

  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  const grant = bearer === null ? undefined : store.verifyToken(bearer[1] as string);
  if (grant === undefined) {
    request.log.info({ reason: bearer === null ? "no bearer token" : "unknown or expired token" }, "request unauthorised");
    return false;
  }
  if (!isAuthorised(privileges, grant.roles)) {
    request.log.info({ client: grant.clientName }, "request unauthorised: client lacks a role the privilege requires");
    return false;
  }
  return true;
}

function sendCollection(request: FastifyRequest, reply: FastifyReply, route: ResolvedRoute, query: HandlerQuery): FastifyReply {
  const parameters = request.query as Record<string, string | undefined>;
  const pageSize = route.handler?.itemsPerPage ?? route.module.itemsPerPage;

  const limit = pageSize === 0 ? 0 : parseCount(parameters.limit, pageSize);
  const offset = pageSize === 0 ? 0 : parseCount(parameters.offset, 0);
  if (limit === undefined || offset === undefined) {
    return sendProblem(request, reply, "BadRequest", "limit and offset must be whole numbers of 0 or more");
  }

  let filter: CompiledFilter | undefined;
  try {
    filter = parameters.q === undefined ? undefined : query.compileFilter(parameters.q);
  } catch (error) {
    if (error instanceof FilterError) {
      return sendProblem(request, reply, "BadRequest", error.message);
    }
    throw error;
  }

  const effectiveLimit = limit === 0 ? pageSize : Math.min(limit, MAX_ROWS);
  const page = query.page({ limit: effectiveLimit, offset, binds: route.binds, filter });
  const links = collectionLinks(request, route, { limit: effectiveLimit, pageSize, offset, hasMore: page.hasMore, q: parameters.q });

  return sendJson(request, reply, {
    items: page.items,
    hasMore: page.hasMore,
    limit: effectiveLimit,
    offset,
    count: page.items.length,
    links,
  });
}

function sendItem(request: FastifyRequest, reply: FastifyReply, route: ResolvedRoute, query: HandlerQuery): FastifyReply {
  const item = query.item(route.binds);
  if (item === undefined) {
    return sendProblem(request, reply, "NotFound");
  }

  const self = `${origin(request)}${request.url.split("?")[0]}`;
  return sendJson(request, reply, {
    ...item,
    links: [
      { rel: "self", href: self },
      { rel: "describedby", href: describedBy(request) },
    ],
  });
}

/**
 * Describes a handler's result in the shape of ORDS's metadata catalog: its columns as
 * `members` with Oracle type names, and a link back to the resource.
 */
function describeHandler(request: FastifyRequest, route: ResolvedRoute, query: HandlerQuery): Record<string, unknown> {
  const resource = `${origin(request)}${request.url.split("?")[0]?.replace("/metadata-catalog/", "/")}`;
  return {
    name: route.template.pattern,
    primarykey: [],
    members: query.columns.map((column) => ({ name: column.key, type: oracleTypeName(column.declaredType) })),
    links: [
      { rel: "describes", href: resource },
      { rel: "canonical", href: `${origin(request)}${request.url.split("?")[0]}`, mediaType: "application/json" },
    ],
  };
}

/** Sends JSON with a strong ETag (a quoted Base64 SHA-256 of the body), or 304 when If-None-Match matches it. */
function sendJson(request: FastifyRequest, reply: FastifyReply, body: unknown): FastifyReply {
  const text = JSON.stringify(body);
  const etag = `"${createHash("sha256").update(text).digest("base64")}"`;
  reply.header("etag", etag);
  if (request.headers["if-none-match"] === etag) {
    return reply.code(304).send();
  }
  return reply.type("application/json").send(text);
}

interface LinkState {
  limit: number;
  pageSize: number;
  offset: number;
  hasMore: boolean;
  q: string | undefined;
}

function collectionLinks(request: FastifyRequest, route: ResolvedRoute, state: LinkState): { rel: string; href: string }[] {
  const base = `${origin(request)}${request.url.split("?")[0]}`;
  const href = (offset: number | undefined): string => {
    const search = new URLSearchParams();
    if (state.q !== undefined) {
      search.set("q", state.q);
    }
    if (state.limit !== state.pageSize && state.pageSize !== 0) {
      search.set("limit", String(state.limit));
    }
    if (offset !== undefined && offset > 0) {
      search.set("offset", String(offset));
    }
    const text = search.toString();
    return text === "" ? base : `${base}?${text}`;
  };

  const links = [
    { rel: "self", href: href(state.offset) },
    { rel: "describedby", href: describedBy(request) },
    { rel: "first", href: href(undefined) },
  ];
  if (state.offset > 0 && state.limit > 0) {
    links.push({ rel: "prev", href: href(Math.max(0, state.offset - state.limit)) });
  }
  if (state.hasMore) {
    links.push({ rel: "next", href: href(state.offset + state.limit) });
  }
  return links;
}

/** Returns the catalog URL of a resource, built from the raw request path so percent-escapes stay as sent. */
function describedBy(request: FastifyRequest): string {
  const rawPath = request.url.split("?")[0] ?? "";
  const aliasRoot = rawPath.split("/").slice(0, 3).join("/");
  return `${origin(request)}${aliasRoot}/metadata-catalog${rawPath.slice(aliasRoot.length)}`;
}

function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function parseCount(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined || value === "") {
    return fallback;
  }
  return /^\d+$/.test(value) ? Number(value) : undefined;
}
