/** One statement of a SQL script with the lines it spans (1-based). */
export interface ScriptStatement {
  text: string;
  startLine: number;
  endLine: number;
}

/**
 * Splits a script into statements at semicolons outside quotes and comments. A line holding
 * only `/` also ends a statement, as in SQL*Plus scripts.
 */
export function splitStatements(script: string): ScriptStatement[] {
  const statements: ScriptStatement[] = [];
  let current = "";
  let startLine = 1;
  let line = 1;
  let quote: string | undefined;

  const finish = (): void => {
    const text = current.trim();
    if (text !== "") {
      const leading = current.slice(0, current.length - current.trimStart().length);
      const firstLine = startLine + (leading.match(/\n/g)?.length ?? 0);
      statements.push({ text, startLine: firstLine, endLine: firstLine + (text.match(/\n/g)?.length ?? 0) });
    }
    current = "";
    startLine = line;
  };

  for (let index = 0; index < script.length; index += 1) {
    const character = script[index] as string;
    const next = script[index + 1];

    if (quote !== undefined) {
      current += character;
      if (character === quote) {
        quote = undefined;
      }
    } else if (character === "'" || character === '"') {
      quote = character;
      current += character;
    } else if (character === "-" && next === "-") {
      const end = script.indexOf("\n", index);
      index = (end === -1 ? script.length : end) - 1;
    } else if (character === "/" && next === "*") {
      const end = script.indexOf("*/", index + 2);
      const comment = script.slice(index, end === -1 ? script.length : end + 2);
      line += comment.match(/\n/g)?.length ?? 0;
      current += comment.replace(/[^\n]/g, " ");
      index += comment.length - 1;
    } else if (character === ";") {
      finish();
    } else if (character === "/" && /(^|\n)[ \t]*$/.test(current) && /^[ \t]*(\r?\n|$)/.test(script.slice(index + 1))) {
      finish();
    } else {
      current += character;
    }

    if (character === "\n") {
      line += 1;
    }
  }
  finish();
  return statements;
}
