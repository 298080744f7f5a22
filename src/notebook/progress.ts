import type { FetchAllProgress } from "../ords/pager.js";
import { escapeHtml, isInKernel, newDisplayId, sendBundle } from "./kernel.js";

/**
 * Returns a progress callback that draws one output line and updates it in place
 * (`update_display_data`), or `undefined` outside a tslab kernel.
 */
export function notebookProgress(label: string): ((progress: FetchAllProgress) => void) | undefined {
  if (!isInKernel()) {
    return undefined;
  }

  const displayId = newDisplayId();
  let started = false;
  return (progress) => {
    const state = progress.done ? "done" : "fetching";
    const rows = `${progress.rows.toLocaleString("en-US")} ${progress.rows === 1 ? "row" : "rows"}`;
    const pages = `${progress.pages} ${progress.pages === 1 ? "page" : "pages"}`;
    const text = `${label}: ${state}, ${rows} in ${pages}, ${progress.elapsedSeconds.toFixed(2)} s`;
    sendBundle(
      { "text/plain": text, "text/html": `<progress ${progress.done ? 'value="1" max="1"' : ""}></progress> ${escapeHtml(text)}` },
      { displayId, update: started },
    );
    started = true;
  };
}
