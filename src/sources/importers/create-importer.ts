// Picks the parser for an import format and wraps it as an Importer (an EventSource).
import { createFileImporter, type Importer, type ImporterOptions } from "./file-importer.js";
import { createHistoryCsvParser, HISTORY_CSV_SOURCE } from "./ha-history-csv.js";
import { createStateChangedJsonlParser, STATE_CHANGED_JSONL_SOURCE } from "./state-changed-jsonl.js";

export const IMPORT_FORMATS = ["ha-history-csv", "jsonl"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export function isImportFormat(value: string): value is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(value);
}

/** The format a file name suggests (.csv, .jsonl/.ndjson), for when --format is not given. */
export function importFormatFromName(file: string): ImportFormat | undefined {
  if (/\.csv$/i.test(file)) return "ha-history-csv";
  if (/\.(jsonl|ndjson)$/i.test(file)) return "jsonl";
  return undefined;
}

/** Events carry source "import:csv" or "import:jsonl"; the importer's name is the same. */
export function createImporter(format: ImportFormat, file: string, options: ImporterOptions = {}): Importer {
  switch (format) {
    case "ha-history-csv":
      return createFileImporter(
        HISTORY_CSV_SOURCE,
        file,
        createHistoryCsvParser(HISTORY_CSV_SOURCE, options.now),
        options,
      );
    case "jsonl":
      return createFileImporter(STATE_CHANGED_JSONL_SOURCE, file, createStateChangedJsonlParser(), options);
    default:
      throw new Error(`unknown import format ${JSON.stringify(format)}: use one of ${IMPORT_FORMATS.join(", ")}`);
  }
}
