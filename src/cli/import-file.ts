// A file import (CSV history download or state_changed JSONL) through the shared import run.

import type { Config } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import { createImporter, type ImportFormat } from "../sources/importers/create-importer.js";
import type { SqliteStores } from "../storage/sqlite/sqlite-stores.js";
import { runImport } from "./import-run.js";

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
export function importFile(deps: ImportFileDeps): Promise<number> {
  const { file, format, clock } = deps;
  return runImport({
    ...deps,
    label: file,
    unit: "lines",
    // The importer's own line log would repeat what ingest logs and the summary lists.
    open: (hooks) => createImporter(format, file, { now: () => clock.now(), onProgress: hooks.onProgress }),
  });
}
