// How the storage budget and the last layer cycle show as stores in /api/health.
import type { CycleReport } from "../layers/layer-cycle.js";
import type { BudgetState } from "../storage/storage-budget.js";
import type { StoreHealth } from "../web/api-types.js";

/** Near or over the budget degrades the service (the oldest data goes); a full disk is an error. */
export function storageHealth(state: BudgetState, lastError: string | null): StoreHealth {
  const status = state === "ok" || state === "near" ? "ok" : state === "disk_full" ? "error" : "degraded";
  return { name: "storage budget", status, detail: lastError && state !== "ok" ? `${state}: ${lastError}` : state };
}

/** The last layer cycle's rollup (L2/L3) and archive (Parquet/DuckDB) steps, each as a store. */
export function layerHealth(report: CycleReport | null): StoreHealth[] {
  if (!report) return [{ name: "layers", status: "ok", detail: "no rollup yet" }];
  const failedDays = report.rollup.failed.map((f) => f.day);
  const archiveFailed = report.archive?.failed.map((f) => `${f.day}: ${f.error}`) ?? [];
  const archiveError = report.errors.find((e) => e.startsWith("archive:")) ?? archiveFailed.join("; ");
  return [
    {
      name: "layers",
      status: failedDays.length > 0 ? "degraded" : "ok",
      detail:
        failedDays.length > 0
          ? `rollup failed for ${failedDays.join(", ")}`
          : `last rollup ${new Date(report.finishedAt).toISOString()}`,
    },
    {
      name: "archive",
      status: archiveError ? "degraded" : "ok",
      detail: archiveError || `${report.archive?.archived.length ?? 0} days archived in the last cycle`,
    },
  ];
}
