// One import into opened stores, whatever the source (a file or a database): through ingest, stopping at a full disk, then one summary that adds up.

import path from "node:path";
import type { AppEvents } from "../app-events.js";
import type { Config } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import { TypedBus } from "../core/event-bus.js";
import { LocalTime } from "../core/local-time.js";
import type { Logger } from "../core/logger.js";
import { counted } from "../core/plural.js";
import { createEntityFilter } from "../ingest/entity-filter.js";
import { describeImport, importFigures } from "../ingest/import-summary.js";
import { IngestPipeline } from "../ingest/ingest-pipeline.js";
import { assignImportedAreas } from "../sources/importers/assign-imported-areas.js";
import type { Importer, ImportProgress, ImportReport } from "../sources/importers/file-importer.js";
import { createAreaResolver } from "../sources/importers/resolve-area.js";
import { ParquetArchive } from "../storage/duckdb/parquet-archive.js";
import { SqliteAggregateStore } from "../storage/sqlite/sqlite-aggregate-store.js";
import { isDiskFull } from "../storage/sqlite/sqlite-database.js";
import type { SqliteStores } from "../storage/sqlite/sqlite-stores.js";
import { stopName } from "./hold-data-dir.js";
import { rollUpImportedHistory } from "./import-history-rollup.js";
import { trackImportedDays } from "./imported-days-store.js";
import { offlineTimeZone } from "./offline-time-zone.js";
import { type ReopenReport, reopenArchivedDays } from "./reopen-archived-days.js";
import { describeReopened } from "./reopened-days-summary.js";

/** What an importer is given to report and to save its place. */
export interface ImportHooks {
  onProgress(progress: ImportProgress): void;
  /** Stores everything pushed so far; false when the store refused it (nothing may be remembered as done). */
  flush(): boolean;
}

export interface ImportRunDeps {
  /** What messages call the source: a file's path, a database's address without its password. */
  label: string;
  /** What the source is counted in: "lines" of a file, "rows" of a database. */
  unit: "lines" | "rows";
  /** The importer, made once the ingest path it feeds exists. */
  open(hooks: ImportHooks): Importer;
  /** Entity → area from `--areas`, read and checked before the import started. */
  areaMap?: Map<string, string>;
  config: Config;
  stores: SqliteStores;
  clock: Clock;
  logger: Logger;
  out: (line: string) => void;
  err: (line: string) => void;
  /**
   * Aborted by Ctrl-C: reading stops, what was read is stored (the batch under way is committed),
   * and the imported days are marked for rollup instead of being rolled up now.
   */
  stop?: AbortSignal;
}

