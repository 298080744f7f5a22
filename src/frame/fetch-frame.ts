import type { DataFrame } from "danfojs-node";
import type { OrdsClient } from "../ords/client.js";
import { isOrdsError } from "../ords/errors.js";
import type { FetchAllOptions } from "../ords/pager.js";
import type { ColumnSpec } from "./columns.js";
import { toDataFrame } from "./to-frame.js";

export interface FetchFrameOptions extends FetchAllOptions {
  progress?: boolean;
}

/**
 * Fetches every row of a collection into a DataFrame, typed from the resource's metadata
 * catalog when the server has one, and from the values otherwise (a 4xx from the catalog
 * means it is absent or not allowed). Network errors and failures of the collection itself
 * are thrown.
 */
export async function fetchFrame(client: OrdsClient, path: string, options: FetchFrameOptions = {}): Promise<DataFrame> {
  // Either request failing stops the other, so a failed call leaves no download running.
  const controller = new AbortController();
  const signal = options.signal === undefined ? controller.signal : AbortSignal.any([options.signal, controller.signal]);

  const catalog = client.describe(path, { signal }).catch((error: unknown): ColumnSpec[] | undefined => {
    if (isOrdsError(error) && error.status !== undefined && error.status < 500) {
      return undefined;
    }
    throw error;
  });
  try {
    const [columns, result] = await Promise.all([catalog, client.fetchAll(path, { ...options, signal })]);
    return toDataFrame(result.items, { columns });
  } catch (error) {
    controller.abort();
    throw error;
  }
}
