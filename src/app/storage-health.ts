// The storage budget's line in /api/health: near or over the budget, a full disk, paused writes.

import type { StorageUsage } from "../storage/storage-budget.js";
import type { GuardState } from "../storage/storage-guard.js";
import type { StoreHealth } from "../web/api-types.js";

const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);

/**
 * Near or over the budget degrades the service (the oldest data goes). A full disk while our data
 * is within its budget pauses writes: degraded, not an error, because a restart by a watchdog
 * would lose the events held in memory. A full disk with nothing of ours left to free is an error.
 */
export function storageHealth(usage: StorageUsage, guard: GuardState, heldEvents: number): StoreHealth {
  const name = "storage budget";
  const ours = `our data uses ${mb(usage.usedBytes)} of its ${mb(usage.budgetBytes)} MB budget`;
  if (usage.state === "disk_full" && guard.paused) {
    return {
      name,
      status: "degraded",
      detail:
        `disk full (${ours}): writes paused, ${heldEvents} events held in memory until there is space; ` +
        "nothing is deleted to make room",
    };
  }
  if (usage.state === "disk_full") {
    return { name, status: "error", detail: `disk full (${ours}): ${guard.lastError ?? "writes refused"}` };
  }
  const status = usage.state === "over" ? "degraded" : "ok";
  return {
    name,
    status,
    detail: guard.lastError && usage.state !== "ok" ? `${usage.state}: ${guard.lastError}` : usage.state,
  };
}
