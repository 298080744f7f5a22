import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";

/** A Jupyter MIME bundle: one representation per MIME type; the front end shows the richest it supports. */
export type MimeBundle = Record<string, unknown>;

interface DisplayMessage {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

type WriteDisplayData = (message: DisplayMessage, update: boolean) => void;

/**
 * Returns the running tslab kernel's display function, or `undefined` outside a kernel.
 * tslab's public API sends one MIME type per message. A whole bundle needs the kernel's
 * internal `lastWriteDisplayData` (tslab 1.0.22), which belongs to the running kernel only
 * when this package resolves the same tslab module as the kernel. The kernelspec that
 * `ordslab kernel install` writes starts the project's own tslab for that reason.
 */
function kernelWriter(): WriteDisplayData | undefined {
  try {
    const jupyter = createRequire(import.meta.url)("tslab/dist/jupyter") as { lastWriteDisplayData: WriteDisplayData | null };
    return jupyter.lastWriteDisplayData ?? undefined;
  } catch {
    return undefined;
  }
}

/** Tells whether code runs inside a tslab kernel that can show rich output. */
export function isInKernel(): boolean {
  return kernelWriter() !== undefined;
}

/**
 * Sends a MIME bundle to the notebook. With `displayId`, a later call with `update: true`
 * replaces that output in place. Throws outside a tslab kernel.
 */
export function sendBundle(data: MimeBundle, options: { displayId?: string; update?: boolean; metadata?: Record<string, unknown> } = {}): void {
  const write = kernelWriter();
  if (write === undefined) {
    throw new Error("no tslab kernel is running this code: rich display works in a notebook started with the ordslab kernel (run `npx ordslab kernel install`)");
  }
  write({ data, metadata: options.metadata ?? {}, transient: options.displayId === undefined ? {} : { display_id: options.displayId } }, options.update ?? false);
}

export function newDisplayId(): string {
  return randomBytes(8).toString("hex");
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
