/** Machine-readable reason for an {@link ImportError}. */
export type ImportErrorCode =
  | "FILE_UNREADABLE"
  | "EMPTY_FILE"
  | "NO_HEADER"
  | "MISSING_COLUMNS"
  | "INVALID_CSV"
  | "INVALID_JSON"
  | "AMBIGUOUS_DATE_ORDER"
  | "CONFLICTING_DATE_ORDER";

/**
 * Failure of a whole import file, as opposed to one rejected record.
 *
 * The message names the file, the value that failed and what the user can do next. When
 * `importCheckins` throws it, the database is unchanged.
 */
export class ImportError extends Error {
  readonly code: ImportErrorCode;

  constructor(code: ImportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ImportError";
    this.code = code;
  }
}
