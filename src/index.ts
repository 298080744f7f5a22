/**
 * ordslab: Oracle REST Data Services from TypeScript notebooks. Connect with OAuth2 client
 * credentials, fetch collections, build danfo.js DataFrames and plotly charts.
 */
export { connect, OrdsClient, type ClientOptions, type RequestOptions, type QueryValue } from "./ords/client.js";
export { resolveConfig, findEnvFile, type ConnectOptions, type OrdsConfig } from "./ords/config.js";
export { OrdsError, isOrdsError, redactUrl, type OrdsErrorCode } from "./ords/errors.js";
export type { Page, PageOptions, FetchAllOptions, FetchAllProgress, FetchAllResult } from "./ords/pager.js";
export type { OrdsResponse, OrdsProblem } from "./ords/response.js";
export type { TokenInfo } from "./ords/token-source.js";
export { TokenFileCache, defaultTokenCacheDirectory } from "./ords/token-cache.js";

export { toDataFrame, toColumns, type FrameOptions, type ColumnTable } from "./frame/to-frame.js";
export { wallClockParts, formatWallClock, toWallClockDate, type ColumnSpec, type ColumnType, type WallClockParts } from "./frame/columns.js";

export { checkinsOverTime, OTHER_FAMILIES, type OverTimeOptions, type OverTimeSplit } from "./charts/checkins-over-time.js";
export { countByPeriod, type Period } from "./charts/periods.js";
export { styleFamily } from "./charts/style-family.js";
export { ratingDistribution, type RatingDistributionOptions } from "./charts/rating-distribution.js";
export { topStyles, topBreweries, topCounts, type TopOptions, type TopCategory } from "./charts/top-counts.js";
export { abvVersusRating, type AbvVersusRatingOptions } from "./charts/abv-versus-rating.js";
export { weekdayHourHeatmap, type WeekdayHourOptions } from "./charts/weekday-hour-heatmap.js";
export { venueMap, type VenueMapOptions } from "./charts/venue-map.js";
export { PLOTLY_BUNDLES, bundlesFor, type PlotlyBundle } from "./charts/plotly-bundles.js";
export { isFigure, type Figure } from "./charts/figure.js";

export { display, bundleOf, responseBundle } from "./notebook/display.js";
export { figureBundle, describeFigure, resendPlotly, type FigureBundleOptions } from "./notebook/plotly.js";
export { frameBundle, type TableOptions } from "./notebook/table.js";
export { jsonBundle } from "./notebook/json.js";
export { isInKernel, sendBundle, type MimeBundle } from "./notebook/kernel.js";

export { filter, encodeFilter, QFilter, type FilterObject, type FilterOperators, type ColumnCondition, type FilterValue, type SortDirection } from "./ords/filter.js";
export { runSql, frameTypeOf, type SqlResult, type SqlOptions, type SqlColumnMetadata } from "./ords/sql.js";
export { fetchFrame, type FetchFrameOptions } from "./frame/fetch-frame.js";
