// L2 room_based_daily: per area, when people are active there, with what, and where they go next.
import { isAutomated } from "../../core/home-event.js";
import type { AggregateKind, DayInput } from "../aggregate-kind.js";
import { AreaActivityRule } from "./area-activity-rule.js";
import {
  type Attribution,
  absorbAttribution,
  addCount,
  addCountsInto,
  type Counts,
  mergeAttribution,
  mergeCounts,
} from "./attribution.js";
import { DayClock } from "./day-clock.js";
import { isActiveState } from "./entity-classes.js";
import { hoursTouched, isPresenceHeld } from "./presence-sensors.js";

/**
 * Row per area id. Activity is what AreaActivityRule says (the area sensors count their current
 * hour by the same rule); changes an automation caused are counted in `automated` and nowhere else.
 */
export interface RoomBasedValue extends Attribution {
  area: string;
  /** Activity events. */
  events: number;
  /** Hour of week (0..167) → activity events. */
  hourOfWeek: Counts;
  /**
   * Hour of week → days with any activity in that hour (support for "usually active then"),
   * including the hours a bed or seat mat was held on: someone was there all along.
   */
  hourDays: Counts;
  /** Entity → activity events: the devices used there. */
  entities: Counts;
  /** Next area → times activity moved from this area to it within the transition gap. */
  transitions: Counts;
  /**
   * "via>to" → times activity went on through a short pass (a hallway) to a third area: the
   * moves people make, not the corridors they cross.
   */
  throughTransitions: Counts;
  /** "to|hour" and "via>to|hour" → those moves by local hour of day they arrived in. */
  transitionHours: Counts;
  /** Days with any activity. */
  activeDays: number;
}

interface Stay {
  area: string;
  first: number;
  last: number;
}

/** Activity in another area within this long counts as moving there. */
export const ROOM_TRANSITION_GAP_MS = 10 * 60_000;
/** A stay this short between two other areas is passing through. */
export const ROOM_PASS_MS = 3 * 60_000;

export const roomBasedDaily: AggregateKind<RoomBasedValue> = {
  name: "room_based_daily",

  computeDay(input: DayInput): Map<string, RoomBasedValue> {
    const clock = new DayClock(input.time, input.day);
    const rule = new AreaActivityRule(input.events, input.areaOf);
    const rows = new Map<string, RoomBasedValue>();
    const row = (area: string): RoomBasedValue => {
      let r = rows.get(area);
      if (!r) {
        r = {
          area,
          events: 0,
          hourOfWeek: {},
          hourDays: {},
          entities: {},
          transitions: {},
          throughTransitions: {},
          transitionHours: {},
          activeDays: 1,
          automated: 0,
          users: {},
        };
        rows.set(area, r);
      }
      return r;
    };
    // Bed and seat mats are on for the whole stay: every hour they hold counts as in use.
    const heldSince = new Map<string, number>();
    const markHeld = (entity: string, start: number, end: number) => {
      const area = input.areaOf(entity);
      if (area === null) return;
      const r = row(area);
      for (const how of hoursTouched(start, end, (t) => clock.hourOfWeek(t))) r.hourDays[how] = 1;
    };
    for (const [entity, e] of input.carryIn) {
      if (isPresenceHeld(entity) && !rule.isChatter(entity) && isActiveState(entity, e.state))
        heldSince.set(entity, input.start);
    }
    // The current stay and the one before it: area, first and last activity.
    let stay = null as Stay | null;
    let before = null as Stay | null;
    for (const e of input.events) {
      if (isPresenceHeld(e.entity) && !isAutomated(e) && rule.isRealChange(e)) {
        const since = heldSince.get(e.entity);
        if (isActiveState(e.entity, e.state)) {
          if (since === undefined) heldSince.set(e.entity, e.ts);
        } else if (since !== undefined) {
          heldSince.delete(e.entity);
          markHeld(e.entity, since, e.ts);
        }
      }
      const activity = rule.classify(e);
      if (activity === null) continue;
      const area = activity.area;
      const r = row(area);
      if (activity.automated) {
        r.automated += 1;
        continue;
      }
      const how = clock.hourOfWeek(e.ts);
      r.events += 1;
      addCount(r.hourOfWeek, how);
      r.hourDays[how] = 1;
      addCount(r.entities, e.entity);
      if (e.user) addCount(r.users, e.user);
      if (stay && stay.area === area) {
        stay.last = e.ts;
        continue;
      }
      const hour = Math.floor(clock.minuteOfDay(e.ts) / 60);
      if (stay && e.ts - stay.last <= ROOM_TRANSITION_GAP_MS) {
        const from = row(stay.area);
        addCount(from.transitions, area);
        addCount(from.transitionHours, `${area}|${hour}`);
        const passing =
          before &&
          before.area !== area &&
          stay.first - before.last <= ROOM_TRANSITION_GAP_MS &&
          stay.last - stay.first <= ROOM_PASS_MS;
        if (passing) {
          const origin = row(before!.area);
          addCount(origin.throughTransitions, `${stay.area}>${area}`);
          addCount(origin.transitionHours, `${stay.area}>${area}|${hour}`);
        }
        before = stay;
      } else {
        before = null;
      }
      stay = { area, first: e.ts, last: e.ts };
    }
    for (const [entity, since] of heldSince) markHeld(entity, since, input.end);
    return rows;
  },

  merge(a, b) {
    return {
      area: a.area,
      events: a.events + b.events,
      hourOfWeek: mergeCounts(a.hourOfWeek, b.hourOfWeek),
      hourDays: mergeCounts(a.hourDays, b.hourDays),
      entities: mergeCounts(a.entities, b.entities),
      transitions: mergeCounts(a.transitions, b.transitions),
      throughTransitions: mergeCounts(a.throughTransitions, b.throughTransitions),
      transitionHours: mergeCounts(a.transitionHours, b.transitionHours),
      activeDays: a.activeDays + b.activeDays,
      ...mergeAttribution(a, b),
    };
  },

  absorb(a, b) {
    a.events += b.events;
    addCountsInto(a.hourOfWeek, b.hourOfWeek);
    addCountsInto(a.hourDays, b.hourDays);
    addCountsInto(a.entities, b.entities);
    addCountsInto(a.transitions, b.transitions);
    addCountsInto(a.throughTransitions, b.throughTransitions);
    addCountsInto(a.transitionHours, b.transitionHours);
    a.activeDays += b.activeDays;
    absorbAttribution(a, b);
    return a;
  },
};
