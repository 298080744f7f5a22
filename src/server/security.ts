import type { OrdsDefinitions, PrivilegeDefinition } from "./definitions.js";

/**
 * Returns the privileges that protect a resource: those that list its module, and those
 * whose URL patterns match its path below the schema alias (`/examples/*`). A resource no
 * privilege covers is public, as on ORDS.
 */
export function protectingPrivileges(
  definitions: OrdsDefinitions,
  moduleName: string,
  pathBelowAlias: string,
): PrivilegeDefinition[] {
  return definitions.privileges.filter(
    (privilege) =>
      privilege.modules.includes(moduleName) ||
      privilege.patterns.some((pattern) => matchesPattern(pattern, pathBelowAlias)),
  );
}

/** Tells whether the roles granted to a client satisfy every privilege that protects a resource. */
export function isAuthorised(privileges: PrivilegeDefinition[], grantedRoles: string[]): boolean {
  return privileges.every((privilege) => privilege.roles.some((role) => grantedRoles.includes(role)));
}

function matchesPattern(pattern: string, path: string): boolean {
  const normalisedPattern = pattern.startsWith("/") ? pattern : `/${pattern}`;
  const expression = normalisedPattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${expression}$`).test(path);
}
