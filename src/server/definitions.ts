import { readFileSync } from "node:fs";

/** A GET handler of a template, as `ORDS.DEFINE_HANDLER` creates it. */
export interface HandlerDefinition {
  method: "GET";
  sourceType: "json/collection" | "json/item";
  /** Items per page; `null` inherits the module's value and 0 turns paging off. */
  itemsPerPage: number | null;
  source: string;
}

/** A URI template of a module; `:name` segments become bind parameters. */
export interface TemplateDefinition {
  pattern: string;
  handlers: HandlerDefinition[];
}

export interface ModuleDefinition {
  name: string;
  basePath: string;
  itemsPerPage: number;
  published: boolean;
  templates: TemplateDefinition[];
}

export interface PrivilegeDefinition {
  name: string;
  label: string | null;
  roles: string[];
  modules: string[];
  patterns: string[];
}

export interface ClientDefinition {
  name: string;
  tokenDurationSeconds: number;
  roles: string[];
}

/** The ORDS objects of one REST-enabled schema, as the dev server serves them. */
export interface OrdsDefinitions {
  schemaAlias: string;
  modules: ModuleDefinition[];
  roles: string[];
  privileges: PrivilegeDefinition[];
  clients: ClientDefinition[];
}

interface Call {
  call: string;
  args: Record<string, unknown>;
}

/** The default token lifetime of ORDS, in seconds. */
const DEFAULT_TOKEN_SECONDS = 3600;

/**
 * Reads a definitions file: a JSON object whose `calls` list mirrors the ORDS and OAUTH
 * PL/SQL calls one for one.
 *
 * Throws an Error naming the file, the call's position and the invalid argument.
 */
