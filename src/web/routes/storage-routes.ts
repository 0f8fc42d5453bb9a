// GET /api/storage (layers, budget, last rollup) and GET|POST /api/analytics (read-only SQL over the archive).
import { HttpError, InputError } from "../../core/errors.js";
import { hidePaths } from "../../core/hide-paths.js";
import { AnalyticsBusyError } from "../../layers/isolated-analytics.js";
import type { AnalyticsResult } from "../../storage/duckdb/analytics-query.js";
import type { StorageReport } from "../../storage/storage-report.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import { refuseUnknownKeys } from "../json-object-body.js";
import { textParam } from "../query-params.js";
import type { RouteModule } from "../route-module.js";

export interface StorageRoutesDeps {
  report(): StorageReport;
  analytics: {
    run(sql: string): Promise<AnalyticsResult>;
    views(): { name: string; description: string }[];
  };
}

const MAX_SQL_LENGTH = 20_000;

export const STORAGE_ROUTES = {
  storage: apiRoute("GET", "/storage"),
  /** Without sql it lists what can be queried. */
  analytics: apiRoute("GET", "/analytics", { sql: textParam("a SELECT query (without it, the tables)") }),
  analyticsPost: apiRoute("POST", "/analytics"),
};

export function storageRoutes(deps: StorageRoutesDeps): RouteModule {
  /** `usage`: how this route takes the query, for the error when it is missing. */
  const query = async (sql: unknown, usage: string): Promise<AnalyticsResult> => {
    if (typeof sql !== "string" || sql.trim() === "") throw new HttpError(400, `sql is required: ${usage}`);
    if (sql.length > MAX_SQL_LENGTH) throw new HttpError(400, `sql is longer than ${MAX_SQL_LENGTH} characters`);
    try {
      return await deps.analytics.run(sql);
    } catch (err) {
      // DuckDB quotes file names (its extension folder, the secrets path, the caller's own paths).
      if (err instanceof InputError) throw new HttpError(400, hidePaths(err.message));
      if (err instanceof AnalyticsBusyError) throw new HttpError(503, err.message);
      throw err;
    }
  };

  return (api) => {
    addRoute(api, STORAGE_ROUTES.storage, (c) => c.json(deps.report()));

    addRoute(api, STORAGE_ROUTES.analytics, async (c, { sql }) => {
      if (sql === undefined) return c.json({ views: deps.analytics.views() });
      // ?sql= left empty: the tables are listed only without it.
      return c.json(await query(sql, "?sql=SELECT%20... (or no sql for the tables)"));
    });

    addRoute(api, STORAGE_ROUTES.analyticsPost, async (c) => {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        throw new HttpError(400, 'the body must be JSON: {"sql": "SELECT ..."}');
      }
      const sql = (body as { sql?: unknown } | null)?.sql;
      // Without sql, "sql is required" says more than naming the misspelt key.
      if (sql !== undefined && typeof body === "object" && body !== null) refuseUnknownKeys(body, ["sql"]);
      return c.json(await query(sql, '{"sql": "SELECT ..."}'));
    });
  };
}
