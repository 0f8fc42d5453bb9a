// Contextual presence analysis: changes that follow the last person leaving or the first coming home.
import type { TimeBasedValue } from "../../layers/kinds/time-based-daily.js";
import { wilsonLowerBound } from "../scoring/confidence-bounds.js";
import type { Claim } from "./contextual-claim.js";
import type { ContextualSettings } from "./contextual-settings.js";

/**
 * Changes that come soon after everyone left, or after the first person came home: either most of
 * the entity's changes follow such an event, or most such events are followed by the change.
 */
export function presenceClaim(
  key: string,
  timeBased: Map<string, Map<string, TimeBasedValue>>,
  presence: Map<string, { everyone_left: number[]; first_arrived: number[] }>,
  kind: "everyone_left" | "first_arrived",
  s: ContextualSettings,
  /** A state of the key's entity after "while it was": "on", "heating". */
  being: (state: string) => string,
): Claim | null {
  let changes = 0;
  let covered = 0;
  const following = new Set<string>();
  let hits = 0;
  for (const [day, rows] of timeBased) {
    const minutes = rows.get(key)?.days[day]?.minutes ?? [];
    const events = presence.get(day)?.[kind] ?? [];
    changes += minutes.length;
    covered += events.length * s.presenceWindowMinutes;
    for (const m of minutes) {
      if (events.some((e) => m >= e && m - e <= s.presenceWindowMinutes)) {
        hits += 1;
        following.add(day);
      }
    }
  }
  if (hits < s.minSupport || changes === 0) return null;
  // Events at which it could happen: the entity was in another state just before (a light already off cannot go off).
  const [entity, state] = splitKey(key);
  const history = changesOf(timeBased, entity);
  let eventCount = 0;
  let followed = 0;
  const befores = new Map<string, number>();
  for (const [day, rows] of timeBased) {
    const minutes = rows.get(key)?.days[day]?.minutes ?? [];
    for (const e of presence.get(day)?.[kind] ?? []) {
      const before = stateBefore(history, day, e);
      if (before === null || before === state) continue;
      eventCount += 1;
      befores.set(before, (befores.get(before) ?? 0) + 1);
      if (minutes.some((m) => m >= e && m - e <= s.presenceWindowMinutes)) followed += 1;
    }
  }
  // Chance of a change in a window of that length at a random moment, and of a random moment in such a window.
  const perMinute = changes / (1440 * timeBased.size);
  const chanceFollow = 1 - (1 - Math.min(1, perMinute)) ** s.presenceWindowMinutes;
  const chanceShare = Math.min(1, covered / (1440 * timeBased.size));
  const share = wilsonLowerBound(hits, changes);
  const follow = wilsonLowerBound(followed, eventCount);
  const byShare = chanceShare > 0 && share / chanceShare >= s.minPresenceLift;
  const byFollow = eventCount > 0 && chanceFollow > 0 && follow / chanceFollow >= s.minPresenceFollowLift;
  if (!byShare && !byFollow) return null;
  const useFollow = byFollow && (!byShare || follow > share);
  const words = kind === "everyone_left" ? "when the last person leaves" : "when the first person comes home";
  const happened = kind === "everyone_left" ? "the last person left" : "the first person came home";
  return {
    summary: useFollow
      ? `${words}: within ${s.presenceWindowMinutes} min, ${followed} of the ${eventCount} times ${happened} while it was ${beforeWords(befores, state, being)}`
      : `${words}: ${hits} of ${changes} times, within ${s.presenceWindowMinutes} min after ${happened}`,
    confidence: useFollow ? follow : share,
    support: useFollow ? followed : hits,
    opportunities: useFollow ? eventCount : changes,
    lift: useFollow ? follow / chanceFollow : share / chanceShare,
    days: [...following].sort(),
    params: {
      context: kind === "everyone_left" ? "presence_left" : "presence_arrived",
      windowMinutes: s.presenceWindowMinutes,
    },
  };
}

/**
 * The states it was in at those times, as a person says them: "on", "heating or cooling"; with more
 * than three, "not already off" (never "not not home": a state is named by its word for "while it
 * was", so not_home is "away").
 */
function beforeWords(befores: Map<string, number>, state: string, being: (state: string) => string): string {
  const states = [...befores].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([s]) => being(s));
  if (states.length > 3) return `not already ${being(state)}`;
  return states.length === 1 ? states[0] : `${states.slice(0, -1).join(", ")} or ${states[states.length - 1]}`;
}

function splitKey(key: string): [string, string] {
  const bar = key.indexOf("|");
  return [key.slice(0, bar), key.slice(bar + 1)];
}

/** Every change of an entity in the window, in time order: day, minute of day and the state it reached. */
function changesOf(
  timeBased: Map<string, Map<string, TimeBasedValue>>,
  entity: string,
): { day: string; minute: number; state: string }[] {
  const out: { day: string; minute: number; state: string }[] = [];
  for (const [day, rows] of timeBased) {
    for (const v of rows.values())
      if (v.entity === entity)
        for (const minute of v.days[day]?.minutes ?? []) out.push({ day, minute, state: v.state });
  }
  return out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.minute - b.minute));
}

/**
 * The state an entity last changed to before a minute of a day, looking back over earlier days when
 * it did not change that day (the heating switched on at last night's arrival is still on when
 * everyone leaves this morning), or null when it never changed before in the window.
 */
function stateBefore(
  changes: { day: string; minute: number; state: string }[],
  day: string,
  minute: number,
): string | null {
  let state: string | null = null;
  for (const c of changes) {
    if (c.day > day || (c.day === day && c.minute >= minute)) break;
    state = c.state;
  }
  return state;
}
