// `home-patterns import --format ha-history-csv|jsonl <file> [--areas <map>]`: a file through the same ingest path as live events.

import type { Config } from "../config/config.js";
import type { AppEvents } from "../core/app-events.js";
import { TypedBus } from "../core/event-bus.js";
import { createLogger } from "../core/logger.js";
import { createEntityFilter } from "../ingest/entity-filter.js";
import { IngestPipeline } from "../ingest/ingest-pipeline.js";
import { loadAreaMap } from "../sources/importers/area-map-file.js";
import { assignImportedAreas } from "../sources/importers/assign-imported-areas.js";
import {
  createImporter,
  IMPORT_FORMATS,
  importFormatFromName,
  isImportFormat,
} from "../sources/importers/create-importer.js";
import { createAreaResolver } from "../sources/importers/resolve-area.js";
import { openSqliteStores } from "../storage/sqlite/sqlite-stores.js";
import type { CommandContext } from "./commands.js";
import type { ParsedArgs } from "./parse-args.js";
import { RECORD_FORMATS, recordSourceFor } from "./record-formats.js";
import { runRecordImport } from "./record-import-command.js";

export async function runImportCommand(
  args: ParsedArgs,
  config: Config,
  ctx: Required<CommandContext>,
): Promise<number> {
  const file = args.positionals[0];
  if (!file) {
    ctx.err("import needs a file: home-patterns import --format ha-history-csv|jsonl <file>");
    return 2;
  }
  const formatFlag = typeof args.flags.format === "string" ? args.flags.format : importFormatFromName(file);
  const records = formatFlag ? recordSourceFor(formatFlag, file, args, ctx.env) : undefined;
  if (records) return runRecordImport({ ...records, fromStart: args.flags["from-start"] === true }, config, ctx);
  if (!formatFlag || !isImportFormat(formatFlag)) {
    ctx.err(
      `--format must be one of ${[...IMPORT_FORMATS, ...RECORD_FORMATS].join(", ")}${formatFlag ? `, got ${formatFlag}` : ""}`,
    );
    return 2;
  }
  const logger = createLogger(config.options.log_level === "warning" ? "warn" : config.options.log_level, ctx.err);
  const stores = openSqliteStores({
    dataDir: config.dataDir,
    logger: logger.child("storage"),
    now: () => ctx.clock.now(),
  });
  try {
    const ingest = new IngestPipeline({
      store: stores.events,
      cursors: stores.cursors,
      clock: ctx.clock,
      logger: logger.child("ingest"),
      filter: createEntityFilter(config.options),
      bus: new TypedBus<AppEvents>(logger),
      maxBatch: 20_000,
    });
    let lastShown = 0;
    // The importer's own line log would repeat what ingest logs and the summary lists.
    const importer = createImporter(formatFlag, file, {
      onProgress: (p) => {
        const now = ctx.clock.now();
        if (now - lastShown < 1000 && p.bytesRead < p.totalBytes) return;
        lastShown = now;
        const pct = p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100;
        ctx.err(`importing ${file}: ${pct}% (${p.linesRead} lines, ${p.events} events, ${p.malformed} malformed)`);
      },
    });
    await importer.start(ingest);
    if (!ingest.close()) {
      ctx.err("the database refused the imported events (is the disk full?)");
      return 1;
    }
    const report = importer.report();
    const areaMap = typeof args.flags.areas === "string" ? await loadAreaMap(args.flags.areas) : undefined;
    const areas = assignImportedAreas(
      stores.registry,
      report.entities,
      createAreaResolver({ registry: stores.registry, areaMap }),
    );
    const counts = ingest.counters();
    ctx.out(
      `imported ${file}: ${report.linesRead} lines, ${counts.stored} events stored, ${counts.duplicates} already stored, ` +
        `${report.malformed} malformed lines skipped, ${report.entities.length} entities (${areas.withArea} with an area)`,
    );
    for (const e of report.errors) ctx.out(`  line ${e.line}: ${e.reason}`);
    return report.failure ? 1 : 0;
  } finally {
    stores.close();
  }
}
