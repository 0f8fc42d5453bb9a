// `home-patterns import --format ha-recorder|influxdb|influxdb2|ltss|… <source>`: a database's history through the shared import run, resumable.

import type { Config } from "../config/config.js";
import { createLogger } from "../core/logger.js";
import { createRecordImporter, type RecordSource } from "../sources/importers/record-importer.js";
import { openSqliteStores, type SqliteStores } from "../storage/sqlite/sqlite-stores.js";
import type { CommandContext } from "./commands.js";
import { runImport } from "./import-run.js";

export interface RecordImportRequest {
  /** The importer's name and the events' source ("import:ha-recorder"). */
  name: string;
  source: RecordSource;
  /** Read everything again rather than resume after the last import of this source. */
  fromStart: boolean;
  areaMap?: Map<string, string>;
}

/** The cursor an import of this source resumes from. */
export function importCursorKey(name: string, target: string): string {
  return `${name}:${target}`;
}

export async function runRecordImport(
  request: RecordImportRequest,
  config: Config,
  ctx: Required<CommandContext>,
  stop?: AbortSignal,
): Promise<number> {
  const logger = createLogger(config.options.log_level === "warning" ? "warn" : config.options.log_level, ctx.err);
  const stores = openSqliteStores({
    dataDir: config.dataDir,
    logger: logger.child("storage"),
    now: () => ctx.clock.now(),
  });
  try {
    return await importRecords(request, {
      config,
      stores,
      clock: ctx.clock,
      logger,
      out: ctx.out,
      err: ctx.err,
      stop,
    });
  } finally {
    stores.close();
  }
}

/** The same import into stores already open (a test caps their size to fill the disk). */
export function importRecords(
  request: RecordImportRequest,
  deps: Pick<Parameters<typeof runImport>[0], "config" | "stores" | "clock" | "logger" | "out" | "err" | "stop">,
): Promise<number> {
  const stores: SqliteStores = deps.stores;
  const key = importCursorKey(request.name, request.source.target);
  const resumeFrom = request.fromStart ? undefined : stores.cursors.get(key);
  if (resumeFrom !== undefined) deps.err(`resuming ${request.source.target} after position ${resumeFrom}`);
  return runImport({
    ...deps,
    label: request.source.target,
    unit: "rows",
    areaMap: request.areaMap,
    open: (hooks) =>
      createRecordImporter(request.name, request.source, {
        resumeFrom,
        // The position is saved only once everything before it is stored: a rerun never skips a row.
        checkpoint: (position) => {
          if (hooks.flush()) stores.cursors.set(key, position);
        },
        onProgress: hooks.onProgress,
      }),
  });
}