export function loadDefinitions(file: string): OrdsDefinitions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read ORDS definitions from ${file}: ${(error as Error).message}`, { cause: error });
  }

  const calls = (parsed as { calls?: unknown }).calls;
  if (!Array.isArray(calls)) {
    throw new Error(`invalid ORDS definitions in ${file}: expected an object with a "calls" array`);
  }

  return buildDefinitions(calls as Call[], file);
}

/** Applies the calls in order, the way a PL/SQL script would run them. */
export function buildDefinitions(calls: Call[], source = "definitions"): OrdsDefinitions {
  // ORDS predefines the role that REST-enabled SQL requires.
  const result: OrdsDefinitions = { schemaAlias: "", modules: [], roles: ["SQL Developer"], privileges: [], clients: [] };

  calls.forEach((entry, index) => {
    const where = `${source}, call ${index + 1} (${String(entry?.call)})`;
    applyCall(result, entry, where);
  });

  if (result.schemaAlias === "") {
    throw new Error(`invalid ORDS definitions in ${source}: no ORDS.ENABLE_SCHEMA call sets p_url_mapping_pattern`);
  }
  return result;
}

function applyCall(result: OrdsDefinitions, entry: Call, where: string): void {
  const args = entry?.args ?? {};
  const text = (name: string): string => requireText(args, name, where);

  switch (entry?.call) {
    case "ORDS.ENABLE_SCHEMA":
      result.schemaAlias = text("p_url_mapping_pattern");
      return;
    case "ORDS.DEFINE_MODULE":
      result.modules.push({
        name: text("p_module_name"),
        basePath: normaliseBasePath(text("p_base_path")),
        itemsPerPage: optionalCount(args, "p_items_per_page", where) ?? 25,
        published: (args.p_status ?? "PUBLISHED") === "PUBLISHED",
        templates: [],
      });
      return;
    case "ORDS.DEFINE_TEMPLATE":
      findModule(result, text("p_module_name"), where).templates.push({ pattern: text("p_pattern"), handlers: [] });
      return;
    case "ORDS.DEFINE_HANDLER":
      findTemplate(result, text("p_module_name"), text("p_pattern"), where).handlers.push(parseHandler(args, where));
      return;
    case "ORDS.CREATE_ROLE":
      result.roles.push(text("p_role_name"));
      return;
    case "ORDS.DEFINE_PRIVILEGE":
      result.privileges.push(parsePrivilege(result, args, where));
      return;
    case "OAUTH.CREATE_CLIENT":
      result.clients.push({
        name: text("p_name"),
        tokenDurationSeconds: optionalCount(args, "p_token_duration", where) ?? DEFAULT_TOKEN_SECONDS,
        roles: [],
      });
      return;
    case "OAUTH.GRANT_CLIENT_ROLE":
      grantClientRole(result, text("p_client_name"), text("p_role_name"), where);
      return;
    default:
      throw new Error(`unsupported call in ${where}: the dev server knows ORDS.ENABLE_SCHEMA, DEFINE_MODULE, ` +
        "DEFINE_TEMPLATE, DEFINE_HANDLER, CREATE_ROLE, DEFINE_PRIVILEGE, OAUTH.CREATE_CLIENT and GRANT_CLIENT_ROLE");
  }
}

function parseHandler(args: Record<string, unknown>, where: string): HandlerDefinition {
  const method = requireText(args, "p_method", where).toUpperCase();
  if (method !== "GET") {
    throw new Error(`invalid p_method in ${where}: ${JSON.stringify(method)}; the dev server serves GET handlers only`);
  }

  const sourceType = requireText(args, "p_source_type", where);
  if (sourceType !== "json/collection" && sourceType !== "json/item") {
    throw new Error(`invalid p_source_type in ${where}: ${JSON.stringify(sourceType)}; use json/collection or json/item`);
  }

  return {
    method,
    sourceType,
    itemsPerPage: optionalCount(args, "p_items_per_page", where),
    source: requireText(args, "p_source", where),
  };
}

function parsePrivilege(result: OrdsDefinitions, args: Record<string, unknown>, where: string): PrivilegeDefinition {
  const roles = textList(args, "p_roles", where);
  for (const role of roles) {
    if (!result.roles.includes(role)) {
      throw new Error(`unknown role ${JSON.stringify(role)} in ${where}: create it with ORDS.CREATE_ROLE first`);
    }
  }

  const modules = textList(args, "p_modules", where);
  for (const name of modules) {
    findModule(result, name, where);
  }

  return {
    name: requireText(args, "p_privilege_name", where),
    label: typeof args.p_label === "string" ? args.p_label : null,
    roles,
    modules,
    patterns: textList(args, "p_patterns", where),
  };
}

function grantClientRole(result: OrdsDefinitions, clientName: string, role: string, where: string): void {
  const client = result.clients.find((candidate) => candidate.name === clientName);
  if (client === undefined) {
    throw new Error(`unknown client ${JSON.stringify(clientName)} in ${where}: create it with OAUTH.CREATE_CLIENT first`);
  }
  if (!result.roles.includes(role)) {
    throw new Error(`unknown role ${JSON.stringify(role)} in ${where}: create it with ORDS.CREATE_ROLE first`);
  }
  client.roles.push(role);
}

function findModule(result: OrdsDefinitions, name: string, where: string): ModuleDefinition {
  const module = result.modules.find((candidate) => candidate.name === name);
  if (module === undefined) {
    throw new Error(`unknown module ${JSON.stringify(name)} in ${where}: define it with ORDS.DEFINE_MODULE first`);
  }
  return module;
}

function findTemplate(result: OrdsDefinitions, moduleName: string, pattern: string, where: string): TemplateDefinition {
  const template = findModule(result, moduleName, where).templates.find((candidate) => candidate.pattern === pattern);
  if (template === undefined) {
    throw new Error(`unknown template ${JSON.stringify(pattern)} in ${where}: define it with ORDS.DEFINE_TEMPLATE first`);
  }
  return template;
}

function normaliseBasePath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "/" : `/${trimmed}/`;
}

function requireText(args: Record<string, unknown>, name: string, where: string): string {
  const value = args[name];
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error(`missing or invalid ${name} in ${where}: expected a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalCount(args: Record<string, unknown>, name: string, where: string): number | null {
  const value = args[name];
  if (value === undefined || value === null) {
    return null;
  }
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new Error(`invalid ${name} in ${where}: expected a whole number of 0 or more, got ${JSON.stringify(value)}`);
  }
  return value;
}

function textList(args: Record<string, unknown>, name: string, where: string): string[] {
  const value = args[name];
  if (value === undefined || value === null) {
    return [];
  }
  const list = typeof value === "string" ? value.split(",") : value;
  if (!Array.isArray(list) || !list.every((item) => typeof item === "string")) {
    throw new Error(`invalid ${name} in ${where}: expected a list of names, got ${JSON.stringify(value)}`);
  }
  return list.map((item) => item.trim()).filter((item) => item !== "");
}
