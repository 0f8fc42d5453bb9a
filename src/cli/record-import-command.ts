// `home-patterns import --format ha-recorder|influxdb|ltss <source>`: a database's history through the same ingest path as live events, resumable.

import type { AppEvents } from "../app-events.js";
import type { Config } from "../config/config.js";
import { TypedBus } from "../core/event-bus.js";
import { createEntityFilter } from "../ingest/entity-filter.js";
import { IngestPipeline } from "../ingest/ingest-pipeline.js";
import { createRecordImporter, type RecordSource } from "../sources/importers/record-importer.js";
import type { CommandContext } from "./commands.js";
import { withCommandLayers } from "./rollup-command.js";

export interface RecordImportRequest {
  /** The importer's name and the events' source ("import:ha-recorder"). */
  name: string;
  source: RecordSource;
  /** Read everything again rather than resume after the last import of this source. */
  fromStart: boolean;
}

/** The cursor an import of this source resumes from. */
export function importCursorKey(name: string, target: string): string {
  return `${name}:${target}`;
}

export async function runRecordImport(
  request: RecordImportRequest,
  config: Config,
  ctx: Required<CommandContext>,
): Promise<number> {
  return withCommandLayers(config, ctx, async (layers, { stores, logger }) => {
    const ingest = new IngestPipeline({
      store: stores.events,
      cursors: stores.cursors,
      clock: ctx.clock,
      logger: logger.child("ingest"),
      filter: createEntityFilter(config.options),
      bus: new TypedBus<AppEvents>(logger),
      maxBatch: 20_000,
    });
    // Days that get events are rolled up again once the import is done.
    ingest.onCommitted("layers", (events) => void layers.markDirtyTimes(events.map((e) => e.ts)));
    const key = importCursorKey(request.name, request.source.target);
    const resumeFrom = request.fromStart ? undefined : stores.cursors.get(key);
    if (resumeFrom !== undefined) ctx.err(`resuming ${request.source.target} after position ${resumeFrom}`);
    let lastShown = 0;
    let refused = false;
    const importer = createRecordImporter(request.name, request.source, {
      resumeFrom,
      // The position is saved only once everything before it is stored: a rerun never skips a row.
      checkpoint: (position) => {
        if (ingest.flush()) stores.cursors.set(key, position);
        else refused = true;
      },
      onProgress: (p) => {
        const now = ctx.clock.now();
        if (now - lastShown < 1000 && p.linesRead < p.totalBytes) return;
        lastShown = now;
        const pct = p.totalBytes > 0 ? Math.floor((100 * p.linesRead) / p.totalBytes) : 100;
        ctx.err(`importing ${request.source.target}: ${pct}% (${p.linesRead} records, ${p.events} events)`);
      },
    });
    await importer.start(ingest);
    if (!ingest.close() || refused) {
      ctx.err("the database refused the imported events (is the disk full?); run the import again to resume");
      return 1;
    }
    const cycle = await layers.cycle.run("import");
    const report = importer.report();
    const counts = ingest.counters();
    const skipped = {
      ...importer.skipped(),
      malformed: counts.malformed,
      "excluded by the options": counts.filtered,
      "state unchanged": counts.unchanged,
    };
    const skippedText = Object.entries(skipped)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => `${n} ${reason}`)
      .join(", ");
    ctx.out(
      `imported ${request.source.target}: ${report.linesRead} records, ${counts.stored} events stored, ` +
        `${counts.duplicates} already stored; skipped: ${skippedText || "none"}; ` +
        `${cycle.rollup.rolledUp.length} days rolled up, ${report.entities.length} entities`,
    );
    for (const e of report.errors) ctx.out(`  ${e.reason}`);
    return 0;
  });
}
