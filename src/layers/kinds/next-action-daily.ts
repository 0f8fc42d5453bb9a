// L2 next_action_daily: what people operate, at which hours, after which other action, and who or what caused each change.
import type { HomeEvent } from "../../core/home-event.js";
import type { AggregateKind, DayInput } from "../aggregate-kind.js";
import { addCauseCounts, type CauseCounts, causeOf, emptyCauseCounts } from "./change-cause.js";
import { dayPartIndex } from "./day-parts.js";
import { habitState } from "./entity-classes.js";
import { isManualAction, presenceOf } from "./manual-action.js";

/** An action within this long after another counts as following it. */
export const FOLLOW_MS = 10 * 60_000;
/**
 * An action later than FOLLOW_MS but within this long still says something about what comes
 * next (after an evening on the sofa, the toilet or the bed), counted apart from quick follows.
 */
export const LATE_MS = 12 * 3_600_000;

/**
 * Row per entity. Every field is a count, so two windows merge by adding and a window of any
 * length is exact: P(next = e | last = l, part) = after_e[l][part] / followed_l.entity.followed[l.state][part].
 */
export interface NextActionValue {
  entity: string;
  /** Manual actions on the entity (see isManualAction). */
  actions: number;
  /** Days with at least one action. */
  days: number;
  /** Actions per local hour 0..23. */
  hours: number[];
  /** Actions taken while presence was known and nobody was home. */
  away: number;
  /** Previous action ("entity|state") → how often this entity's action followed it, per day part. */
  after: Record<string, number[]>;
  /** This entity's state → how often another action followed it within FOLLOW_MS, per day part. */
  followed: Record<string, number[]>;
  /** As `after` and `followed`, for an action later than FOLLOW_MS and within LATE_MS (absent in rows stored before). */
  afterLate?: Record<string, number[]>;
  followedLate?: Record<string, number[]>;
  /** Every change of the entity into a habit state, by cause (physical, app, automation, own). */
  causes: CauseCounts;
}

function emptyRow(entity: string): NextActionValue {
  return {
    entity,
    actions: 0,
    days: 0,
    hours: new Array<number>(24).fill(0),
    away: 0,
    after: {},
    followed: {},
    afterLate: {},
    followedLate: {},
    causes: emptyCauseCounts(),
  };
}

const addArrays = (a: readonly number[], b: readonly number[]): number[] => a.map((x, i) => x + (b[i] ?? 0));

/** addArrays into `a` in place (its length is kept, as addArrays keeps it). */
function addArraysInto(a: number[], b: readonly number[]): number[] {
  for (let i = 0; i < a.length; i++) a[i] += b[i] ?? 0;
  return a;
}

/**
 * b's counts into the record `a` in place. The arrays are never changed: `a` may hold arrays of
 * rows absorbed before (taken as they were) or of the rows merge made it from, and absorb changes
 * nothing it was given; a sum is a new array (of 4 numbers).
 */
function addRecordsInto(a: Record<string, number[]>, b: Record<string, number[]>): void {
  for (const k in b) a[k] = k in a ? addArrays(a[k], b[k]) : b[k];
}

function addRecords(a: Record<string, number[]>, b: Record<string, number[]>): Record<string, number[]> {
  const out: Record<string, number[]> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? addArrays(out[k], v) : v;
  return out;
}

/** How a previous action is named in `after`: its entity and the state it set. */
export function actionKey(e: Pick<HomeEvent, "entity" | "state">): string {
  return `${e.entity}|${e.state}`;
}

/**
 * The last action before the day, so the morning's first action is counted after the night's
 * last (bed, then the toilet). Carry-in keeps each entity's last event only: a sensor's "on"
 * has usually been followed by its "off", so an event that ended an active state stands for the
 * action that began it, at the time it ended.
 */
function lastActionCarriedIn(carryIn: ReadonlyMap<string, HomeEvent>, dayStart: number): HomeEvent | undefined {
  let last: HomeEvent | undefined;
  for (const e of carryIn.values()) {
    if (e.ts < dayStart - LATE_MS || (last && e.ts <= last.ts)) continue;
    if (isManualAction(e)) last = e;
    else if (e.previous !== undefined && isManualAction({ ...e, state: e.previous, previous: e.state })) {
      last = { ...e, state: e.previous, previous: e.state };
    }
  }
  return last;
}

export const nextActionDaily: AggregateKind<NextActionValue> = {
  name: "next_action_daily",

  computeDay(input: DayInput): Map<string, NextActionValue> {
    const rows = new Map<string, NextActionValue>();
    const row = (entity: string) => {
      let r = rows.get(entity);
      if (!r) {
        r = emptyRow(entity);
        rows.set(entity, r);
      }
      return r;
    };
    // Who is home, from each presence entity's state carried into the day.
    const home = new Map<string, boolean>();
    for (const e of input.carryIn.values()) {
      const p = presenceOf(e);
      if (p !== null) home.set(e.entity, p);
    }
    let last = lastActionCarriedIn(input.carryIn, input.start);
    for (const e of input.events) {
      const p = presenceOf(e);
      if (p !== null) home.set(e.entity, p);
      if (e.previous === e.state || habitState(e.entity, e.state) === null) continue;
      row(e.entity).causes[causeOf(e)] += 1;
      if (!isManualAction(e)) continue;
      const r = row(e.entity);
      const hour = input.time.parts(e.ts).hour;
      r.actions += 1;
      r.hours[hour] += 1;
      if (home.size > 0 && ![...home.values()].some(Boolean)) r.away += 1;
      if (last && e.ts - last.ts <= LATE_MS) {
        const part = dayPartIndex(hour);
        const quick = e.ts - last.ts <= FOLLOW_MS;
        const lastKey = actionKey(last);
        // Rows made here always have the late records; only rows stored before lack them.
        const after = quick ? r.after : (r.afterLate ?? {});
        r.afterLate = quick ? r.afterLate : after;
        after[lastKey] ??= [0, 0, 0, 0];
        after[lastKey][part] += 1;
        const lastRow = row(last.entity);
        const followed = quick ? lastRow.followed : (lastRow.followedLate ?? {});
        lastRow.followedLate = quick ? lastRow.followedLate : followed;
        followed[last.state] ??= [0, 0, 0, 0];
        followed[last.state][part] += 1;
      }
      last = e;
    }
    for (const r of rows.values()) if (r.actions > 0) r.days = 1;
    return rows;
  },

  merge(a: NextActionValue, b: NextActionValue): NextActionValue {
    const after = addRecords(a.after, b.after);
    return {
      entity: a.entity,
      actions: a.actions + b.actions,
      days: a.days + b.days,
      hours: addArrays(a.hours, b.hours),
      away: a.away + b.away,
      after,
      followed: addRecords(a.followed, b.followed),
      afterLate: addRecords(a.afterLate ?? {}, b.afterLate ?? {}),
      followedLate: addRecords(a.followedLate ?? {}, b.followedLate ?? {}),
      causes: addCauseCounts(a.causes, b.causes),
    };
  },

  absorb(a: NextActionValue, b: NextActionValue): NextActionValue {
    a.actions += b.actions;
    a.days += b.days;
    addArraysInto(a.hours, b.hours);
    a.away += b.away;
    addRecordsInto(a.after, b.after);
    addRecordsInto(a.followed, b.followed);
    a.afterLate ??= {};
    a.followedLate ??= {};
    addRecordsInto(a.afterLate, b.afterLate ?? {});
    addRecordsInto(a.followedLate, b.followedLate ?? {});
    a.causes = addCauseCounts(a.causes, b.causes);
    return a;
  },
};
