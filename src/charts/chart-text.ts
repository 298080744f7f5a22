const COUNT_FORMAT = new Intl.NumberFormat("en-US");

/** Formats a count with thousands separators (`2,438`), the same in every locale. */
export function formatCount(count: number): string {
  return COUNT_FORMAT.format(count);
}

/** Returns `1 check-in` or `N check-ins`. */
export function checkinCount(count: number): string {
  return `${formatCount(count)} ${count === 1 ? "check-in" : "check-ins"}`;
}

/** Builds a plotly title with an optional smaller second line, which every plotly.js version draws. */
export function chartTitle(text: string, note?: string): Record<string, unknown> {
  return { text: note === undefined ? text : `${text}<br><sup>${note}</sup>` };
}

/** Builds a plotly axis with a title; `extra` adds or overrides other axis attributes. */
export function titledAxis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: { text: title }, ...extra };
}

/** Builds the centred annotation that an empty chart shows, such as "No check-ins to show". */
export function noDataAnnotation(message: string): Record<string, unknown> {
  return { text: message, showarrow: false, xref: "paper", yref: "paper", x: 0.5, y: 0.5, font: { size: 16 } };
}

/** Escapes data text placed in a plotly hovertemplate, where `%{` starts a variable and `<` a tag. */
export function escapeHoverText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/%\{/g, "%&#123;");
}

/** Compares by code point, so the order does not depend on the process's locale. */
export function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
