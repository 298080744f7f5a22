import { isFigure } from "../charts/figure.js";
import type { OrdsResponse } from "../ords/response.js";
import { figureBundle, type FigureBundleOptions } from "./plotly.js";
import { jsonBundle } from "./json.js";
import { escapeHtml, sendBundle, type MimeBundle } from "./kernel.js";
import { frameBundle } from "./table.js";

/**
 * Shows a value in the notebook with the richest output it has: a figure as a plotly chart,
 * a DataFrame as a table, an ORDS response as its status line and body, anything else as
 * pretty JSON.
 */
export function display(value: unknown, options: FigureBundleOptions = {}): void {
  sendBundle(bundleOf(value, options));
}

/** Returns the MIME bundle that {@link display} would send. */
export function bundleOf(value: unknown, options: FigureBundleOptions = {}): MimeBundle {
  if (isFigure(value)) {
    return figureBundle(value, options);
  }
  if (isDataFrame(value)) {
    return frameBundle(value);
  }
  if (isResponse(value)) {
    return responseBundle(value);
  }
  return jsonBundle(value);
}

/** Builds a bundle with the status, the elapsed time and the pretty-printed body of a response. */
export function responseBundle(response: OrdsResponse): MimeBundle {
  const status = `${response.method} ${response.url}\nHTTP ${response.status} ${response.statusText} in ${response.elapsedSeconds.toFixed(3)} s (${response.contentType || "no content type"})`;
  const body = jsonBundle(response.body);
  return {
    "text/plain": `${status}\n\n${String(body["text/plain"])}`,
    "text/html": `<pre class="ordslab-status">${escapeHtml(status)}</pre>${String(body["text/html"])}`,
  };
}

function isDataFrame(value: unknown): value is import("danfojs-node").DataFrame {
  return typeof value === "object" && value !== null && "shape" in value && "columns" in value && "values" in value && "index" in value;
}

function isResponse(value: unknown): value is OrdsResponse {
  return typeof value === "object" && value !== null && "status" in value && "elapsedSeconds" in value && "body" in value;
}
