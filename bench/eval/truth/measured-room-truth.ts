// Room truth measured from where the residents really were (not from sensors): busy hours per area and the moves between areas.
//
// Hand-written room routines can only list what their writer thought of; the residents' days hold
// more (Sam's bedroom at wake-up, the hallway every morning, the walk out of the front door). This
// reads the latent whereabouts the simulation planned and states, per area and day type, in which
// hours someone was awake there and which moves happened at which hours, as shares of days. An
// evaluator judges a room finding true when the share behind it is high, and expects the strongest
// ones to be found.
import type { DayContext, Whereabouts } from "../../../src/sources/simulator/day-context.js";

export type RoomDayType = "weekdays" | "weekends";

/** Share of days (0..1) per local hour 0..23. */
export type HourShares = number[];

export interface MeasuredRoomTruth {
  /** Days measured per day type. */
  days: Record<RoomDayType, number>;
  /** Area → per hour, share of days on which someone was awake in the area in that hour. */
  areaHours: Record<RoomDayType, Record<string, HourShares>>;
  /**
   * Move → per hour h, share of days it happened with an arrival in h or the hour after (the
   * two-hour windows moves are told in). Keys: "from>to" for every move
   * between two rooms (corridors crossed on the way left out), "from>via>to" when it crossed
   * exactly one corridor, and its legs "from>via", "via>to".
   */
  moveHours: Record<RoomDayType, Record<string, HourShares>>;
  /** The same, counting only moves after which the room left was empty: what sensors without names can show. */
  emptyingMoveHours: Record<RoomDayType, Record<string, HourShares>>;
}

/** Areas one only walks through: a move is from the room before to the room after. */
const CORRIDORS = new Set(["hallway", "entrance"]);

export function measureRoomTruth(days: readonly DayContext[], observable: ReadonlySet<string>): MeasuredRoomTruth {
  const count = { weekdays: 0, weekends: 0 };
  const areaDays: Record<RoomDayType, Map<string, number[]>> = { weekdays: new Map(), weekends: new Map() };
  const moveDays: Record<RoomDayType, Map<string, number[]>> = { weekdays: new Map(), weekends: new Map() };
  const emptyingDays: Record<RoomDayType, Map<string, number[]>> = { weekdays: new Map(), weekends: new Map() };
  const bump = (map: Map<string, number[]>, key: string, hours: Set<number>) => {
    let row = map.get(key);
    if (!row) {
      row = new Array<number>(24).fill(0);
      map.set(key, row);
    }
    for (const h of hours) row[h] += 1;
  };
  for (const ctx of days) {
    const group: RoomDayType = ctx.weekend ? "weekends" : "weekdays";
    count[group] += 1;
    const hourOf = (ts: number) => ctx.world.local.parts(ts).hour;
    const awake = ctx.whereabouts.filter((w) => w.activity !== "asleep" && observable.has(w.area));
    const busy = new Map<string, Set<number>>();
    for (const w of awake) {
      const hours = busy.get(w.area) ?? new Set<number>();
      for (const h of hoursTouched(w, hourOf)) hours.add(h);
      busy.set(w.area, hours);
    }
    for (const [area, hours] of busy) bump(areaDays[group], area, hours);
    const moves = movesOf(ctx.whereabouts, observable);
    bumpMoves(moveDays[group], moves, hourOf);
    bumpMoves(
      emptyingDays[group],
      moves.filter((m) => m.emptiesOrigin),
      hourOf,
    );
  }
  const shares = (map: Map<string, number[]>, n: number) =>
    Object.fromEntries([...map].sort().map(([k, row]) => [k, row.map((c) => (n > 0 ? c / n : 0))]));
  return {
    days: count,
    areaHours: {
      weekdays: shares(areaDays.weekdays, count.weekdays),
      weekends: shares(areaDays.weekends, count.weekends),
    },
    moveHours: {
      weekdays: shares(moveDays.weekdays, count.weekdays),
      weekends: shares(moveDays.weekends, count.weekends),
    },
    emptyingMoveHours: {
      weekdays: shares(emptyingDays.weekdays, count.weekdays),
      weekends: shares(emptyingDays.weekends, count.weekends),
    },
  };
}

