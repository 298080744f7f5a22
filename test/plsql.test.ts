import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { definitionsToPlsql } from "../src/server/plsql.js";
import { DEFINITIONS } from "./helpers/dev-server.js";

describe("definitionsToPlsql", () => {
  it("writes one call per definition in order", () => {
    const script = definitionsToPlsql(DEFINITIONS);
    const calls = [...script.matchAll(/^ {2}((?:ORDS|OAUTH)\.[A-Z_]+)\(/gm)].map((match) => match[1]);

    expect(calls).toEqual([
      "ORDS.ENABLE_SCHEMA", "ORDS.DEFINE_MODULE",
      "ORDS.DEFINE_TEMPLATE", "ORDS.DEFINE_HANDLER",
      "ORDS.DEFINE_TEMPLATE", "ORDS.DEFINE_HANDLER",
      "ORDS.DEFINE_TEMPLATE", "ORDS.DEFINE_HANDLER",
      "ORDS.CREATE_ROLE", "ORDS.DEFINE_PRIVILEGE",
      "OAUTH.CREATE_CLIENT", "OAUTH.GRANT_CLIENT_ROLE", "OAUTH.GRANT_CLIENT_ROLE",
    ]);
    expect(script).toMatch(/^DECLARE\n/m);
    expect(script).toMatch(/COMMIT;\nEND;\n\/\n$/);
  });

  it("passes privilege lists as owa.vc_arr", () => {
    const script = definitionsToPlsql(DEFINITIONS);
    expect(script).toContain("l_roles_10 owa.vc_arr;");
    expect(script).toContain("l_roles_10(1) := 'beers_client';");
    expect(script).toContain("p_roles => l_roles_10");
    expect(script).toContain("p_modules => l_modules_10");
  });

  it("quotes text, booleans and nulls", () => {
    const file = join(mkdtempSync(join(tmpdir(), "ordslab-plsql-")), "defs.json");
    writeFileSync(file, JSON.stringify({ calls: [{ call: "ORDS.DEFINE_MODULE", args: { p_module_name: "it's", p_items_per_page: 0, p_comments: null, p_flag: false } }] }));
    const script = definitionsToPlsql(file);

    expect(script).toContain("p_module_name => 'it''s'");
    expect(script).toContain("p_items_per_page => 0");
    expect(script).toContain("p_comments => NULL");
    expect(script).toContain("p_flag => FALSE");
  });
});
