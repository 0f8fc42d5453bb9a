// Peak resident memory of one step: Linux's high-water mark (VmHWM), reset before the step.
import { readFileSync, writeFileSync } from "node:fs";

/**
 * Sampling RSS after a step misses what the step held in between (a day's events, DuckDB's
 * buffers). Writing 5 to /proc/self/clear_refs resets VmHWM to the current RSS, so VmHWM read
 * after the step is the step's own peak. Where /proc is missing, both fall back to the current RSS.
 */
export class StepPeaks<Step extends string> {
  /** The largest peak seen for each step, in MB. */
  readonly peaks: Record<Step, number>;
  private overall = 0;

  constructor(steps: readonly Step[]) {
    this.peaks = Object.fromEntries(steps.map((s) => [s, 0])) as Record<Step, number>;
  }

  /** Runs a step and records its peak. */
  async measure<T>(step: Step, fn: () => T | Promise<T>): Promise<T> {
    resetHighWater();
    const out = await fn();
    this.record(step);
    return out;
  }

  /** Records the peak since the last reset under this step, then resets. */
  record(step: Step): void {
    const mb = highWaterMb();
    this.peaks[step] = Math.max(this.peaks[step], mb);
    this.overall = Math.max(this.overall, mb);
    resetHighWater();
  }

  /** The largest peak of any step (getrusage's maxRSS does not survive the resets). */
  peakMb(): number {
    return Math.max(this.overall, highWaterMb());
  }
}

function resetHighWater(): void {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    // not Linux, or not allowed: VmHWM then keeps the whole run's peak
  }
}

function highWaterMb(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb !== undefined) return Math.round(Number(kb) / 1024);
  } catch {
    // fall through
  }
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}
