import type { HandlerDefinition, ModuleDefinition, OrdsDefinitions, TemplateDefinition } from "./definitions.js";

/** A request path resolved to a module, template and handler, with the template's binds. */
export interface ResolvedRoute {
  module: ModuleDefinition;
  template: TemplateDefinition;
  handler: HandlerDefinition | undefined;
  binds: Record<string, string>;
  /** The path below the schema alias, such as `/examples/checkins/`. */
  pathBelowAlias: string;
}

/**
 * Finds the module whose base path starts the path, then the template that matches the
 * rest. Literal templates win over templates with `:bind` segments.
 */
export function resolveRoute(
  definitions: OrdsDefinitions,
  pathBelowAlias: string,
  method: string,
): ResolvedRoute | undefined {
  const modules = definitions.modules
    .filter((module) => module.published && pathBelowAlias.startsWith(module.basePath))
    .sort((a, b) => b.basePath.length - a.basePath.length);

  for (const module of modules) {
    const rest = pathBelowAlias.slice(module.basePath.length);
    const candidates = [...module.templates].sort((a, b) => bindCount(a.pattern) - bindCount(b.pattern));
    for (const template of candidates) {
      const binds = matchTemplate(template.pattern, rest);
      if (binds !== undefined) {
        const handler = template.handlers.find((candidate) => candidate.method === method);
        return { module, template, handler, binds, pathBelowAlias };
      }
    }
  }
  return undefined;
}

function bindCount(pattern: string): number {
  return pattern.split("/").filter((segment) => segment.startsWith(":")).length;
}

function matchTemplate(pattern: string, path: string): Record<string, string> | undefined {
  if (pattern === ".") {
    return path === "" ? {} : undefined;
  }

  const patternSegments = pattern.split("/");
  const pathSegments = path.split("/");
  if (patternSegments.length !== pathSegments.length) {
    return undefined;
  }

  const binds: Record<string, string> = {};
  for (const [index, segment] of patternSegments.entries()) {
    const actual = pathSegments[index] as string;
    if (segment.startsWith(":")) {
      if (actual === "") {
        return undefined;
      }
      // Fastify has decoded the path already; decoding again would turn %2525 into %.
      binds[segment.slice(1)] = actual;
    } else if (segment !== actual) {
      return undefined;
    }
  }
  return binds;
}
