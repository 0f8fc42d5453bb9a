// How the last layer cycle shows as stores in /api/health (the budget: storage-health.ts).
import type { CycleReport } from "../layers/layer-cycle.js";
import type { StoreHealth } from "../web/api-types.js";

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
