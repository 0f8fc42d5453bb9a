// Rolls closed local days up from L1 into every L2 kind and their L3 periods, each day in one transaction.
import type { AppEvents } from "../app-events.js";
import type { Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { TypedBus } from "../core/event-bus.js";
import { addDays, type LocalTime } from "../core/local-time.js";
import type { Logger } from "../core/logger.js";
import type { AggregateStore, PackedDay } from "../storage/aggregate-store.js";
import { type AggregateKind, CARRY_IN_MS, type DayInput, type PeriodKind } from "./aggregate-kind.js";
import { type DayEventSource, loadDayInput } from "./day-input-loader.js";
import { daysToRollUp } from "./event-days.js";
import { daysReopenedBy } from "./late-event-days.js";
import { updatePeriod } from "./period-updates.js";
import { periodOf } from "./periods.js";

export interface RollupDeps {
  /** L1: the SQLite event store (day reads, carry-in, the oldest event). */
  events: DayEventSource;
  store: AggregateStore;
  kinds: readonly AggregateKind<unknown>[];
  periodKinds: readonly PeriodKind<unknown>[];
  time: LocalTime;
  areaOf(entity: string): string | null;
  clock: Clock;
  logger: Logger;
  bus?: TypedBus<AppEvents>;
}

export interface DayRollup {
  day: string;
  events: number;
  /** Rows written per L2 kind. */
  rows: Record<string, number>;
  /** L3 periods recomputed ("session_weekly 2026-03-23"), and those left as they were. */
  periods: string[];
  keptPeriods: string[];
  durationMs: number;
}

export interface RollupReport {
  rolledUp: DayRollup[];
  failed: { day: string; error: string }[];
  /** Days left pending because `stop` was aborted before they were written (none without it). */
  notReached?: string[];
  durationMs: number;
}

export class Rollup {
  /** L2 kinds computed per day: the registry's plus any L3 source not listed there. */
  readonly dailyKinds: readonly AggregateKind<unknown>[];

  constructor(private readonly deps: RollupDeps) {
    const byName = new Map<string, AggregateKind<unknown>>();
    for (const k of [...deps.kinds, ...deps.periodKinds.map((p) => p.source)]) {
      const known = byName.get(k.name);
      if (known && known !== k) throw new Error(`two different aggregate kinds are named ${k.name}`);
      byName.set(k.name, k);
    }
    this.dailyKinds = [...byName.values()];
    deps.store.ensureKindTables(
      this.dailyKinds.map((k) => k.name),
      deps.periodKinds.map((p) => p.name),
    );
  }

  today(): string {
    return this.deps.time.dayOf(this.deps.clock.now());
  }

  /**
   * Rolls one day up: reads its L1 events and carry-in, replaces every L2 kind's rows, recomputes
   * the L3 periods containing it, and marks it clean — all in one transaction.
   */
  rollupDay(day: string): DayRollup {
    const started = this.deps.clock.now();
    const t0 = performance.now();
    this.checkRollable(day);
    return this.deps.store.atomically(() => {
      const input = this.load(day);
      return this.write(input, (kind) => this.replaceDay(kind, day, kind.computeDay(input)), started, t0);
    });
  }

  /**
   * rollupDay that lets the event loop run after reading the day and after each kind, so a
   * 200K-event day does not hold ingest and the API for the whole rollup (~0.5 s of CPU). The
   * reading is then not in the write transaction: should the events around the day have changed
   * meanwhile (a late event, an import in another process), the day is read and computed again
   * inside it, exactly as rollupDay does. Once `stop` is aborted it gives up at its next yield,
   * before writing anything, and returns null: the day stays as it was.
   */
  async rollupDayYielding(day: string): Promise<DayRollup>;
  async rollupDayYielding(day: string, stop: AbortSignal | undefined): Promise<DayRollup | null>;
  async rollupDayYielding(day: string, stop?: AbortSignal): Promise<DayRollup | null> {
    const { events, store, clock, time } = this.deps;
    if (!events.countInSpan) return this.rollupDay(day);
    const started = clock.now();
    const t0 = performance.now();
    this.checkRollable(day);
    const { start, end } = time.dayBounds(day);
    const version = events.countInSpan(start - CARRY_IN_MS, end);
    const input = this.load(day);
    await yieldToLoop();
    // Each kind's rows are kept packed as stored until the write: as objects, every kind's rows
    // of a 100K-event day were 5-7 MB of heap held until the last kind was done.
    const computed = new Map<string, PackedDay>();
    for (const kind of this.dailyKinds) {
      if (stop?.aborted) return null;
      computed.set(kind.name, store.packDay(kind.name, kind.computeDay(input)));
      await yieldToLoop();
    }
    if (stop?.aborted) return null;
    return store.atomically(() => {
      this.checkRollable(day);
      if (events.countInSpan!(start - CARRY_IN_MS, end) !== version) {
        const fresh = this.load(day);
        return this.write(fresh, (kind) => this.replaceDay(kind, day, kind.computeDay(fresh)), started, t0);
      }
      return this.write(
        input,
        (kind) => {
          const packed = computed.get(kind.name)!;
          store.replacePackedDay(kind.name, day, packed);
          return packed.rows;
        },
        started,
        t0,
      );
    });
  }

  /** An open day would be marked clean before its last events; a purged one would lose its rows. */
  private checkRollable(day: string): void {
    if (day >= this.today()) throw new Error(`${day} is not closed yet: only days before today are rolled up`);
    if (this.deps.store.dayRecord(day)?.rawPurgedAt != null)
      throw new Error(`the raw events of ${day} were purged: it keeps its aggregates`);
  }

  private load(day: string): DayInput {
    return loadDayInput(this.deps.events, day, this.deps.time, this.deps.areaOf);
  }

  /** Replaces a kind's rows of the day; returns how many. */
  private replaceDay(kind: AggregateKind<unknown>, day: string, rows: ReadonlyMap<string, unknown>): number {
    this.deps.store.replaceDay(kind.name, day, rows);
    return rows.size;
  }

  /**
   * Inside the day's transaction: replaces every L2 kind's rows (`replaceRows` writes each kind's
   * and says how many, so rollupDay holds one kind's rows at a time), updates the L3 periods and
   * marks the day clean.
   */
  private write(
    input: DayInput,
    replaceRows: (kind: AggregateKind<unknown>) => number,
    started: number,
    t0: number,
  ): DayRollup {
    const { store } = this.deps;
    const day = input.day;
    const rows: Record<string, number> = {};
    for (const kind of this.dailyKinds) rows[kind.name] = replaceRows(kind);
    store.markRolledUp(day, input.events.length, started);
    const periods: string[] = [];
    const keptPeriods: string[] = [];
    for (const pk of this.deps.periodKinds) {
      const period = periodOf(day, pk.period);
      (updatePeriod(store, pk, period, day, started) ? periods : keptPeriods).push(`${pk.name} ${period}`);
    }
    return {
      day,
      events: input.events.length,
      rows,
      periods,
      keptPeriods,
      durationMs: Math.round(performance.now() - t0),
    };
  }

  /**
   * Closed days that need a rollup: dirty ones whose raw events are still there (late events, an
   * import of old history), and the days since L1's oldest event without a record that hold
   * events or their carry-in. Empty stretches are skipped, so one event from 2011 costs a few
   * days' work, not one per day since.
   */
  pendingDays(): string[] {
    const { store, time } = this.deps;
    const yesterday = addDays(this.today(), -1);
    const records = store.dayRecords();
    const pending = new Set<string>();
    let purgedThrough = "";
    for (const r of records) if (r.rawPurgedAt !== null && r.day > purgedThrough) purgedThrough = r.day;
    for (const r of records) {
      if (r.status === "dirty" && r.rawPurgedAt === null && r.day <= yesterday) pending.add(r.day);
    }
    const oldest = this.deps.events.query({ from: Number.MIN_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER, limit: 1 })[0];
    if (oldest) {
      let first = time.dayOf(oldest.ts);
      if (purgedThrough && first <= purgedThrough) first = addDays(purgedThrough, 1);
      const known = new Set(records.map((r) => r.day));
      if (first <= yesterday) {
        for (const day of daysToRollUp(this.deps.events, time, first, yesterday)) if (!known.has(day)) pending.add(day);
      }
    }
    return [...pending].sort();
  }

  /**
   * Rolls up every pending day, oldest first; a failing day is logged and left dirty, the others
   * go on. Between days it lets the event loop run, so a long catch-up does not stall ingest or
   * the API for more than one day's rollup at a time. Once `stop` is aborted no further day is
   * begun and the day under way is given up before it writes: each day is one transaction, so
   * every day is either rolled up or still pending.
   */
  async rollupPending(reason: string, stop?: AbortSignal): Promise<RollupReport> {
    const { clock, logger, store } = this.deps;
    const startedAt = clock.now();
    const t0 = performance.now();
    const notReached: string[] = [];
    const report: RollupReport = { rolledUp: [], failed: [], notReached, durationMs: 0 };
    for (const day of this.pendingDays()) {
      if (stop?.aborted) {
        notReached.push(day);
        continue;
      }
      try {
        const done = await this.rollupDayYielding(day, stop);
        if (done === null) {
          notReached.push(day);
          continue;
        }
        report.rolledUp.push(done);
        logger.info("rolled up day", { day, events: done.events, ms: done.durationMs });
      } catch (err) {
        report.failed.push({ day, error: errorMessage(err) });
        logger.error("rollup of a day failed; it stays pending", { day, error: errorMessage(err) });
        // A day that was never rolled up has no record: give it one so the failure is visible.
        if (!store.dayRecord(day)) store.markDirty([day], clock.now());
      }
      await yieldToLoop();
    }
    report.durationMs = Math.round(performance.now() - t0);
    if (report.rolledUp.length + report.failed.length > 0) {
      store.logRun({
        startedAt,
        finishedAt: clock.now(),
        reason,
        days: report.rolledUp.map((d) => d.day),
        events: report.rolledUp.reduce((n, d) => n + d.events, 0),
        durationMs: report.durationMs,
        ...(report.failed.length ? { error: report.failed.map((f) => `${f.day}: ${f.error}`).join("; ") } : {}),
      });
    }
    if (report.rolledUp.length > 0) {
      this.deps.bus?.emit("rolledUp", { days: report.rolledUp.map((d) => d.day), durationMs: report.durationMs });
    }
    return report;
  }

  /**
   * Late events re-open closed days: the days they fall in, and the days after whose carry-in
   * they may change. Events of today need nothing (today is rolled up once it closes).
   * Returns the days marked dirty.
   */
  markDirtyTimes(times: Iterable<number>): string[] {
    return this.markDirty(daysReopenedBy(times, this.deps.time, this.today()));
  }

  /** Marks closed days dirty (today and later are ignored). Returns the days marked. */
  markDirty(days: readonly string[]): string[] {
    const today = this.today();
    const closed = days.filter((d) => d < today);
    if (closed.length === 0) return [];
    const { marked, purged } = this.deps.store.markDirty(closed, this.deps.clock.now());
    if (purged.length > 0) {
      this.deps.logger.warn(
        "late events for days whose raw events were already purged: those days keep their aggregates",
        {
          days: purged,
        },
      );
    }
    return marked;
  }
}

/** Lets timers, I/O and other callbacks run before going on. */
function yieldToLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
