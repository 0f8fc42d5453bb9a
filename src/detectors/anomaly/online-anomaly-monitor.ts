// Anomalies as events arrive: fed each ingested batch, baselines from L2 after each nightly run, timers from the Clock.

import type { AppEvents } from "../../app-events.js";
import type { Clock, TimerHandle } from "../../core/clock.js";
import { errorMessage } from "../../core/errors.js";
import type { TypedBus } from "../../core/event-bus.js";
import { compareEvents, type HomeEvent, isAutomated } from "../../core/home-event.js";
import { addDays, type LocalTime } from "../../core/local-time.js";
import type { Logger } from "../../core/logger.js";
import type { DeviceClassOf } from "../../core/state-words.js";
import type { WindowReader } from "../../layers/aggregate-kind.js";
import { isActiveState } from "../../layers/kinds/entity-classes.js";
import { habitState } from "../../layers/kinds/index.js";
import type { AnomalyLog } from "../../patterns/anomaly-log.js";
import type { Anomaly } from "../../patterns/finding.js";
import { type AnomalyBaselines, buildAnomalyBaselines } from "./anomaly-baseline.js";
import {
  activityHigh,
  activityLow,
  longOn,
  longOnThreshold,
  missedRoutine,
  type RuleContext,
  unavailable,
  unusualTime,
} from "./anomaly-rules.js";
import { type Sensitivity, THRESHOLDS } from "./anomaly-settings.js";
import { expectationsFor, sameMissedStretch, subjectId } from "./routine-expectations.js";

const MINUTE = 60_000;

export interface OnlineAnomalyMonitorDeps {
  clock: Clock;
  time: LocalTime;
  anomalies: AnomalyLog;
  logger: Logger;
  bus?: TypedBus<AppEvents>;
  areaOf(entity: string): string | null;
  /** Names for summaries (entityName / areaName over the registry). */
  nameOf(entity: string): string;
  areaName(area: string): string;
  /** The device class of an entity, for its states in Home Assistant's words. */
  deviceClassOf?: DeviceClassOf;
  sensitivity: Sensitivity;
  /** Days of L2 the baselines are built from (default 56). */
  windowDays?: number;
  /** Today's L1 events so far, read once when the monitor starts mid-day (EventStore.query). */
  recentEvents?: (from: number, to: number) => readonly HomeEvent[];
}

interface DayState {
  day: string;
  /** Watched since the day began (or caught up from L1): absence of activity means something. */
  complete: boolean;
  seen: Set<string>;
  /** Activity subject ("home", "area:<id>") → changes per hour today. */
  hourly: Map<string, number[]>;
  unusualRaised: Set<string>;
  /** Deadlines of the missed routines reported today. */
  missed: number[];
  timers: TimerHandle[];
}

export class OnlineAnomalyMonitor {
  private baselines: AnomalyBaselines | null = null;
  private state: DayState | null = null;
  private readonly onSince = new Map<string, { ts: number; timer: TimerHandle | null }>();
  private readonly unavailableSince = new Map<string, { ts: number; timer: TimerHandle | null }>();

  constructor(private readonly deps: OnlineAnomalyMonitorDeps) {}

  /** Rebuilds the baselines from the L2 days ending `to` (call after each nightly run and once at start). */
  refreshBaselines(reader: WindowReader, to: string): void {
    const from = addDays(to, -((this.deps.windowDays ?? 56) - 1));
    this.baselines = buildAnomalyBaselines({ reader, from, to, areaOf: this.deps.areaOf });
    const today = this.deps.time.dayOf(this.deps.clock.now());
    if (this.state?.day === today) this.scheduleDay(this.state);
    else this.startDay(today, false);
  }

