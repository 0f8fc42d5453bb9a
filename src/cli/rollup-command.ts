// `home-patterns rollup [--day YYYY-MM-DD ...] [--dry-run]`: rolls up every pending or dirty day now and says what it did.

import type { Config } from "../config/config.js";
import { LocalTime, parseDay } from "../core/local-time.js";
import { createLogger, type Logger } from "../core/logger.js";
import { counted } from "../core/plural.js";
import { L2_KINDS, L3_KINDS } from "../layers/kinds/index.js";
import { createLayerServices, type LayerServices } from "../layers/layer-services.js";
import { openSqliteStores, type SqliteStores } from "../storage/sqlite/sqlite-stores.js";
import type { CommandContext, OfflineCommand } from "./commands.js";
import { stopName } from "./hold-data-dir.js";
import { offlineTimeZone } from "./offline-time-zone.js";
import type { ParsedArgs } from "./parse-args.js";

export interface RollupCommandDeps {
  layers: Pick<LayerServices, "cycle" | "rollup" | "markDirty">;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Aborted by Ctrl-C: no further day is begun. */
  stop?: AbortSignal;
}

export async function runRollupCommand(args: ParsedArgs, deps: RollupCommandDeps): Promise<number> {
  const { layers, out, err } = deps;
  const requested = requestedDays(args);
  if (typeof requested === "string") {
    err(requested);
    return 2;
  }
  if (requested.length > 0) {
    const marked = layers.markDirty(requested);
    const skipped = requested.filter((d) => !marked.includes(d));
    if (skipped.length > 0)
      out(`not rolled up again (today or later, or raw events already purged): ${skipped.join(", ")}`);
  }
  const pending = layers.rollup.pendingDays();
  if (args.flags["dry-run"] === true) {
    out(
      pending.length === 0
        ? "nothing to roll up"
        : `would roll up ${counted(pending.length, "day")}: ${pending.join(", ")}`,
    );
    return 0;
  }
  const report = await layers.cycle.run("command", deps.stop);
  if (report.rollup.rolledUp.length === 0 && report.rollup.failed.length === 0)
    out("nothing to roll up: every closed day is clean");
  for (const d of report.rollup.rolledUp) {
    const rows = Object.values(d.rows).reduce((n, r) => n + r, 0);
    out(
      `rolled up ${d.day}: ${counted(d.events, "event")} → ${counted(rows, "row")} in ${counted(Object.keys(d.rows).length, "table")} (${d.durationMs} ms)`,
    );
  }
  for (const f of report.rollup.failed) err(`failed ${f.day}: ${f.error}`);
  for (const a of report.archive?.archived ?? [])
    out(`archived ${a.day}: ${counted(a.rows, "event")}, ${counted(a.bytes, "byte")}`);
  for (const f of report.archive?.failed ?? []) err(`archiving ${f.day} failed: ${f.error}`);
  const r = report.retention;
  if (r && r.rawEvents + r.l2Rows + r.l3Rows > 0) {
    out(
      `retention: ${counted(r.rawEvents, "raw event")}, ${counted(r.l2Rows, "daily row")}, ${counted(r.l3Rows, "period row")} removed; ${counted(r.freedBytes, "byte")} returned to the disk`,
    );
  }
  const b = report.budget;
  if (b) {
    for (const s of b.freed) out(`storage budget: removed ${s.step} ${s.day} (${s.bytes} bytes)`);
    out(`storage: ${b.usage.usedBytes} of ${b.usage.budgetBytes} bytes (${b.usage.state})`);
  }
  for (const e of report.errors) err(e);
  if (deps.stop?.aborted) err(stoppedLine(report.rollup.rolledUp.length, report.rollup.notReached ?? [], deps.stop));
  return report.rollup.failed.length > 0 || report.errors.length > 0 ? 1 : 0;
}

/** What a rollup stopped by the user kept, and how to go on. */
function stoppedLine(rolledUp: number, notReached: readonly string[], stop: AbortSignal): string {
  const left =
    notReached.length === 0
      ? "every day is rolled up"
      : `${counted(notReached.length, "day")} still to roll up (${notReached[0]}${notReached.length > 1 ? ` to ${notReached.at(-1)}` : ""})`;
  return (
    `rollup stopped (${stopName(stop)}): ${counted(rolledUp, "day")} rolled up and kept, ${left}; ` +
    "archiving and retention not finished. Run home-patterns rollup again to go on (the service also does it)."
  );
}

/** The days `--day` (comma-separated) and the positionals name, or what is wrong with one of them. */
export function requestedDays(args: ParsedArgs): string[] | string {
  const requested = [
    ...(args.flags.day === undefined ? [] : String(args.flags.day).split(",")),
    ...args.positionals,
  ].map((d) => d.trim());
  for (const day of requested) {
    try {
      parseDay(day);
    } catch {
      return `not a day: ${day} (expected YYYY-MM-DD, a day of the calendar)`;
    }
  }
  return requested;
}

/** Opens the data dir's database and the layers for a one-off command, closing both afterwards. */
export async function withCommandLayers<T>(
  config: Config,
  ctx: Required<CommandContext>,
  fn: (layers: LayerServices, opened: { stores: SqliteStores; logger: Logger }) => Promise<T>,
): Promise<T> {
  const logger = createLogger(config.options.log_level === "warning" ? "warn" : config.options.log_level, ctx.err);
  const stores = openSqliteStores({
    dataDir: config.dataDir,
    logger: logger.child("storage"),
    now: () => ctx.clock.now(),
  });
  const layers = createLayerServices({
    stores,
    dataDir: config.dataDir,
    kinds: L2_KINDS,
    periodKinds: L3_KINDS,
    time: new LocalTime(offlineTimeZone(config, stores.cursors)),
    clock: ctx.clock,
    logger,
    options: config.options,
  });
  try {
    return await fn(layers, { stores, logger });
  } finally {
    await layers.stop();
    stores.close();
  }
}

/** The entry OFFLINE_COMMANDS registers as `rollup`. */
export const rollupOfflineCommand: OfflineCommand = {
  valued: ["day"],
  switches: ["dry-run"],
  // Days may also follow the options: rollup 2026-11-20 2026-11-21.
  positionals: { max: Number.POSITIVE_INFINITY },
  writes: true,
  check: (args) => {
    const days = requestedDays(args);
    return typeof days === "string" ? days : undefined;
  },
  run: (args, config, ctx, stop) => {
    // Checked before the data dir is opened: a typo must not migrate or touch the database.
    const days = requestedDays(args);
    if (typeof days === "string") {
      ctx.err(days);
      return 2;
    }
    return withCommandLayers(config, ctx, (layers) =>
      runRollupCommand(args, { layers, out: ctx.out, err: ctx.err, stop }),
    );
  },
};
