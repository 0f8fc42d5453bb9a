// When the home emptied and filled again each day, rebuilt from the person.* changes in time_based_daily.
import { domainOf } from "../core/home-event.js";
import type { TimeBasedValue } from "../layers/kinds/time-based-daily.js";

export interface PresenceChanges {
  /** Minutes of day when the last person left. */
  everyone_left: number[];
  /** Minutes of day when the first person came home to an empty home. */
  first_arrived: number[];
}

/**
 * Days in order; each person is taken to start a day as they ended the one before (home when not
 * known, or the opposite of their first change that day when that is all there is to go on).
 */
export function presenceChanges(timeBased: Map<string, Map<string, TimeBasedValue>>): Map<string, PresenceChanges> {
  const out = new Map<string, PresenceChanges>();
  const lastState = new Map<string, boolean>();
  for (const day of [...timeBased.keys()].sort()) {
    const changes: { minute: number; person: string; home: boolean }[] = [];
    for (const v of timeBased.get(day)!.values()) {
      if (domainOf(v.entity) !== "person") continue;
      for (const minute of v.days[day]?.minutes ?? [])
        changes.push({ minute, person: v.entity, home: v.state === "home" });
    }
    changes.sort((a, b) => a.minute - b.minute || Number(a.home) - Number(b.home));
    const state = new Map<string, boolean>();
    for (const c of changes) if (!state.has(c.person)) state.set(c.person, lastState.get(c.person) ?? !c.home);
    for (const [person, home] of lastState) if (!state.has(person)) state.set(person, home);
    const result: PresenceChanges = { everyone_left: [], first_arrived: [] };
    const someoneHome = () => [...state.values()].some(Boolean);
    for (const c of changes) {
      const before = someoneHome();
      state.set(c.person, c.home);
      const after = someoneHome();
      if (before && !after) result.everyone_left.push(c.minute);
      if (!before && after) result.first_arrived.push(c.minute);
    }
    for (const [person, home] of state) lastState.set(person, home);
    out.set(day, result);
  }
  return out;
}
