/**
 * Maps a SQLite declared column type to the Oracle type name ORDS reports for it: DATE for
 * date and time types, NUMBER for numeric ones, VARCHAR2 otherwise. A column without a
 * declared type (an expression) is typed from a sample value when one is given.
 */
export function oracleTypeName(declared: string | null, sample?: unknown): string {
  const type = (declared ?? "").toUpperCase();
  if (/DATE|TIME/.test(type)) {
    return "DATE";
  }
  if (/INT|REAL|NUM|FLOA|DOUB|DEC/.test(type)) {
    return "NUMBER";
  }
  if (type === "" && (typeof sample === "number" || typeof sample === "bigint")) {
    return "NUMBER";
  }
  return "VARCHAR2";
}
