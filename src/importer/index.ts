export { ensureCheckinSchema, CHECKIN_COLUMNS, type CheckinColumn } from "./schema.js";
export { importCheckins } from "./import.js";
export { formatImportReport } from "./format-report.js";
export { ImportError, type ImportErrorCode } from "./errors.js";
export type { DateOrder } from "./dates.js";
export type { ImportOptions, ImportReport, RejectedRecord } from "./types.js";
