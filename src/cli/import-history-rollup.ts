// After an import of old history: roll its days into L2/L3 and archive them before retention takes the raw rows.

import type { Config } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import { addDays, type LocalTime } from "../core/local-time.js";
import type { Logger } from "../core/logger.js";
import { counted } from "../core/plural.js";
import { L2_KINDS, L3_KINDS } from "../layers/kinds/index.js";
import { createLayerServices, type LayerServices } from "../layers/layer-services.js";
import type { DayRollup } from "../layers/rollup.js";
import type { SqliteStores } from "../storage/sqlite/sqlite-stores.js";
import { stopName } from "./hold-data-dir.js";

export interface HistoryRollupDeps {
  config: Config;
  stores: SqliteStores;
  time: LocalTime;
  clock: Clock;
  logger: Logger;
  /** The imported events' local days, each with its newest event time. */
  newestPerDay: ReadonlyMap<string, number>;
  /** Aborted by Ctrl-C: the days are marked for rollup, and no further day is rolled up. */
  stop?: AbortSignal;
}

/**
 * The layer cycle runs now over every closed day the import touched (rollup, archive, then
 * retention), so `detect` sees the history at once. Days older than the raw retention would
 * otherwise go at the next retention run with nothing learned from them: they are archived too.
 * An import that brought nothing new still rolls up the days an earlier one, stopped by Ctrl-C
 * before it had rolled them up, left pending: "run the same import again" goes on.
 */
export async function rollUpImportedHistory(deps: HistoryRollupDeps): Promise<{ lines: string[]; errors: string[] }> {
  const { config, stores, time, clock, logger, newestPerDay } = deps;
  const retentionDays = config.options.raw_retention_days;
  const cutoff = addDays(time.dayOf(clock.now()), -retentionDays);
  const days = [...newestPerDay.keys()].sort();
  const old = days.filter((d) => d < cutoff);
  const layers = createLayerServices({
    stores,
    dataDir: config.dataDir,
    kinds: L2_KINDS,
    periodKinds: L3_KINDS,
    time,
    clock,
    logger,
    options: config.options,
  });
  try {
    if (days.length === 0) return await rollUpLeftPending(layers, deps.stop);
    const startedAt = clock.now();
    // Days rolled up before the import are re-opened, so the next rollup (now, or the service's) sees the new events.
    layers.rollup.markDirtyTimes(newestPerDay.values());
    const report = await layers.cycle.run("import", deps.stop);
    if (deps.stop?.aborted) {
      const rolled = report.rollup.rolledUp.length;
      const left = report.rollup.notReached?.length ?? 0;
      const lines = [
        `rolling up stopped (${stopName(deps.stop)}): ${counted(rolled, "day")} rolled up, ${counted(left, "day")} ` +
          "marked for rollup; archiving and retention not finished (home-patterns rollup, the service, or the " +
          "same import again does what is left)",
      ];
      return { lines, errors: report.rollup.failed.map((f) => `rolling up ${f.day} failed: ${f.error}`) };
    }
    const records = new Map(layers.aggregates.dayRecords().map((r) => [r.day, r]));
    const today = time.dayOf(clock.now());
    const recent = days.filter((d) => d >= cutoff && d < today);
    const recentDone = recent.filter((d) => (records.get(d)?.rolledUpAt ?? -1) >= startedAt).length;
    const lines: string[] = [];
    const kept = keptPeriodsLine(report.rollup.rolledUp, config.options.daily_retention_days);
    const recentLine = `${recentDone} of ${recent.length} closed days within the ${retentionDays}-day raw retention: rolled up`;
    const errors = [
      ...report.rollup.failed.map((f) => `rolling up ${f.day} failed: ${f.error}`),
      ...(report.archive?.failed ?? []).map((f) => `archiving ${f.day} failed: ${f.error}`),
      ...report.errors,
    ];
    if (old.length === 0) return { lines: [...(recent.length > 0 ? [recentLine] : []), ...kept], errors };
    const done = old.filter((d) => {
      const r = records.get(d);
      return r !== undefined && (r.rolledUpAt ?? -1) >= startedAt && (r.archivedAt ?? -1) >= startedAt;
    });
    const head = `${old.length} of ${days.length} days older than the ${retentionDays}-day raw retention`;
    const line =
      done.length === old.length
        ? `${head}: rolled up and archived`
        : `${head}: ${done.length} rolled up and archived, ${old.length - done.length} not (their raw events were already purged, or see the errors)`;
    lines.push(line);
    // Rolled up all the same, but the daily layer keeps only its retention: say where the days live on.
    const dailyCutoff = addDays(time.dayOf(clock.now()), -config.options.daily_retention_days);
    const pastDaily = done.filter((d) => d < dailyCutoff).length;
    if (pastDaily > 0) {
      lines.push(
        `  ${pastDaily} of them are past the ${config.options.daily_retention_days}-day daily retention too: their events stay in the archive (home-patterns analytics)`,
      );
    }
    if (recent.length > 0) lines.push(recentLine);
    lines.push(...kept);
    return { lines, errors };
  } catch (err) {
    return { lines: [], errors: [`rolling up the imported history failed: ${errorMessage(err)}`] };
  } finally {
    await layers.stop();
  }
}

/** The days left pending before this import, rolled up (with the rest of the cycle) if there are any. */
async function rollUpLeftPending(
  layers: LayerServices,
  stop: AbortSignal | undefined,
): Promise<{ lines: string[]; errors: string[] }> {
  // Marked dirty, as a stopped import leaves its days; not merely closed since (the service's nightly work).
  const dirty = layers.rollup.pendingDays().filter((d) => layers.aggregates.dayRecord(d)?.status === "dirty");
  if (dirty.length === 0) return { lines: [], errors: [] };
  const report = await layers.cycle.run("import", stop);
  const errors = [
    ...report.rollup.failed.map((f) => `rolling up ${f.day} failed: ${f.error}`),
    ...(report.archive?.failed ?? []).map((f) => `archiving ${f.day} failed: ${f.error}`),
    ...report.errors,
  ];
  const left = report.rollup.notReached?.length ?? 0;
  const rolled =
    `rolled up ${counted(report.rollup.rolledUp.length, "day")} left waiting ` +
    "(an earlier import was stopped, or the service had not rolled them up yet)";
  if (!stop?.aborted) return { lines: [rolled], errors };
  return { lines: [`${rolled}; stopped (${stopName(stop)}) with ${counted(left, "day")} still pending`], errors };
}

/**
 * Weeks and months a rolled-up day belongs to that could not take it in: some of their other days
 * have left the daily layer, and recomputing them without those days would lose them.
 */
function keptPeriodsLine(rolledUp: readonly DayRollup[], dailyRetentionDays: number): string[] {
  const kept = [...new Set(rolledUp.flatMap((d) => d.keptPeriods))].sort();
  if (kept.length === 0) return [];
  const shown = kept.length > 4 ? `${kept.slice(0, 4).join(", ")}, …` : kept.join(", ");
  return [
    `  ${kept.length} weekly or monthly aggregates keep what they had (${shown}): some of their days have left the ${dailyRetentionDays}-day daily retention, so the new events are not added to them (the archive has them)`,
  ];
}
