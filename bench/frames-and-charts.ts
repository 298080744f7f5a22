/**
 * Benchmark: time to build the DataFrame and every chart from ORDS-shaped rows, and the peak
 * memory, for the sample and for 100,000 check-ins. Usage:
 * `node --import tsx bench/frames-and-charts.ts` (after `npm run bench`, which creates the
 * databases in var/bench/). Each data set runs in its own process, so peak RSS is its own.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import { HandlerQuery } from "../src/server/collection.js";
import { toDataFrame } from "../src/frame/to-frame.js";
import { checkinsOverTime } from "../src/charts/checkins-over-time.js";
import { ratingDistribution } from "../src/charts/rating-distribution.js";
import { topBreweries, topStyles } from "../src/charts/top-counts.js";
import { abvVersusRating } from "../src/charts/abv-versus-rating.js";
import { weekdayHourHeatmap } from "../src/charts/weekday-hour-heatmap.js";
import { venueMap } from "../src/charts/venue-map.js";
import type { Figure } from "../src/charts/figure.js";
import type { DataFrame } from "danfojs-node";

const WORK = join(import.meta.dirname, "..", "var", "bench");
const [mode, name] = process.argv.slice(2);

function timed<T>(action: () => T): [T, number] {
  const started = performance.now();
  const result = action();
  return [result, performance.now() - started];
}

function measureDataSet(dataSet: string): Record<string, number> {
  const db = new Database(join(WORK, `${dataSet}.sqlite`), { readonly: true });
  const query = new HandlerQuery(db, { method: "GET", sourceType: "json/collection", itemsPerPage: 0, source: "select * from checkins order by checkin_id" });
  const { items } = query.page({ limit: 0, offset: 0, binds: {}, filter: undefined });
  db.close();

  const results: Record<string, number> = { rows: items.length };
  // danfojs-node loads TensorFlow.js on first use; that one-off cost is reported apart.
  results["load danfojs-node (first frame of a process)"] = timed(() => toDataFrame([{ warm: 1 }]))[1];
  const [frame, frameMs] = timed(() => toDataFrame(items));
  results["toDataFrame"] = frameMs;

  const charts: Record<string, (df: DataFrame) => Figure> = {
    "checkinsOverTime (month)": (df) => checkinsOverTime(df),
    "checkinsOverTime (by family, rolling mean)": (df) => checkinsOverTime(df, { splitBy: "style family", rollingMean: 3 }),
    ratingDistribution: (df) => ratingDistribution(df),
    topStyles: (df) => topStyles(df),
    topBreweries: (df) => topBreweries(df),
    abvVersusRating: (df) => abvVersusRating(df),
    weekdayHourHeatmap: (df) => weekdayHourHeatmap(df),
    venueMap: (df) => venueMap(df),
  };
  for (const [chart, build] of Object.entries(charts)) {
    results[chart] = timed(() => build(frame))[1];
  }
  results.maxRssMb = process.resourceUsage().maxRSS / 1024;
  return results;
}

if (mode === "--child" && name !== undefined) {
  process.stdout.write(JSON.stringify(measureDataSet(name)));
} else {
  const rows: Record<string, Record<string, number>> = {};
  for (const dataSet of ["sample", "100k"]) {
    const child = spawnSync(process.execPath, ["--import", "tsx", import.meta.filename, "--child", dataSet], { encoding: "utf8", maxBuffer: 1 << 24 });
    if (child.status !== 0) {
      throw new Error(`measuring ${dataSet} failed: ${child.stderr}`);
    }
    rows[dataSet] = JSON.parse(child.stdout) as Record<string, number>;
  }

  const sample = rows.sample as Record<string, number>;
  const large = rows["100k"] as Record<string, number>;
  process.stdout.write(`| step | sample (${sample.rows} rows), ms | 100k (${large.rows} rows), ms |\n|---|---|---|\n`);
  for (const step of Object.keys(sample).filter((key) => key !== "rows" && key !== "maxRssMb")) {
    process.stdout.write(`| ${step} | ${(sample[step] as number).toFixed(1)} | ${(large[step] as number).toFixed(1)} |\n`);
  }
  process.stdout.write(`| peak RSS of the process, MB | ${(sample.maxRssMb as number).toFixed(0)} | ${(large.maxRssMb as number).toFixed(0)} |\n`);
}
