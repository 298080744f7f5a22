/**
 * A typed builder for ORDS filter objects, the JSON of the `q` query parameter.
 *
 * Grammar (ORDS REST Data Services "Filter Object" documentation): column members joined by
 * an implicit AND, `$orderby`, comparison operators, `$like`, `$instr`, `$null`, `$between`,
 * `$and`/`$or`, and `{"$date": "..."}` for dates. `filter()` checks a filter object against
 * that grammar and turns every Date into a `$date` value in UTC, so a mistake fails here,
 * with its path, and not as a 400 from the server.
 */

/** A value compared with a column. A Date becomes `{"$date": "YYYY-MM-DDTHH:MM:SS.sssZ"}`. */
export type FilterValue = string | number | boolean | Date | DateValue;

export interface DateValue {
  $date: string;
}

export interface FilterOperators {
  $eq?: FilterValue;
  $ne?: FilterValue;
  $lt?: number | Date | DateValue;
  $lte?: number | Date | DateValue;
  $gt?: number | Date | DateValue;
  $gte?: number | Date | DateValue;
  /** The column contains this text. */
  $instr?: string;
  /** The column does not contain this text. */
  $ninstr?: string;
  /** An SQL LIKE pattern: `%` matches any run of characters, `_` one character; there is no escape character. */
  $like?: string;
  $null?: null;
  $notnull?: null;
  /** An inclusive range; `null` leaves one end open (numbers and dates only). */
  $between?: [number | Date | DateValue | null, number | Date | DateValue | null];
  $and?: ColumnCondition[];
  $or?: ColumnCondition[];
}

/** A condition on one column: a value (equality), operators, or an array of conditions joined by AND. */
export type ColumnCondition = FilterValue | FilterOperators | ColumnCondition[];

export type SortDirection = "ASC" | "DESC" | "asc" | "desc" | 1 | -1;

export interface FilterObject {
  $orderby?: Record<string, SortDirection>;
  $and?: FilterObject[];
  $or?: FilterObject[];
  [column: string]: ColumnCondition | FilterObject[] | Record<string, SortDirection> | undefined;
}

/** A checked filter; `String(filter)` and `JSON.stringify` give the JSON for `q`. */
export class QFilter {
  readonly json: Record<string, unknown>;

  constructor(json: Record<string, unknown>) {
    this.json = json;
  }

  toJSON(): Record<string, unknown> {
    return this.json;
  }

  toString(): string {
    return JSON.stringify(this.json);
  }
}

const COLUMN_NAME = /^\p{Alpha}[\p{Alpha}\p{Nd}#$_]*$/u;
const OPERATORS = new Set(["$eq", "$ne", "$lt", "$lte", "$gt", "$gte", "$instr", "$ninstr", "$like", "$null", "$notnull", "$between", "$and", "$or"]);
const ORDERED = new Set(["$lt", "$lte", "$gt", "$gte"]);
const TEXT = new Set(["$instr", "$ninstr", "$like"]);

/**
 * Checks a filter object and returns it ready for `q`. Throws a TypeError that names the
 * path of the first invalid member, such as `q.beer_abv.$gt`.
 */
export function filter(object: FilterObject): QFilter {
  return new QFilter(normaliseObject(object, "q"));
}

/** Encodes a filter for a URL query string: `%` becomes `%25`, non-ASCII text UTF-8 percent escapes. */
export function encodeFilter(value: FilterObject | QFilter): string {
  const json = value instanceof QFilter ? value.toString() : filter(value).toString();
  return encodeURIComponent(json);
}

function normaliseObject(object: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(object)) {
    throw new TypeError(`invalid filter at ${path}: expected an object of column conditions, got ${describe(object)}`);
  }

  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) {
      continue;
    }
    const memberPath = `${path}.${key}`;
    if (key === "$orderby") {
      result[key] = normaliseOrderBy(value, memberPath);
    } else if (key === "$and" || key === "$or") {
      result[key] = nonEmptyArray(value, memberPath).map((item, index) => normaliseObject(item, `${memberPath}[${index}]`));
    } else if (key.startsWith("$")) {
      throw new TypeError(`invalid filter at ${memberPath}: ${key} needs a column; write { column: { ${key}: ... } }`);
    } else if (!COLUMN_NAME.test(key)) {
      throw new TypeError(`invalid filter at ${memberPath}: ${JSON.stringify(key)} is not a column name (a letter, then letters, digits, #, $ or _)`);
    } else {
      result[key] = normaliseCondition(value, memberPath);
    }
  }
  return result;
}

