// Weeks of a home's past as state_changed JSON lines (the importer's format), with habits planted at known times.

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface PlantedHistory {
  /** One JSON line per state_changed bus event, oldest first. */
  lines: string[];
  /** Each planted "light on at T": the epoch ms it happened. */
  habitOnTimes: number[];
}

export interface HabitHistoryOptions {
  /** The real "now": every event lies before it. */
  now: number;
  /** Whole UTC days of history before today. */
  days: number;
  /** The habit light goes on every day near this minute of the day (UTC). */
  habitMinute: number;
  habitLight: string;
  /** A motion sensor that switches a light a few seconds later, at random times of day. */
  motion: string;
  motionLight: string;
  /** Who switches the habit light (context.user_id): a person, not an automation. */
  userId: string;
  seed?: number;
}

/** A small deterministic generator: the same seed plants the same history. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Change {
  ts: number;
  entity: string;
  state: string;
  userId: string | null;
}

/**
 * On each of the `days` whole days before today (and today, when the time has passed), the habit
 * light goes on within ±8 min of habitMinute, never across midnight, so every closed day has
 * exactly one; it goes off 30–50 min later. Four times a day at random times the motion sensor
 * fires and its light follows 5–20 s later, each going back after a few minutes.
 */
export function plantHabitHistory(o: HabitHistoryOptions): PlantedHistory {
  const rnd = random(o.seed ?? 7);
  const changes: Change[] = [];
  const habitOnTimes: number[] = [];
  const today = o.now - (o.now % DAY);
  for (let day = today - o.days * DAY; day <= today; day += DAY) {
    const minute = Math.min(1439, Math.max(0, o.habitMinute + rnd() * 16 - 8));
    const on = day + Math.round(minute * MINUTE);
    if (on >= o.now - 30 * MINUTE) continue;
    habitOnTimes.push(on);
    changes.push({ ts: on, entity: o.habitLight, state: "on", userId: o.userId });
    changes.push({
      ts: on + Math.round((30 + rnd() * 20) * MINUTE),
      entity: o.habitLight,
      state: "off",
      userId: o.userId,
    });
  }
  for (let day = today - o.days * DAY; day < today; day += DAY) {
    for (let i = 0; i < 4; i++) {
      // Six hour slots, so the four passes of a day never overlap.
      const start = day + i * 6 * 60 * MINUTE + Math.round(rnd() * 5 * 60 * MINUTE);
      const lightOn = start + Math.round((5 + rnd() * 15) * 1000);
      changes.push({ ts: start, entity: o.motion, state: "on", userId: null });
      changes.push({ ts: lightOn, entity: o.motionLight, state: "on", userId: null });
      changes.push({ ts: start + 2 * MINUTE, entity: o.motion, state: "off", userId: null });
      changes.push({
        ts: lightOn + Math.round((3 + rnd() * 3) * MINUTE),
        entity: o.motionLight,
        state: "off",
        userId: null,
      });
    }
  }
  changes.sort((a, b) => a.ts - b.ts || (a.entity < b.entity ? -1 : 1));
  const last = new Map<string, { state: string; ts: number; context: Record<string, unknown> }>();
  let contextNo = 0;
  const lines = changes.map((c) => {
    const time = new Date(c.ts).toISOString().replace("Z", "+00:00");
    const context = { id: `imported-${++contextNo}`, parent_id: null, user_id: c.userId };
    const old = last.get(c.entity);
    last.set(c.entity, { state: c.state, ts: c.ts, context });
    const stateOf = (state: string, at: string, ctx: Record<string, unknown>) => ({
      entity_id: c.entity,
      state,
      attributes: {},
      last_changed: at,
      last_updated: at,
      context: ctx,
    });
    return JSON.stringify({
      event_type: "state_changed",
      data: {
        entity_id: c.entity,
        old_state: old ? stateOf(old.state, new Date(old.ts).toISOString().replace("Z", "+00:00"), old.context) : null,
        new_state: stateOf(c.state, time, context),
      },
      origin: "LOCAL",
      time_fired: time,
      context,
    });
  });
  return { lines, habitOnTimes };
}
