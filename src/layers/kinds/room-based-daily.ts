// L2 room_based_daily: per area, when people are active there, with what, and where they go next.
import { isAutomated } from "../../core/home-event.js";
import type { AggregateKind, DayInput } from "../aggregate-kind.js";
import { addCount, mergeAttribution, mergeCounts, type Attribution, type Counts } from "./attribution.js";
import { DayClock } from "./day-clock.js";
import { HabitStates } from "./entity-classes.js";

/**
 * Row per area id. Only changes a person or a device caused count as activity; changes an
 * automation caused are counted in `automated` and nowhere else.
 */
export interface RoomBasedValue extends Attribution {
  area: string;
  /** Activity events. */
  events: number;
  /** Hour of week (0..167) → activity events. */
  hourOfWeek: Counts;
  /** Hour of week → days with any activity in that hour (support for "usually active then"). */
  hourDays: Counts;
  /** Entity → activity events: the devices used there. */
  entities: Counts;
  /** Next area → times activity moved from this area to it within the transition gap. */
  transitions: Counts;
  /** Days with any activity. */
  activeDays: number;
}

/** Activity in another area within this long counts as moving there. */
export const ROOM_TRANSITION_GAP_MS = 10 * 60_000;

export const roomBasedDaily: AggregateKind<RoomBasedValue> = {
  name: "room_based_daily",

  computeDay(input: DayInput): Map<string, RoomBasedValue> {
    const clock = new DayClock(input.time, input.day);
    const habits = new HabitStates();
    const areaCache = new Map<string, string | null>();
    const rows = new Map<string, RoomBasedValue>();
    const row = (area: string): RoomBasedValue => {
      let r = rows.get(area);
      if (!r) {
        r = { area, events: 0, hourOfWeek: {}, hourDays: {}, entities: {}, transitions: {}, activeDays: 1, automated: 0, users: {} };
        rows.set(area, r);
      }
      return r;
    };
    let lastArea: string | null = null;
    let lastTs = -Infinity;
    for (const e of input.events) {
      if (e.previous === e.state || habits.of(e.entity, e.state) === null) continue;
      let area = areaCache.get(e.entity);
      if (area === undefined) areaCache.set(e.entity, (area = input.areaOf(e.entity)));
      if (area === null) continue;
      const r = row(area);
      if (isAutomated(e)) {
        r.automated += 1;
        continue;
      }
      const how = clock.hourOfWeek(e.ts);
      r.events += 1;
      addCount(r.hourOfWeek, how);
      r.hourDays[how] = 1;
      addCount(r.entities, e.entity);
      if (e.user) addCount(r.users, e.user);
      if (lastArea !== null && lastArea !== area && e.ts - lastTs <= ROOM_TRANSITION_GAP_MS) addCount(row(lastArea).transitions, area);
      lastArea = area;
      lastTs = e.ts;
    }
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
      activeDays: a.activeDays + b.activeDays,
      ...mergeAttribution(a, b),
    };
  },
};
