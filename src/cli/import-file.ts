// One import into opened stores: through ingest, stopping at a full disk, then a summary that adds up.

import type { AppEvents } from "../app-events.js";
import type { Config } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import { TypedBus } from "../core/event-bus.js";
import { LocalTime } from "../core/local-time.js";
import type { Logger } from "../core/logger.js";
import { createEntityFilter } from "../ingest/entity-filter.js";
import { describeImport, importFigures } from "../ingest/import-summary.js";
import { IngestPipeline } from "../ingest/ingest-pipeline.js";
import { loadAreaMap } from "../sources/importers/area-map-file.js";
import { assignImportedAreas } from "../sources/importers/assign-imported-areas.js";
import { createImporter, type ImportFormat } from "../sources/importers/create-importer.js";
import type { ImportReport } from "../sources/importers/file-importer.js";
import { createAreaResolver } from "../sources/importers/resolve-area.js";
import { isDiskFull } from "../storage/sqlite/sqlite-database.js";
import type { SqliteStores } from "../storage/sqlite/sqlite-stores.js";
import { rollUpImportedHistory } from "./import-history-rollup.js";
import { offlineTimeZone } from "./offline-time-zone.js";

export interface ImportFileDeps {
  file: string;
  format: ImportFormat;
  areasFile?: string;
  config: Config;
  stores: SqliteStores;
  clock: Clock;
  logger: Logger;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Returns the exit code: 0 when the whole file was read and stored, 1 otherwise. */
export async function importFile(deps: ImportFileDeps): Promise<number> {
  const { file, config, stores, clock, logger, out, err } = deps;
  const time = new LocalTime(offlineTimeZone(config, stores.cursors));
  let halted = false;
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
      void importer.stop();
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
  // The importer's own line log would repeat what ingest logs and the summary lists.
  const importer = createImporter(deps.format, file, {
    now: () => clock.now(),
    onProgress: (p) => {
      const now = clock.now();
      if (now - lastShown < 1000 && p.bytesRead < p.totalBytes) return;
      lastShown = now;
      err(`importing ${file}: ${percentOf(p)}% (${p.linesRead} lines, ${p.events} events, ${p.malformed} malformed)`);
    },
  });
  await importer.start(ingest);
  const stored = !halted && ingest.close();
  const report = importer.report();
  if (!stored) {
    const counts = ingest.counters();
    err(
      `import stopped at line ${report.linesRead} (${percentOf(report)}% of the file): the disk is full ` +
        `(${counts.lastError ?? counts.halted}). ${counts.stored} events were stored; ` +
        "free some space and run the same import again: what is already stored is skipped, nothing is stored twice.",
    );
  }
  const areaMap = deps.areasFile ? await loadAreaMap(deps.areasFile) : undefined;
  const areas = assignImportedAreas(
    stores.registry,
    report.entities,
    createAreaResolver({ registry: stores.registry, areaMap }),
  );
  const [first, ...rest] = describeImport(file, importFigures(report, ingest.counters()));
  out(`${first}; ${report.entities.length} entities (${areas.withArea} with an area)`);
  for (const line of rest) out(line);
  for (const e of report.errors) out(`  line ${e.line}: ${e.reason}`);
  if (!stored) return 1;
  const history = await rollUpImportedHistory({ config, stores, time, clock, logger, newestPerDay });
  for (const line of history.lines) out(line);
  for (const e of history.errors) err(e);
  return report.failure || history.errors.length > 0 ? 1 : 0;
}

function percentOf(p: Pick<ImportReport, "bytesRead" | "totalBytes">): number {
  return p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100;
}
