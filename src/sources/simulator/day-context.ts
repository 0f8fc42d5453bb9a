// One simulated local day: its bounds, random streams, and the state changes planned so far.
import { type LocalTime, parseDay, weekdayOf } from "../../core/local-time.js";
import type { AnomalyKind } from "./anomalies.js";
import type { HomeLayout } from "./home-layout.js";
import { contextId, Prng } from "./prng.js";
import type { ResidentInfo } from "./residents.js";
import { isWeekend } from "./routine-catalog.js";
import type { WeatherModel } from "./weather-model.js";

const MINUTE = 60_000;

/** What stays the same from day to day: the home, its place and its residents. */
export interface SimulationWorld {
  seed: string;
  local: LocalTime;
  latitude: number;
  longitude: number;
  layout: HomeLayout;
  weather: WeatherModel;
  residents: ResidentInfo[];
  entityIds: ReadonlySet<string>;
  /** The motion sensor residents trigger in each area (areas without one are absent). */
  motionByArea: ReadonlyMap<string, string>;
  /** Each entity's device_class, for the entities Home Assistant would give one. */
  deviceClasses: ReadonlyMap<string, string>;
  /** Each entity's unit_of_measurement, for the sensors Home Assistant would give one. */
  units: ReadonlyMap<string, string>;
}

/** Who caused a change: a resident's app/voice action (user) or an automation run (context + parent). */
export interface Cause {
  user?: string;
  context?: string;
  parent?: string;
}

export interface Action {
  ts: number;
  entity: string;
  state: string;
  cause?: Cause;
  seq: number;
}

/** A burst of motion in an area: the sensor reads "on" from ts for durationMs. */
export interface MotionPulse {
  area: string;
  ts: number;
  durationMs: number;
}

/** A resident in an area, awake or asleep, from `from` to `to` (epoch ms): where people really were. */
export interface Whereabouts {
  person: string;
  area: string;
  from: number;
  to: number;
  activity: "asleep" | "active" | "sitting" | "passing";
}

/** An anomaly realized on this day, with what the day simulation needs to act on it. */
export interface DayAnomaly {
  kind: AnomalyKind;
  start: number;
  end: number;
  entity?: string;
  routineId?: string;
}

export interface RealizedAnomaly {
  anomaly: DayAnomaly;
  start: number;
  end: number;
}

export class DayContext {
  readonly start: number;
  readonly end: number;
  readonly weekday: number;
  readonly month: number;
  readonly weekend: boolean;
  readonly actions: Action[] = [];
  readonly pulses: MotionPulse[] = [];
  /** Where each resident was through the day, passes through the hallway included: the latent truth behind the sensors. */
  readonly whereabouts: Whereabouts[] = [];
  /** Anomalies as they actually happened (times known only once the day is simulated). */
  readonly realized: RealizedAnomaly[] = [];
  private seq = 0;
  private readonly idStream: Prng;

  constructor(
    readonly world: SimulationWorld,
    readonly day: string,
    readonly anomalies: readonly DayAnomaly[],
  ) {
    const bounds = world.local.dayBounds(day);
    this.start = bounds.start;
    this.end = bounds.end;
    this.weekday = weekdayOf(day);
    this.month = parseDay(day)[1];
    this.weekend = isWeekend(this.weekday);
    this.idStream = this.rng("context-ids");
  }

  /** A random stream for one purpose on this day, independent of every other purpose. */
  rng(purpose: string): Prng {
    return Prng.for(this.world.seed, this.day, purpose);
  }

  /** Epoch ms of a local wall-clock minute (fractional allowed) on this day, kept inside the day. */
  at(minuteOfDay: number): number {
    const ts = Math.round(this.world.local.toEpoch(this.day, minuteOfDay));
    return this.clamp(ts);
  }

  clamp(ts: number): number {
    return Math.min(this.end - 1_000, Math.max(this.start, Math.round(ts)));
  }

  minutes(n: number): number {
    return n * MINUTE;
  }

  has(entity: string): boolean {
    return this.world.entityIds.has(entity);
  }

  /** Plans a state change; changes to entities this home does not have are ignored. */
  set(ts: number, entity: string, state: string, cause?: Cause): void {
    if (!this.has(entity)) return;
    this.actions.push({ ts: this.clamp(ts), entity, state, cause, seq: this.seq++ });
  }

  pulse(area: string, ts: number, durationMs: number): void {
    this.pulses.push({ area, ts: this.clamp(ts), durationMs });
  }

  /** A cause for the changes one automation run makes: they share its context and its trigger's id. */
  automationRun(ts: number): Cause {
    return { context: contextId(ts, this.idStream), parent: contextId(ts, this.idStream) };
  }

  userOf(person: string): string | undefined {
    return this.world.residents.find((r) => r.person === person)?.userId;
  }

  anomaly(kind: AnomalyKind): DayAnomaly | undefined {
    return this.anomalies.find((a) => a.kind === kind);
  }

  record(anomaly: DayAnomaly, start: number, end: number): void {
    this.realized.push({ anomaly, start: this.clamp(start), end: this.clamp(end) });
  }

  /** True when a missed_routine anomaly suppresses this routine today. */
  skips(routineId: string): boolean {
    return this.anomalies.some((a) => a.kind === "missed_routine" && a.routineId === routineId);
  }
}
