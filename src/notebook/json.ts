import { escapeHtml, type MimeBundle } from "./kernel.js";

/**
 * Builds the MIME bundle of a JSON value, pretty-printed with two spaces. Non-ASCII text
 * such as emoji stays as characters, as `JSON.stringify` writes it; only the HTML
 * special characters are escaped.
 */
export function jsonBundle(value: unknown): MimeBundle {
  const text = JSON.stringify(value, null, 2) ?? String(value);
  return {
    "text/plain": text,
    "text/html": `<pre class="ordslab-json">${escapeHtml(text)}</pre>`,
  };
}
