/**
 * Compiles an ORDS `q` filter object into a SQLite WHERE clause and ORDER BY list.
 *
 * Grammar (ORDS REST Data Services "Filter Object" documentation): column members joined
 * by an implicit AND; `$orderby`; operators `$eq $ne $lt $lte $gt $gte $instr $ninstr
 * $like $null $notnull $between $and $or`; `{"$date": "..."}` for dates; an array as an
 * implicit AND. Column names are matched without regard to case and only names of the
 * handler's result are accepted, so no text from the filter reaches the SQL unquoted.
 */

export interface FilterColumn {
  name: string;
  isDate: boolean;
}

export interface CompiledFilter {
  where: string;
  orderBy: string;
  parameters: Record<string, unknown>;
}

/** An invalid `q` value; the server returns 400 with this message. */
export class FilterError extends Error {
  override name = "FilterError";
}

type Scalar = string | number | boolean;

const COMPARISONS: Record<string, string> = { $eq: "=", $ne: "<>", $lt: "<", $lte: "<=", $gt: ">", $gte: ">=" };

class Compiler {
  readonly parameters: Record<string, unknown> = {};
  readonly #columns: FilterColumn[];

  constructor(columns: FilterColumn[]) {
    this.#columns = columns;
  }

  /** Compiles the members of an object that contains columns (the top level or an `$and`/`$or` item). */
  compileObject(value: unknown, path: string): string {
    if (!isPlainObject(value)) {
      throw new FilterError(`invalid q filter at ${path}: expected an object of column conditions, got ${describe(value)}`);
    }

    const parts: string[] = [];
    for (const [key, member] of Object.entries(value)) {
      if (key === "$orderby" || key === "$asof") {
        continue;
      }
      if (key === "$and" || key === "$or") {
        parts.push(this.#combine(key, member, `${path}.${key}`, (item, itemPath) => this.compileObject(item, itemPath)));
        continue;
      }
      if (key.startsWith("$")) {
        throw new FilterError(`invalid q filter at ${path}: operator ${key} has no column; write {"column": {"${key}": ...}}`);
      }
      parts.push(this.#compileColumn(this.#column(key, path), member, `${path}.${key}`));
    }
    return joinAll(parts, "AND");
  }

  #compileColumn(column: FilterColumn, value: unknown, path: string): string {
    if (Array.isArray(value)) {
      return joinAll(value.map((item, index) => this.#compileColumn(column, item, `${path}[${index}]`)), "AND");
    }
    if (!isPlainObject(value) || isDateValue(value)) {
      return `${quote(column.name)} = ${this.#bind(column, value, path)}`;
    }

    const parts = Object.entries(value).map(([operator, operand]) =>
      this.#compileOperator(column, operator, operand, `${path}.${operator}`),
    );
    if (parts.length === 0) {
      throw new FilterError(`invalid q filter at ${path}: empty condition object`);
    }
    return joinAll(parts, "AND");
  }

  #compileOperator(column: FilterColumn, operator: string, operand: unknown, path: string): string {
    const name = quote(column.name);
    const comparison = COMPARISONS[operator];
    if (comparison !== undefined) {
      return `${name} ${comparison} ${this.#bind(column, operand, path)}`;
    }

    switch (operator) {
      case "$instr":
        return `instr(${name}, ${this.#bindText(operand, path)}) > 0`;
      case "$ninstr":
        return `(${name} IS NULL OR instr(${name}, ${this.#bindText(operand, path)}) = 0)`;
      case "$like":
        // NOTE: SQLite's LIKE ignores the case of ASCII letters, while Oracle's LIKE does not.
        return `${name} LIKE ${this.#bindText(operand, path)}`;
      case "$null":
        return `${name} IS NULL`;
      case "$notnull":
        return `${name} IS NOT NULL`;
      case "$between":
        return this.#between(column, operand, path);
      case "$and":
      case "$or":
        return this.#combine(operator, operand, path, (item, itemPath) => this.#compileColumn(column, item, itemPath));
      default:
        throw new FilterError(`invalid q filter at ${path}: unknown operator ${operator}`);
    }
  }

  #between(column: FilterColumn, operand: unknown, path: string): string {
    if (!Array.isArray(operand) || operand.length !== 2) {
      throw new FilterError(`invalid q filter at ${path}: $between takes [low, high], got ${describe(operand)}`);
    }

    const [low, high] = operand;
    const parts: string[] = [];
    if (low !== null) {
      parts.push(`${quote(column.name)} >= ${this.#bind(column, low, `${path}[0]`)}`);
    }
    if (high !== null) {
      parts.push(`${quote(column.name)} <= ${this.#bind(column, high, `${path}[1]`)}`);
    }
    if (parts.length === 0) {
      throw new FilterError(`invalid q filter at ${path}: $between needs at least one bound`);
    }
    return joinAll(parts, "AND");
  }

  #combine(operator: string, operand: unknown, path: string, compileItem: (item: unknown, path: string) => string): string {
    if (!Array.isArray(operand) || operand.length === 0) {
      throw new FilterError(`invalid q filter at ${path}: ${operator} takes a non-empty array, got ${describe(operand)}`);
    }
    const parts = operand.map((item, index) => {
      const part = compileItem(item, `${path}[${index}]`);
      if (part === "") {
        throw new FilterError(`invalid q filter at ${path}[${index}]: the condition is empty; give at least one column`);
      }
      return part;
    });
    return joinAll(parts, operator === "$and" ? "AND" : "OR");
  }

