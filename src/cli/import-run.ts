// One import into opened stores, whatever the source (a file or a database): through ingest, stopping at a full disk, then one summary that adds up.

import type { AppEvents } from "../app-events.js";
import type { Config } from "../config/config.js";
import type { Clock } from "../core/clock.js";
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
import { isDiskFull } from "../storage/sqlite/sqlite-database.js";
import type { SqliteStores } from "../storage/sqlite/sqlite-stores.js";
import { rollUpImportedHistory } from "./import-history-rollup.js";
import { offlineTimeZone } from "./offline-time-zone.js";

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
}

/** Returns the exit code: 0 when the whole source was read and stored, 1 otherwise. */
export async function runImport(deps: ImportRunDeps): Promise<number> {
  const { label, unit, config, stores, clock, logger, out, err } = deps;
  const time = new LocalTime(offlineTimeZone(config, stores.cursors));
  let halted = false;
  let importer: Importer | undefined;
  const ingest = new IngestPipeline({
    store: stores.events,
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
  // The newest time per local day is all the layers need to re-open the imported days.
  const newestPerDay = new Map<string, number>();
  ingest.onCommitted("imported-days", (events) => {
    for (const e of events) {
      const day = time.dayOf(e.ts);
      if ((newestPerDay.get(day) ?? Number.NEGATIVE_INFINITY) < e.ts) newestPerDay.set(day, e.ts);
    }
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
  await importer.start(ingest);
  const stored = !halted && ingest.close();
  const report = importer.report();
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
  const [first, ...rest] = describeImport(label, importFigures(report, ingest.counters()), unit);
  out(`${first}; ${counted(report.entities.length, "entity", "entities")} (${areas.withArea} with an area)`);
  for (const line of rest) out(line);
  for (const e of report.errors) out(unit === "lines" ? `  line ${e.line}: ${e.reason}` : `  ${e.reason}`);
  if (!stored) return 1;
  const history = await rollUpImportedHistory({ config, stores, time, clock, logger, newestPerDay });
  for (const line of history.lines) out(line);
  for (const e of history.errors) err(e);
  return report.failure || history.errors.length > 0 ? 1 : 0;
}

function percentOf(p: Pick<ImportReport, "bytesRead" | "totalBytes">): number {
  return p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100;
}
