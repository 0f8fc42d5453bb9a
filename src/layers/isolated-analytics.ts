// Runs each analytics query in a child process the service can kill: its memory and time never become the service's.
import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { InputError } from "../core/errors.js";
import { packageRoot } from "../core/package-root.js";
import { type AnalyticsLimits, type AnalyticsResult, analyticsViews } from "../storage/duckdb/analytics-query.js";
import type { AnalyticsJob, AnalyticsReply } from "./analytics-job.js";

export interface IsolatedAnalyticsDeps {
  /** Everything of the job but the SQL and the limits, read when a query starts. */
  job: () => Omit<AnalyticsJob, "sql" | "limits" | "maxResultBytes">;
  dailyKinds: readonly string[];
  periodKinds: readonly string[];
  limits: AnalyticsLimits;
  /** The child is killed once its resident memory passes this (DuckDB's own limit misses big values). */
  maxChildRssBytes?: number;
  maxResultBytes?: number;
  /** Queries at once; more get "busy" rather than waiting past their deadline. */
  maxConcurrent?: number;
  /** A monotonic clock for durations (the demo's clock runs 60 times faster than real time). */
  elapsedMs?: () => number;
  /** The built child entry; default dist/src/layers/analytics-child.js of this package. */
  childScript?: string;
  /**
   * Told the rows the child's readers left out for an id no dictionary has (the service adds
   * them to its own count). A child killed before it answered tells nothing.
   */
  onSkippedRows?: (rows: number) => void;
}

/** A query the service will not run now: too many at once. */
export class AnalyticsBusyError extends Error {
  constructor(max: number) {
    super(`${max} analytics queries are already running: try again when one has finished`);
    this.name = "AnalyticsBusyError";
  }
}

/** After the limit, DuckDB's own interrupt gets this long before the child is killed (answer by limit + 1 s). */
const KILL_GRACE_MS = 500;
const RSS_POLL_MS = 25;
const DEFAULT_MAX_RESULT_BYTES = 4 * 1024 * 1024;
const DEFAULT_MAX_CHILD_RSS = 384 * 1024 * 1024;

/**
 * DuckDB's memory_limit covers its buffer pool, not every value a query builds:
 * `SELECT repeat('x', 1000000000)` took a shared process to 3.9 GB and ignored the interrupt for
 * 72 s. In a child process the query can be killed at its deadline or at a memory cap whatever
 * it is doing, the service's own memory stays flat, and its event loop keeps answering.
 */
export class IsolatedAnalytics {
  private running = 0;
  private readonly elapsed: () => number;

  constructor(private readonly deps: IsolatedAnalyticsDeps) {
    this.elapsed = deps.elapsedMs ?? (() => performance.now());
  }

  views(): { name: string; description: string }[] {
    return analyticsViews(this.deps.dailyKinds, this.deps.periodKinds);
  }

  async run(sql: string): Promise<AnalyticsResult> {
    const max = this.deps.maxConcurrent ?? 2;
    if (this.running >= max) throw new AnalyticsBusyError(max);
    this.running++;
    const started = this.elapsed();
    try {
      const job: AnalyticsJob = {
        ...this.deps.job(),
        sql,
        limits: this.deps.limits,
        maxResultBytes: this.deps.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES,
      };
      const reply = await this.inChild(job);
      const skipped = reply.skippedRows;
      // From another process: only a count is taken.
      if (typeof skipped === "number" && Number.isSafeInteger(skipped) && skipped > 0)
        this.deps.onSkippedRows?.(skipped);
      if (!reply.ok) throw reply.input ? new InputError(reply.message) : new Error(reply.message);
      return { ...reply.result, durationMs: Math.round(this.elapsed() - started) };
    } finally {
      this.running--;
    }
  }

  private inChild(job: AnalyticsJob): Promise<AnalyticsReply> {
    const script = this.deps.childScript ?? path.join(packageRoot(), "dist", "src", "layers", "analytics-child.js");
    const maxRss = this.deps.maxChildRssBytes ?? DEFAULT_MAX_CHILD_RSS;
    const deadlineMs = job.limits.timeoutMs + KILL_GRACE_MS;
    return new Promise((resolve, reject) => {
      const child = fork(script, [], {
        stdio: ["ignore", "ignore", "pipe", "ipc"],
        serialization: "json",
        // The V8 heap holds at most the result being serialised; DuckDB's memory is native.
        execArgv: ["--max-old-space-size=160"],
      });
      let stderr = "";
      child.stderr?.on("data", (d: Buffer) => {
        if (stderr.length < 4000) stderr += d.toString();
      });
      let verdict: AnalyticsReply | undefined;
      // The caller is answered at once: a child holding gigabytes can take a while to be reaped.
      const stop = (reply: AnalyticsReply) => {
        if (verdict) return;
        verdict = reply;
        child.kill("SIGKILL");
        clearTimeout(deadline);
        clearInterval(watch);
        resolve(reply);
      };
      // Counted from the request, start-up included: whatever the query does, the caller has an
      // answer by the time limit + 1 s.
      const deadline = setTimeout(
        () =>
          stop({
            ok: false,
            input: true,
            message: `query took longer than ${job.limits.timeoutMs} ms and was stopped`,
          }),
        deadlineMs,
      );
      const watch = setInterval(() => {
        const rss = residentBytes(child);
        if (rss !== undefined && rss > maxRss) {
          const mb = Math.round(maxRss / 1024 / 1024);
          stop({ ok: false, input: true, message: `query needed more than ${mb} MB of memory and was stopped` });
        }
      }, RSS_POLL_MS);
      child.once("message", (reply: AnalyticsReply) => {
        if (verdict) return;
        verdict = reply;
        clearTimeout(deadline);
        clearInterval(watch);
        resolve(reply);
      });
      child.once("error", (err) => {
        clearTimeout(deadline);
        clearInterval(watch);
        reject(err);
      });
      child.once("exit", (code, signal) => {
        clearTimeout(deadline);
        clearInterval(watch);
        if (verdict) return;
        // Killed from outside, or out of memory inside V8: either way the query did not finish.
        resolve({
          ok: false,
          input: false,
          message: `the analytics process ended without an answer (${signal ?? `exit ${code}`})${stderr ? `: ${lastLine(stderr)}` : ""}`,
        });
      });
      child.send(job);
    });
  }
}

/** The child's resident set from /proc (Linux, where the add-on runs); undefined elsewhere. */
function residentBytes(child: ChildProcess): number | undefined {
  if (child.pid === undefined || child.exitCode !== null) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) ?? "";
}
