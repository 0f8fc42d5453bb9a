// `home-patterns import --format ha-history-csv|jsonl <file> [--areas <map>]`: a file through the same ingest path as live events.

import { statSync } from "node:fs";
import { access, constants } from "node:fs/promises";
import type { Config } from "../config/config.js";
import { errorMessage, InputError } from "../core/errors.js";
import { createLogger } from "../core/logger.js";
import { loadAreaMap } from "../sources/importers/area-map-file.js";
import { IMPORT_FORMATS, importFormatFromName, isImportFormat } from "../sources/importers/create-importer.js";
import { openSqliteStores } from "../storage/sqlite/sqlite-stores.js";
import type { CommandContext } from "./commands.js";
import { importFile } from "./import-file.js";
import type { ParsedArgs } from "./parse-args.js";
import { RECORD_FORMATS, recordSourceFor } from "./record-formats.js";
import { runRecordImport } from "./record-import-command.js";

/** What is wrong with the file and format named, or undefined: told before the data dir is claimed. */
export function importArgsProblem(args: ParsedArgs): string | undefined {
  const file = args.positionals[0];
  if (!file) return "import needs a file: home-patterns import --format ha-history-csv|jsonl <file>";
  const format = typeof args.flags.format === "string" ? args.flags.format : importFormatFromName(file);
  // A folder passes the read check and fails only once the data dir is claimed (EISDIR).
  if (format && isImportFormat(format) && isFolder(file)) return `cannot read ${file}: it is a folder, not a file`;
  if (format && ((RECORD_FORMATS as readonly string[]).includes(format) || isImportFormat(format))) return undefined;
  return `--format must be one of ${[...IMPORT_FORMATS, ...RECORD_FORMATS].join(", ")}${format ? `, got ${format}` : ""}`;
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false; // a missing file is told by the read check, with the system's words
  }
}

export async function runImportCommand(
  args: ParsedArgs,
  config: Config,
  ctx: Required<CommandContext>,
  stop?: AbortSignal,
): Promise<number> {
  const problem = importArgsProblem(args);
  if (problem) {
    ctx.err(problem);
    return 2;
  }
  const file = args.positionals[0];
  const formatFlag = typeof args.flags.format === "string" ? args.flags.format : importFormatFromName(file);
  const records = formatFlag ? recordSourceFor(formatFlag, file, args, ctx.env, () => ctx.clock.now()) : undefined;
  if (records && "problem" in records) {
    ctx.err(records.problem);
    return 2;
  }
  // The area map is read and checked before a read that can take many minutes, and before the data dir is opened.
  if (records) {
    const areaMap = await readAreaMap(args, ctx);
    if (areaMap === null) return 2;
    return runRecordImport({ ...records, fromStart: args.flags["from-start"] === true, areaMap }, config, ctx, stop);
  }
  if (!formatFlag || !isImportFormat(formatFlag)) return 2; // importArgsProblem has told why
  const areaMap = await readAreaMap(args, ctx);
  if (areaMap === null) return 2;
  try {
    await access(file, constants.R_OK);
  } catch (err) {
    ctx.err(`cannot read ${file}: ${errorMessage(err)}`);
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
      areaMap,
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

/** `--areas`' entity → area map, undefined without the flag, null (said why) when it cannot be used. */
async function readAreaMap(
  args: ParsedArgs,
  ctx: Required<CommandContext>,
): Promise<Map<string, string> | undefined | null> {
  if (typeof args.flags.areas !== "string") return undefined;
  try {
    return await loadAreaMap(args.flags.areas);
  } catch (err) {
    ctx.err(err instanceof InputError ? err.message : `cannot read --areas ${args.flags.areas}: ${errorMessage(err)}`);
    return null;
  }
}
