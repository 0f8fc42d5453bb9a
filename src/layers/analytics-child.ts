// Entry of the analytics child process: runs one query in its own DuckDB and memory, then exits.
import { errorMessage, InputError } from "../core/errors.js";
import { LocalTime } from "../core/local-time.js";
import { AnalyticsQuery } from "../storage/duckdb/analytics-query.js";
import { ParquetArchive } from "../storage/duckdb/parquet-archive.js";
import { DanglingRows } from "../storage/sqlite/dangling-rows.js";
import { SqliteAggregateStore } from "../storage/sqlite/sqlite-aggregate-store.js";
import { openSqlite } from "../storage/sqlite/sqlite-database.js";
import { SqliteEventStore } from "../storage/sqlite/sqlite-event-store.js";
import type { AnalyticsJob, AnalyticsReply } from "./analytics-job.js";
import { analyticsSources } from "./analytics-sources.js";

/** The job's reply, with the rows its readers skipped for the service to count (failed or not). */
async function runJob(job: AnalyticsJob): Promise<AnalyticsReply> {
  const dangling = new DanglingRows();
  const reply = await queryStore(job, dangling);
  return { ...reply, skippedRows: dangling.counts().skippedOnRead };
}

async function queryStore(job: AnalyticsJob, dangling: DanglingRows): Promise<AnalyticsReply> {
  const db = openSqlite({ file: job.dbFile, readonly: true });
  try {
    const sources = analyticsSources({
      events: new SqliteEventStore(db, dangling),
      aggregates: new SqliteAggregateStore(db),
      archive: new ParquetArchive(job.archiveDir),
      time: new LocalTime(job.timeZone),
      now: () => job.now,
      dailyKinds: job.dailyKinds,
      periodKinds: job.periodKinds,
    });
    const result = await new AnalyticsQuery(sources, job.limits).run(job.sql);
    const size = Buffer.byteLength(JSON.stringify(result.rows));
    if (size > job.maxResultBytes) {
      const mb = Math.round(job.maxResultBytes / 1024 / 1024);
      return { ok: false, input: true, message: `the result is larger than ${mb} MB: select fewer or shorter values` };
    }
    return { ok: true, result };
  } catch (err) {
    return { ok: false, input: err instanceof InputError, message: errorMessage(err) };
  } finally {
    db.close();
  }
}

// The service gone (stopped, or killed with -9): no one waits for the answer. Polled as well as
// awaited, as the channel may close before this module has loaded. Known gap: while DuckDB
// runs a statement this loop is blocked, so a query already running when the service is killed
// with -9 runs on to its end; the service's own deadline cannot reach it then.
process.once("disconnect", () => process.exit(1));
setInterval(() => {
  if (!process.connected) process.exit(1);
}, 250).unref();

process.once("message", (job: AnalyticsJob) => {
  void runJob(job).then((reply) => process.send?.(reply, () => process.exit(0)));
});
