// A file import (CSV history download or state_changed JSONL) through the shared import run.

import { createImporter, type ImportFormat } from "../sources/importers/create-importer.js";
import { type ImportRunDeps, runImport } from "./import-run.js";

/** The shared run's stores and outputs; the file names the source, its unit and its importer. */
export interface ImportFileDeps extends Omit<ImportRunDeps, "label" | "unit" | "open"> {
  file: string;
  format: ImportFormat;
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
