// `home-patterns import --format ha-history-csv|jsonl <file> [--areas <map>]`: a file through the same ingest path as live events.

import type { Config } from "../config/config.js";
import { createLogger } from "../core/logger.js";
import { IMPORT_FORMATS, importFormatFromName, isImportFormat } from "../sources/importers/create-importer.js";
import { openSqliteStores } from "../storage/sqlite/sqlite-stores.js";
import type { CommandContext } from "./commands.js";
import { importFile } from "./import-file.js";
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
  const records = formatFlag ? recordSourceFor(formatFlag, file, args, ctx.env, () => ctx.clock.now()) : undefined;
  if (records && "problem" in records) {
    ctx.err(records.problem);
    return 2;
  }
  const areasFile = typeof args.flags.areas === "string" ? args.flags.areas : undefined;
  if (records)
    return runRecordImport({ ...records, fromStart: args.flags["from-start"] === true, areasFile }, config, ctx);
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
    return await importFile({
      file,
      format: formatFlag,
      areasFile,
      config,
      stores,
      clock: ctx.clock,
      logger,
      out: ctx.out,
      err: ctx.err,
    });
  } finally {
    stores.close();
  }
}
