// POST api/analytics {sql}: a read-only query over the DuckDB archive and the aggregates.
import type { AnalyticsResult } from "../../../src/storage/duckdb/analytics-query.js";
import { getJson, postJson } from "./api-client.js";

export type { AnalyticsResult };

export interface AnalyticsView {
  name: string;
  description: string;
}

/** GET api/analytics without sql: the views a query can read. */
export function fetchAnalyticsViews(signal?: AbortSignal): Promise<{ views: AnalyticsView[] }> {
  return getJson<{ views: AnalyticsView[] }>("api/analytics", signal);
}

export function runAnalytics(sql: string, signal?: AbortSignal): Promise<AnalyticsResult> {
  return postJson<AnalyticsResult>("api/analytics", { sql }, signal);
}

/**
 * Queries that show what the archive can answer; the views are described by the server. Times in
 * the archive are UTC: with the home's zone known, the hours are the home's, as everywhere else in
 * the panel ("turns on around 22:52").
 */
export function exampleQueries(timeZone: string | undefined): { title: string; sql: string }[] {
  const hour = timeZone ? `hour(timezone('${timeZone.replace(/'/g, "''")}', time::TIMESTAMPTZ))` : "hour(time)";
  return [
    {
      title: "Events per domain",
      sql: "SELECT domain, count(*) AS events\nFROM events\nGROUP BY domain\nORDER BY events DESC",
    },
    {
      title: "Most active entities",
      sql: "SELECT entity, count(*) AS changes\nFROM events\nGROUP BY entity\nORDER BY changes DESC\nLIMIT 20",
    },
    {
      title: "Events per day",
      sql: "SELECT day, count(*) AS events, count(DISTINCT entity) AS entities\nFROM events\nGROUP BY day\nORDER BY day DESC\nLIMIT 30",
    },
    {
      title: `Lights switched on, by hour (${timeZone ? "home time" : "UTC"})`,
      sql: `SELECT ${hour} AS hour, count(*) AS times_on\nFROM events\nWHERE domain = 'light' AND state = 'on'\nGROUP BY 1\nORDER BY 1`,
    },
    {
      title: "Rows per daily aggregate day",
      sql: "SELECT day, count(*) AS rows\nFROM time_based_daily\nGROUP BY day\nORDER BY day DESC",
    },
  ];
}
