// One pass of the layer work, in the order that keeps data safe: roll up, archive, purge, fit the budget.
import type { Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { ArchiveReport, DayArchiver } from "../storage/duckdb/day-archiver.js";
import type { Retention, RetentionReport } from "../storage/retention.js";
import type { EnforceReport, StorageBudget } from "../storage/storage-budget.js";
import type { Rollup, RollupReport } from "./rollup.js";

export interface CycleReport {
  reason: string;
  startedAt: number;
  finishedAt: number;
  rollup: RollupReport;
  archive: ArchiveReport | null;
  retention: RetentionReport | null;
  budget: EnforceReport | null;
  errors: string[];
}

export interface LayerCycleDeps {
  rollup: Rollup;
  archiver?: DayArchiver;
  retention?: Retention;
  budget?: StorageBudget;
  clock: Clock;
  logger: Logger;
}

export class LayerCycle {
  private last: CycleReport | null = null;

  constructor(private readonly deps: LayerCycleDeps) {}

  /**
   * Once `stop` is aborted the cycle begins no further day, and skips the steps not begun yet:
   * each of them is safe to run later on what the cycle leaves.
   */
  async run(reason: string, stop?: AbortSignal): Promise<CycleReport> {
    const { clock, logger } = this.deps;
    const startedAt = clock.now();
    const report: CycleReport = {
      reason,
      startedAt,
      finishedAt: 0,
      rollup: await this.deps.rollup.rollupPending(reason, stop),
      archive: null,
      retention: null,
      budget: null,
      errors: [],
    };
    // Each later step is independent: a failing archive must not stop retention or the budget,
    // and retention itself refuses to drop raw days that are not archived.
    const step = async <T>(name: string, fn: () => T | Promise<T>): Promise<T | null> => {
      if (stop?.aborted) return null;
      try {
        return await fn();
      } catch (err) {
        report.errors.push(`${name}: ${errorMessage(err)}`);
        logger.error(`layer cycle: ${name} failed`, { error: errorMessage(err) });
        return null;
      }
    };
    if (this.deps.archiver) report.archive = await step("archive", () => this.deps.archiver!.archivePending(stop));
    if (this.deps.retention) report.retention = await step("retention", () => this.deps.retention!.run());
    if (this.deps.budget) report.budget = await step("budget", () => this.deps.budget!.enforce());
    report.finishedAt = clock.now();
    this.last = report;
    return report;
  }

  lastReport(): CycleReport | null {
    return this.last;
  }
}