  /** Checks a committed batch of events; returns the anomalies it raised (also told to the bus). */
  observe(events: readonly HomeEvent[]): Anomaly[] {
    if (!this.baselines) return [];
    const raised: Anomaly[] = [];
    const today = this.deps.time.dayOf(this.deps.clock.now());
    if (this.state?.day !== today) this.startDay(today, false);
    for (const e of [...events].sort(compareEvents)) {
      try {
        this.track(e);
        if (this.deps.time.dayOf(e.ts) === today) this.count(e, raised);
      } catch (err) {
        this.deps.logger.error("online anomaly check failed", { entity: e.entity, error: errorMessage(err) });
      }
    }
    return raised;
  }

  /** Cancels every timer; the monitor stays usable after another refreshBaselines. */
  stop(): void {
    for (const t of this.state?.timers ?? []) t.cancel();
    for (const s of [...this.onSince.values(), ...this.unavailableSince.values()]) s.timer?.cancel();
    this.onSince.clear();
    this.unavailableSince.clear();
    this.state = null;
  }

  private get ctx(): RuleContext {
    const { sensitivity, time, areaOf, nameOf, areaName, deviceClassOf } = this.deps;
    return { baselines: this.baselines!, sensitivity, time, areaOf, nameOf, areaName, deviceClassOf };
  }

  private raise(anomaly: Anomaly | null, raised: Anomaly[]): void {
    if (!anomaly) return;
    let result: ReturnType<AnomalyLog["raise"]>;
    try {
      result = this.deps.anomalies.raise(anomaly);
    } catch (err) {
      // Raised from timers too: a refused write (a full disk) must not take the service down.
      this.deps.logger.error("could not record an anomaly", { kind: anomaly.kind, error: errorMessage(err) });
      return;
    }
    if (!result?.isNew) return;
    raised.push(result.anomaly);
    this.deps.bus?.emit("anomaly", result.anomaly);
  }

  /** On/off and availability, whatever day the event belongs to. */
  private track(e: HomeEvent): void {
    const now = this.deps.clock.now();
    if (e.state === "unavailable" || e.state === "unknown") {
      this.stopOn(e.entity);
      if (this.unavailableSince.has(e.entity)) return;
      const limit = THRESHOLDS[this.deps.sensitivity].unavailableMinutes * MINUTE;
      const entry: { ts: number; timer: TimerHandle | null } = { ts: e.ts, timer: null };
      entry.timer = this.deps.clock.setTimeout(
        () => {
          entry.timer = null;
          if (this.unavailableSince.get(e.entity) !== entry || !this.baselines) return;
          const minutes = (this.deps.clock.now() - entry.ts) / MINUTE;
          this.raise(unavailable(this.ctx, e.entity, entry.ts, minutes), []);
        },
        e.ts + limit - now,
      );
      this.unavailableSince.set(e.entity, entry);
      return;
    }
    const outage = this.unavailableSince.get(e.entity);
    if (outage) {
      outage.timer?.cancel();
      this.unavailableSince.delete(e.entity);
    }
    const habit = habitState(e.entity, e.state);
    if (habit === null) return;
    if (!isActiveState(e.entity, habit)) {
      this.stopOn(e.entity);
      return;
    }
    if (this.onSince.has(e.entity)) return;
    const limitSec = longOnThreshold(this.baselines!.durations.get(e.entity), this.deps.sensitivity);
    const entry: { ts: number; timer: TimerHandle | null } = { ts: e.ts, timer: null };
    this.onSince.set(e.entity, entry);
    if (limitSec === null) return;
    entry.timer = this.deps.clock.setTimeout(
      () => {
        entry.timer = null;
        if (this.onSince.get(e.entity) !== entry || !this.baselines) return;
        this.raise(longOn(this.ctx, e.entity, entry.ts, (this.deps.clock.now() - entry.ts) / 1000), []);
      },
      e.ts + limitSec * 1000 - now,
    );
  }

  private stopOn(entity: string): void {
    this.onSince.get(entity)?.timer?.cancel();
    this.onSince.delete(entity);
  }

