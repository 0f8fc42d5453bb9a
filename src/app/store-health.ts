// How the last layer cycle shows as stores in /api/health (the budget: storage-health.ts).
import { counted } from "../core/plural.js";
import type { CycleReport } from "../layers/layer-cycle.js";
import type { RollupRun } from "../storage/aggregate-store.js";
import type { StoreHealth } from "../web/api-types.js";

/**
 * The rollup (L2/L3) and archive (Parquet/DuckDB) steps, each as a store. "Last rollup" is the last
 * run that rolled up a day, as stored (so it survives a restart), not the last cycle, which usually
 * finds nothing to do.
 */
export function layerHealth(report: CycleReport | null, lastRun: RollupRun | undefined): StoreHealth[] {
  const failedDays = report?.rollup.failed.map((f) => f.day) ?? [];
  const archiveFailed = report?.archive?.failed.map((f) => `${f.day}: ${f.error}`) ?? [];
  const archiveError = report?.errors.find((e) => e.startsWith("archive:")) ?? archiveFailed.join("; ");
  const layers: StoreHealth =
    failedDays.length > 0
      ? { name: "layers", status: "degraded", detail: `rollup failed for ${failedDays.join(", ")}` }
      : lastRun && lastRun.days.length > 0
        ? { name: "layers", status: "ok", detail: `last rollup: ${rolledUpDays(lastRun)}`, at: lastRun.finishedAt }
        : { name: "layers", status: "ok", detail: "no day rolled up yet" };
  return [
    layers,
    {
      name: "archive",
      status: archiveError ? "degraded" : "ok",
      detail: report
        ? archiveError || `${counted(report.archive?.archived.length ?? 0, "day")} archived in the last cycle`
        : "no cycle since the start yet",
    },
  ];
}

function rolledUpDays(run: RollupRun): string {
  const days = [...run.days].sort();
  const which = days.length === 1 ? days[0] : `${days[0]} to ${days[days.length - 1]}`;
  return `${counted(days.length, "day")} (${which}), ${`${run.events.toLocaleString("en-US")} ${run.events === 1 ? "event" : "events"}`}`;
}