function normaliseCondition(condition: unknown, path: string): unknown {
  if (Array.isArray(condition)) {
    return nonEmptyArray(condition, path).map((item, index) => normaliseCondition(item, `${path}[${index}]`));
  }
  if (!isPlainObject(condition) || isDateValue(condition)) {
    return normaliseValue(condition, path);
  }

  const result: Record<string, unknown> = {};
  const entries = Object.entries(condition).filter(([, value]) => value !== undefined);
  if (entries.length === 0) {
    throw new TypeError(`invalid filter at ${path}: empty condition; give a value or an operator such as $eq`);
  }
  for (const [operator, operand] of entries) {
    result[operator] = normaliseOperator(operator, operand, `${path}.${operator}`);
  }
  return result;
}

function normaliseOperator(operator: string, operand: unknown, path: string): unknown {
  if (!OPERATORS.has(operator)) {
    throw new TypeError(`invalid filter at ${path}: unknown operator ${operator}; known: ${[...OPERATORS].join(" ")}`);
  }
  if (operator === "$null" || operator === "$notnull") {
    if (operand !== null) {
      throw new TypeError(`invalid filter at ${path}: ${operator} takes null, got ${describe(operand)}`);
    }
    return null;
  }
  if (operator === "$and" || operator === "$or") {
    return nonEmptyArray(operand, path).map((item, index) => normaliseCondition(item, `${path}[${index}]`));
  }
  if (operator === "$between") {
    if (!Array.isArray(operand) || operand.length !== 2 || (operand[0] === null && operand[1] === null)) {
      throw new TypeError(`invalid filter at ${path}: $between takes [low, high] with at most one null, got ${describe(operand)}`);
    }
    return operand.map((bound, index) => (bound === null ? null : normaliseOrdered(bound, `${path}[${index}]`)));
  }
  if (ORDERED.has(operator)) {
    return normaliseOrdered(operand, path);
  }
  if (TEXT.has(operator)) {
    if (typeof operand !== "string") {
      throw new TypeError(`invalid filter at ${path}: ${operator} takes a string, got ${describe(operand)}`);
    }
    return operand;
  }
  return normaliseValue(operand, path);
}

function normaliseOrdered(value: unknown, path: string): unknown {
  if (typeof value === "number" || value instanceof Date || isDateValue(value)) {
    return normaliseValue(value, path);
  }
  throw new TypeError(`invalid filter at ${path}: expected a number or a date, got ${describe(value)}`);
}

function normaliseValue(value: unknown, path: string): unknown {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new TypeError(`invalid filter at ${path}: invalid Date`);
    }
    return { $date: value.toISOString() };
  }
  if (isDateValue(value)) {
    return { $date: normaliseDateText(value.$date, path) };
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new TypeError(`invalid filter at ${path}: ${value} is not a finite number`);
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return value;
  }
  throw new TypeError(`invalid filter at ${path}: expected a string, number, boolean or Date, got ${describe(value)}`);
}

/** Accepts `YYYY-MM-DD` and ISO 8601 in UTC; returns `YYYY-MM-DDTHH:MM:SSZ` forms unchanged. */
function normaliseDateText(value: unknown, path: string): string {
  if (typeof value !== "string") {
    throw new TypeError(`invalid filter at ${path}: $date takes an ISO 8601 string, got ${describe(value)}`);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return `${value}T00:00:00Z`;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(value)) {
    throw new TypeError(`invalid filter at ${path}: $date must be UTC, such as "2024-01-31T00:00:00Z", got ${JSON.stringify(value)}`);
  }
  return value;
}

function normaliseOrderBy(value: unknown, path: string): Record<string, string> {
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    throw new TypeError(`invalid filter at ${path}: expected { column: "ASC" | "DESC" }, got ${describe(value)}`);
  }
  const result: Record<string, string> = {};
  for (const [column, direction] of Object.entries(value)) {
    const normalised = String(direction).toUpperCase();
    if (!["ASC", "DESC", "1", "-1"].includes(normalised) || !COLUMN_NAME.test(column)) {
      throw new TypeError(`invalid filter at ${path}.${column}: expected ASC, DESC, 1 or -1 for a column name, got ${describe(direction)}`);
    }
    result[column] = SORT_ALIASES[normalised] ?? normalised;
  }
  return result;
}

/** ORDS accepts 1 and -1 as sort directions; the builder writes them as ASC and DESC. */
const SORT_ALIASES: Record<string, string> = { "1": "ASC", "-1": "DESC" };

function nonEmptyArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`invalid filter at ${path}: expected a non-empty array, got ${describe(value)}`);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isDateValue(value: unknown): value is DateValue {
  return isPlainObject(value) && Object.keys(value).length === 1 && "$date" in value;
}

function describe(value: unknown): string {
  if (value === undefined) {
    return "nothing";
  }
  return value instanceof Date ? value.toISOString() : JSON.stringify(value);
}