  /** Today's activity: counts, first activity per routine subject, and the checks they allow. */
  private count(e: HomeEvent, raised: Anomaly[], replay = false): void {
    if (e.previous === e.state) return;
    const habit = habitState(e.entity, e.state);
    if (habit === null || !this.state) return;
    const state = this.state;
    const automated = isAutomated(e);
    const area = this.deps.areaOf(e.entity);
    if (isActiveState(e.entity, habit)) state.seen.add(e.entity);
    if (!automated && area !== null) state.seen.add(`area:${area}`);
    // Counted like anomaly_daily counts them (any cause), so today compares with the baseline.
    if (this.baselines!.activityEntities.has(e.entity)) {
      const hour = this.deps.time.parts(e.ts).hour;
      for (const subject of area === null ? ["home"] : ["home", `area:${area}`]) {
        let hours = state.hourly.get(subject);
        if (!hours) {
          hours = new Array<number>(24).fill(0);
          state.hourly.set(subject, hours);
        }
        hours[hour] += 1;
        if (!replay) this.raise(activityHigh(this.ctx, subject, state.day, hour, hours[hour]), raised);
      }
    }
    if (!replay && !automated && isActiveState(e.entity, habit)) this.checkUnusual(e, habit, raised);
  }

  private checkUnusual(e: HomeEvent, habit: string, raised: Anomaly[]): void {
    if (this.state!.unusualRaised.has(e.entity)) return;
    const anomaly = unusualTime(this.ctx, e.entity, habit, e.ts);
    if (!anomaly) return;
    this.state!.unusualRaised.add(e.entity);
    this.raise(anomaly, raised);
  }

  private startDay(day: string, atMidnight: boolean): void {
    for (const t of this.state?.timers ?? []) t.cancel();
    const state: DayState = {
      day,
      complete: atMidnight,
      seen: new Set(),
      hourly: new Map([["home", new Array<number>(24).fill(0)]]),
      unusualRaised: new Set(),
      missed: [],
      timers: [],
    };
    this.state = state;
    if (!atMidnight && this.deps.recentEvents && this.baselines) {
      const start = this.deps.time.dayBounds(day).start;
      for (const e of [...this.deps.recentEvents(start, this.deps.clock.now())].sort(compareEvents))
        this.count(e, [], true);
      state.complete = true;
    }
    this.scheduleDay(state);
  }

  /** Routine deadlines, hourly low-activity checks and the next midnight, for the current day. */
  private scheduleDay(state: DayState): void {
    for (const t of state.timers) t.cancel();
    state.timers = [];
    const { clock, time } = this.deps;
    const now = clock.now();
    const at = (ts: number, fn: () => void) => state.timers.push(clock.setTimeout(fn, Math.max(0, ts - now)));
    const { end } = time.dayBounds(state.day);
    if (this.baselines) this.scheduleChecks(state, at, end, now);
    // Last, so the day's final hourly check (due at the same instant) runs before the new day starts.
    at(end, () => this.startDay(addDays(state.day, 1), true));
  }

  private scheduleChecks(state: DayState, at: (ts: number, fn: () => void) => void, end: number, now: number): void {
    const { time } = this.deps;
    for (const { e, d } of expectationsFor(this.baselines!.routines, state.day, this.deps.sensitivity)) {
      const ts = time.toEpoch(state.day, d.deadline);
      if (ts <= now) continue;
      at(ts, () => {
        if (this.state !== state || !state.complete || state.seen.has(subjectId(e.subject))) return;
        if (sameMissedStretch(state.missed, d.deadline)) return;
        state.missed.push(d.deadline);
        this.raise(missedRoutine(this.ctx, e, d, state.day), []);
      });
    }
    for (let hour = 1; hour <= 24; hour++) {
      const ts = hour === 24 ? end : time.toEpoch(state.day, hour * 60);
      if (ts <= now) continue;
      at(ts, () => {
        if (this.state !== state || !state.complete) return;
        this.raise(activityLow(this.ctx, state.day, hour - 1, state.hourly.get("home")!), []);
      });
    }
  }
}
