import type { DataFrame } from "danfojs-node";
import { toWallClockDate, wallClockParts } from "../frame/columns.js";
import { readChartColumns } from "./chart-input.js";
import { chartTitle, checkinCount, noDataAnnotation, titledAxis } from "./chart-text.js";
import type { Figure } from "./figure.js";

export interface WeekdayHourOptions {
  /** The column of check-in times; `created_at` by default. */
  column?: string;
  title?: string;
}

/** Weekday names in the heatmap's row order, Monday first. */
export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** Hour labels in the heatmap's column order, `00` to `23`. */
export const HOURS = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, "0"));

/**
 * Builds a heatmap of check-ins by weekday (rows, Monday at the top) and hour (columns) of
 * the wall-clock check-in time. It reads the Dates' UTC fields through `wallClockParts`, so
 * the cells are the same whatever the process's time zone. The cells add up to the rows
 * with a valid time; other rows are left out.
 *
 * A frame without rows, or without a valid time, gives a figure with no trace and a "No
 * check-ins to show" note.
 *
 * @throws Error naming the column and listing those present, when the frame has rows but no time column.
 */
export function weekdayHourHeatmap(frame: DataFrame, options: WeekdayHourOptions = {}): Figure {
  const column = options.column ?? "created_at";
  const columns = readChartColumns(frame, [column]);
  const cells = WEEKDAYS.map(() => new Array<number>(24).fill(0));
  let total = 0;
  for (const value of columns?.[column] ?? []) {
    const date = toWallClockDate(value);
    if (date === null) {
      continue;
    }
    const parts = wallClockParts(date);
    const row = cells[(parts.weekday + 6) % 7] as number[];
    row[parts.hour] = (row[parts.hour] as number) + 1;
    total += 1;
  }

  const layout: Record<string, unknown> = {
    title: chartTitle(options.title ?? "Check-ins by weekday and hour", total === 0 ? undefined : `${checkinCount(total)}, local time of each check-in`),
    xaxis: titledAxis("Hour of the day", { type: "category", tickmode: "array", tickvals: HOURS.filter((_, hour) => hour % 2 === 0) }),
    yaxis: titledAxis("Weekday", { type: "category", autorange: "reversed" }),
    margin: { t: 70, r: 20, b: 60, l: 90 },
  };
  if (total === 0) {
    layout.annotations = [noDataAnnotation("No check-ins to show")];
    return { data: [], layout };
  }

  return {
    data: [
      {
        type: "heatmap",
        name: "Check-ins",
        x: HOURS,
        y: [...WEEKDAYS],
        z: cells,
        text: cells.map((row) => row.map((count) => `${count} ${count === 1 ? "check-in" : "check-ins"}`)),
        colorscale: [
          [0, "#f7fbff"],
          [0.5, "#6baed6"],
          [1, "#08306b"],
        ],
        colorbar: { title: { text: "Check-ins" } },
        xgap: 1,
        ygap: 1,
        hovertemplate: "%{y} %{x}:00 to %{x}:59<br>%{text}<extra></extra>",
      },
    ],
    layout,
  };
}