  #column(key: string, path: string): FilterColumn {
    const column = this.#columns.find((candidate) => candidate.name.toLowerCase() === key.toLowerCase());
    if (column === undefined) {
      const known = this.#columns.map((candidate) => candidate.name.toLowerCase()).join(", ");
      throw new FilterError(`invalid q filter at ${path}: unknown column ${JSON.stringify(key)}; known columns: ${known}`);
    }
    return column;
  }

  #bind(column: FilterColumn, value: unknown, path: string): string {
    let scalar: Scalar;
    if (isDateValue(value)) {
      scalar = toStoredDate(value.$date, path);
    } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      scalar = column.isDate && typeof value === "string" ? toStoredDate(value, path) : value;
    } else {
      throw new FilterError(`invalid q filter at ${path}: expected a string, number or {"$date": ...}, got ${describe(value)}`);
    }
    return this.#parameter(typeof scalar === "boolean" ? Number(scalar) : scalar);
  }

  #bindText(value: unknown, path: string): string {
    if (typeof value !== "string" && typeof value !== "number") {
      throw new FilterError(`invalid q filter at ${path}: expected a string, got ${describe(value)}`);
    }
    return this.#parameter(String(value));
  }

  #parameter(value: unknown): string {
    const name = `q${Object.keys(this.parameters).length}`;
    this.parameters[name] = value;
    return `:${name}`;
  }

  compileOrderBy(value: unknown): string {
    if (value === undefined) {
      return "";
    }
    if (!isPlainObject(value)) {
      throw new FilterError(`invalid q filter at $orderby: expected {"column": "ASC" | "DESC"}, got ${describe(value)}`);
    }

    return Object.entries(value)
      .map(([key, direction]) => {
        const column = this.#column(key, "$orderby");
        const normalised = String(direction).toUpperCase();
        if (normalised === "ASC" || normalised === "1") {
          return `${quote(column.name)} ASC`;
        }
        if (normalised === "DESC" || normalised === "-1") {
          return `${quote(column.name)} DESC`;
        }
        throw new FilterError(`invalid q filter at $orderby.${key}: expected ASC, DESC, 1 or -1, got ${describe(direction)}`);
      })
      .join(", ");
  }
}

/**
 * Parses and compiles the text of a `q` parameter. Throws FilterError for invalid JSON, an
 * unknown column or operator, or an operand of the wrong type.
 */
export function compileFilter(q: string, columns: FilterColumn[]): CompiledFilter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(q);
  } catch (error) {
    throw new FilterError(`invalid q filter: not valid JSON (${(error as Error).message}); percent-encode the JSON object in the URL`);
  }
  if (!isPlainObject(parsed)) {
    throw new FilterError(`invalid q filter: expected a JSON object, got ${describe(parsed)}`);
  }
  if ("$asof" in parsed) {
    throw new FilterError("invalid q filter: $asof (flashback queries) is not available on the dev server");
  }

  const compiler = new Compiler(columns);
  const where = compiler.compileObject(parsed, "q");
  const orderBy = compiler.compileOrderBy(parsed.$orderby);
  return { where, orderBy, parameters: compiler.parameters };
}

/** Converts an ISO 8601 UTC date (`2024-01-01T00:00:00Z`, `2024-01-01`) to the stored `YYYY-MM-DD HH:MM:SS` text. */
function toStoredDate(value: unknown, path: string): string {
  const match = typeof value === "string"
    ? /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?)?(Z|[+-]00:?00)?$/.exec(value)
    : null;
  if (match === null) {
    throw new FilterError(`invalid q filter at ${path}: invalid date ${describe(value)}; use "YYYY-MM-DDTHH:MM:SSZ"`);
  }
  let time = match[2] ?? "00:00:00";
  if (time.length === 5) {
    time = `${time}:00`;
  }
  // Stored times have no fraction, and "…:00" sorts before "…:00.500" as text, as it should.
  return `${match[1]} ${time}${match[3] ?? ""}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isDateValue(value: unknown): value is { $date: unknown } {
  return isPlainObject(value) && Object.keys(value).length === 1 && "$date" in value;
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function joinAll(parts: string[], operator: "AND" | "OR"): string {
  if (parts.length === 0) {
    return "";
  }
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(` ${operator} `)})`;
}

function describe(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}