/** Adds one day's moves: per key, the two-hour windows (starting hour h) its arrivals fall in. */
function bumpMoves(days: Map<string, number[]>, moves: readonly MeasuredMove[], hourOf: (ts: number) => number): void {
  const byKey = new Map<string, Set<number>>();
  for (const m of moves) {
    const hours = byKey.get(m.key) ?? new Set<number>();
    hours.add(hourOf(m.ts));
    byKey.set(m.key, hours);
  }
  for (const [key, hours] of byKey) {
    let row = days.get(key);
    if (!row) {
      row = new Array<number>(24).fill(0);
      days.set(key, row);
    }
    for (let h = 0; h < 24; h++) if (hours.has(h) || hours.has((h + 1) % 24)) row[h] += 1;
  }
}

/**
 * Local hours a stay overlaps, read at each quarter-hour boundary it crosses: every zone's offset is
 * a whole number of quarter hours, so every local hour starts on one.
 */
function hoursTouched(w: Whereabouts, hourOf: (ts: number) => number): Set<number> {
  const QUARTER = 900_000;
  const hours = new Set([hourOf(w.from)]);
  for (let t = Math.floor(w.from / QUARTER) * QUARTER + QUARTER; t < w.to; t += QUARTER) hours.add(hourOf(t));
  return hours;
}

/** Longer than this without being anywhere observable: the resident was out (or asleep out of sight). */
const AWAY_MS = 10 * 60_000;

/** After a move, the room left must show nobody awake for this long for the move to show in its sensors. */
const EMPTIED_MS = 10 * 60_000;

export interface MeasuredMove {
  key: string;
  /** Arrival (or, leaving home, the front door). */
  ts: number;
  /**
   * Whether sensors without names can show it: the room left is empty afterwards. When someone
   * else stays on in the kitchen, "someone went from the kitchen to the front door" looks like
   * the kitchen carrying on and a walk in the hallway.
   */
  emptiesOrigin: boolean;
}

/**
 * Each resident's moves between observable areas, as paths: the room left, the corridors crossed,
 * the room reached (arrival time). Leaving home ends a path at the last corridor (the front door);
 * coming home starts one there.
 */
export function movesOf(whereabouts: readonly Whereabouts[], observable: ReadonlySet<string>): MeasuredMove[] {
  const byPerson = new Map<string, Whereabouts[]>();
  for (const w of whereabouts) {
    if (!observable.has(w.area)) continue;
    const list = byPerson.get(w.person) ?? [];
    list.push(w);
    byPerson.set(w.person, list);
  }
  const awake = whereabouts.filter((w) => w.activity !== "asleep");
  const emptied = (person: string, area: string, leftAt: number | null) =>
    leftAt === null ||
    !awake.some((o) => o.person !== person && o.area === area && o.from < leftAt + EMPTIED_MS && o.to > leftAt);
  const out: MeasuredMove[] = [];
  for (const [person, list] of byPerson) {
    const emit = (path: string[], ts: number, leftAt: number | null) => {
      if (path.length < 2 || path[0] === path[path.length - 1]) return;
      const keys = new Set<string>([`${path[0]}>${path[path.length - 1]}`]);
      if (path.length === 3) keys.add(path.join(">"));
      for (let i = 0; i + 1 < path.length; i++) keys.add(`${path[i]}>${path[i + 1]}`);
      const emptiesOrigin = emptied(person, path[0], leftAt);
      for (const key of keys) out.push({ key, ts, emptiesOrigin });
    };
    list.sort((a, b) => a.from - b.from);
    let path: string[] = [];
    // When the room the path starts in was left; null when it starts at the front door.
    let leftAt: number | null = null;
    let lastEnd = -Infinity;
    let lastPass = 0;
    for (const w of list) {
      if (path.length > 0 && w.from - lastEnd > AWAY_MS) {
        if (path.length > 1) emit(path, lastPass, leftAt);
        path = [];
        leftAt = null;
      }
      lastEnd = Math.max(lastEnd, w.to);
      if (CORRIDORS.has(w.area)) {
        if (path[path.length - 1] !== w.area) path.push(w.area);
        lastPass = w.from;
        continue;
      }
      if (path.length > 0 && !(path.length === 1 && path[0] === w.area)) emit([...path, w.area], w.from, leftAt);
      path = [w.area];
      leftAt = w.to;
    }
    if (path.length > 1) emit(path, lastPass, leftAt);
  }
  return out;
}