/** Returns the exit code: 0 when the whole source was read and stored, 1 otherwise. */
export async function runImport(deps: ImportRunDeps): Promise<number> {
  const { label, unit, config, stores, clock, logger, out, err } = deps;
  const time = new LocalTime(offlineTimeZone(config, stores.cursors));
  let halted = false;
  let importer: Importer | undefined;
  const aggregates = new SqliteAggregateStore(stores.db);
  // Events an earlier run stopped by a full disk left in archived days are merged first: after
  // ingest, every event there is then this run's, and the summary's counts are exact.
  const before = await reopenImportedArchivedDays(stores, aggregates, config, time, clock);
  // Only days that got new events are rolled up again: importing a file twice changes nothing.
  const imported = trackImportedDays({ events: stores.events, aggregates, time, clock });
  const ingest = new IngestPipeline({
    store: imported.store,
    cursors: stores.cursors,
    clock,
    logger: logger.child("ingest"),
    filter: createEntityFilter(config.options),
    bus: new TypedBus<AppEvents>(logger),
    maxBatch: 20_000,
    // A full disk will not empty itself while we wait: stop reading and say how far we got.
    onWriteError: (e) => {
      if (!isDiskFull(e)) return "retry";
      halted = true;
      void importer?.stop();
      return "halt";
    },
  });
  let lastShown = 0;
  importer = deps.open({
    onProgress: (p) => {
      const now = clock.now();
      if (now - lastShown < 1000 && p.bytesRead < p.totalBytes) return;
      lastShown = now;
      err(
        `importing ${label}: ${percentOf(p)}% (${p.linesRead} ${unit}, ${p.events} events, ${p.malformed} malformed)`,
      );
    },
    flush: () => !halted && ingest.flush(),
  });
  const stopReading = () => void importer?.stop();
  deps.stop?.addEventListener("abort", stopReading, { once: true });
  if (deps.stop?.aborted) stopReading();
  try {
    await importer.start(ingest);
  } finally {
    deps.stop?.removeEventListener("abort", stopReading);
  }
  const stored = !halted && ingest.close();
  const report = importer.report();
  const stopped = deps.stop?.aborted === true && stored;
  if (!stored) {
    const counts = ingest.counters();
    const what =
      unit === "lines"
        ? `line ${report.linesRead} (${percentOf(report)}% of the file)`
        : `row ${report.linesRead} (${percentOf(report)}% of the rows)`;
    err(
      `import stopped at ${what}: the disk is full ` +
        `(${counts.lastError ?? counts.halted}). ${counts.stored} events were stored; ` +
        "free some space and run the same import again: what is already stored is skipped, nothing is stored twice.",
    );
  }
  const areas = assignImportedAreas(
    stores.registry,
    report.entities,
    createAreaResolver({ registry: stores.registry, areaMap: deps.areaMap }),
  );
  // Events of days already archived went into an emptied L1: merged with the archive now, so
  // that the summary counts those it held as already stored.
  const reopening =
    stored && !stopped ? await reopenImportedArchivedDays(stores, aggregates, config, time, clock) : undefined;
  const figures = importFigures(report, ingest.counters());
  let alreadyArchived = 0;
  for (const n of reopening?.report?.alreadyArchived.values() ?? []) alreadyArchived += n;
  const [first, ...rest] = describeImport(
    label,
    { ...figures, stored: figures.stored - alreadyArchived, alreadyStored: figures.alreadyStored + alreadyArchived },
    unit,
  );
  out(`${first}; ${counted(report.entities.length, "entity", "entities")} (${areas.withArea} with an area)`);
  for (const line of rest) out(line);
  for (const e of report.errors) out(unit === "lines" ? `  line ${e.line}: ${e.reason}` : `  ${e.reason}`);
  if (!stored) return 1;
  if (stopped && deps.stop) {
    const where =
      unit === "lines"
        ? `after line ${report.linesRead} (${percentOf(report)}% of the file)`
        : `after row ${report.linesRead} (${percentOf(report)}% of the rows)`;
    err(
      `import stopped ${where} (${stopName(deps.stop)}): what was read before is stored; run the same ` +
        "import again to go on: what is already stored is skipped, nothing is stored twice.",
    );
  }
  const newestPerDay = imported.newestPerDay;
  const reopened = bothReopenings(before.report, reopening?.report);
  if (reopened) {
    for (const line of describeReopened(reopened)) out(line);
    const days = new Set(reopened.reopened.map((r) => r.day));
    // Days whose events the archive held already changed in nothing: they are not rolled up again.
    for (const day of [...newestPerDay.keys()]) {
      if (aggregates.dayRecord(day)?.rawPurgedAt != null && !days.has(day)) newestPerDay.delete(day);
    }
    for (const r of reopened.reopened) newestPerDay.set(r.day, Math.max(newestPerDay.get(r.day) ?? r.newest, r.newest));
  }
  for (const e of [before.error, reopening?.error]) if (e) err(e);
  const history = await rollUpImportedHistory({ config, stores, time, clock, logger, newestPerDay, stop: deps.stop });
  for (const line of history.lines) out(line);
  for (const e of history.errors) err(e);
  const stoppedAnywhere = deps.stop?.aborted === true;
  return stoppedAnywhere || report.failure || history.errors.length > 0 || before.error || reopening?.error ? 1 : 0;
}

/** The days reopened before the import (an earlier run's leftovers) and after it, as one report. */
function bothReopenings(a: ReopenReport | undefined, b: ReopenReport | undefined): ReopenReport | undefined {
  if (!a || !b) return a ?? b;
  const reopened = [...a.reopened, ...b.reopened];
  const days = new Set(reopened.map((r) => r.day));
  return {
    alreadyArchived: new Map([...a.alreadyArchived, ...b.alreadyArchived]),
    reopened,
    following: [...new Set([...a.following, ...b.following])].filter((d) => !days.has(d)).sort(),
    notReopened: [...a.notReopened, ...b.notReopened],
  };
}

/** Reads the archive back for the purged days the import brought events into (DuckDB: the command line only). */
async function reopenImportedArchivedDays(
  stores: SqliteStores,
  aggregates: SqliteAggregateStore,
  config: Config,
  time: LocalTime,
  clock: Clock,
): Promise<{ report?: ReopenReport; error?: string }> {
  try {
    const report = await reopenArchivedDays({
      events: stores.events,
      aggregates,
      archive: new ParquetArchive(path.join(config.dataDir, "archive")),
      time,
      today: time.dayOf(clock.now()),
    });
    return { report };
  } catch (e) {
    return {
      error: `merging the events of archived days failed: ${errorMessage(e)}; those days keep what they had, and the same import run again tries once more`,
    };
  }
}

function percentOf(p: Pick<ImportReport, "bytesRead" | "totalBytes">): number {
  return p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100;
}
