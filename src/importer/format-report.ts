import type { ImportReport } from "./types.js";

/**
 * Formats an import report as a multi-line summary for people.
 *
 * The text lists the counts, any ignored columns and every rejected record with its line
 * number (for JSON, its record number: the array index + 1) and reason.
 */
export function formatImportReport(report: ImportReport): string {
  const lines = [
    `Imported ${report.file} (${report.format.toUpperCase()}): ${report.read} ${report.read === 1 ? "record" : "records"} read`,
    `  inserted:  ${report.inserted}`,
    `  updated:   ${report.updated}`,
    `  unchanged: ${report.unchanged}`,
    `  merged:    ${report.merged} (extra rows of multi-photo check-ins)`,
    `  rejected:  ${report.rejected.length}`,
  ];
  const ignored = report.ignoredColumns ?? [];
  if (ignored.length > 0) {
    lines.push(`Ignored columns that the check-in table has no place for: ${ignored.join(", ")}`);
  }
  if (report.rejected.length > 0) {
    const location = report.format === "json" ? "JSON record number (array index + 1)" : "line where the record starts";
    lines.push(`Rejected records, by ${location}:`);
  }
  for (const record of report.rejected) {
    const where = report.format === "json" ? `record ${record.line}` : `line ${record.line}`;
    const id = record.checkinId === undefined ? "" : ` (checkin_id ${record.checkinId})`;
    lines.push(`  ${where}${id}: ${record.reason}`);
  }
  return lines.join("\n");
}
