// Replays a home day by day and predicts each next manual action from what came before: ours against two baselines.
import type { HomeEvent } from "../../src/core/home-event.js";
import { addDays, type LocalTime } from "../../src/core/local-time.js";
import { CARRY_IN_MS } from "../../src/layers/aggregate-kind.js";
import { carryInMap, memoizeArea } from "../../src/layers/day-input-loader.js";
import { dayPartIndex } from "../../src/layers/kinds/day-parts.js";
import { isManualAction, presenceOf } from "../../src/layers/kinds/manual-action.js";
import { FOLLOW_MS, LATE_MS, type NextActionValue, nextActionDaily } from "../../src/layers/kinds/next-action-daily.js";
import { predictNextActions } from "../../src/predict/next-action-predictor.js";
import { type CountedAction, commonControls, countedAction, countsFor } from "./ha-common-controls.js";

/** Hits at 1, 3 and 8 over the actions predicted. */
export interface HitRates {
  top1: number;
  top3: number;
  top8: number;
}

export interface ReplayResult {
  /** Manual actions predicted (each day after the warm-up). */
  actions: number;
  days: number;
  ours: HitRates;
  /** Home Assistant's common controls counting every manual action (generous: it sees only app actions). */
  homeAssistant: HitRates;
  /** Home Assistant's common controls counting what it counts: changes a user made through it. */
  homeAssistantFaithful: HitRates;
  /** Actions Home Assistant's faithful counting could ever list: made through it by a user. */
  appActions: number;
  /** The most used entities over 30 days, whatever the time. */
  frequency: HitRates;
  /** Where ours loses to Home Assistant's counting: actions it had in its top 8 and we did not. */
  lostToHa: number;
  /** Actions that followed another within FOLLOW_MS, and our top-1 on those and on the rest. */
  followers: { actions: number; top1: number };
  firstOfChain: { actions: number; top1: number };
}

export interface ReplayOptions {
  /** Days of history before the first predicted day. */
  warmUpDays: number;
  /** The window each prediction reads (Home Assistant's feature reads 30 days). */
  windowDays: number;
  hourPrior?: number;
  followPrior?: number;
  latePrior?: number;
}

export const DEFAULT_REPLAY: ReplayOptions = { warmUpDays: 7, windowDays: 30 };

interface Tally {
  hits: [number, number, number];
}

const rank = (list: readonly string[], entity: string) => list.indexOf(entity);
function count(t: Tally, position: number): void {
  if (position < 0) return;
  if (position < 1) t.hits[0]++;
  if (position < 3) t.hits[1]++;
  if (position < 8) t.hits[2]++;
}
const rates = (t: Tally, n: number): HitRates => ({
  top1: n === 0 ? 0 : t.hits[0] / n,
  top3: n === 0 ? 0 : t.hits[1] / n,
  top8: n === 0 ? 0 : t.hits[2] / n,
});

/** `days` must be consecutive local days, oldest first, each with its events in time order. */
export function replayHome(
  days: readonly { day: string; events: readonly HomeEvent[] }[],
  time: LocalTime,
  areaOf: (entity: string) => string | null,
  options: ReplayOptions = DEFAULT_REPLAY,
): ReplayResult {
  const memoArea = memoizeArea(areaOf);
  const perDay = new Map<string, Map<string, NextActionValue>>();
  const lastSeen = new Map<string, HomeEvent>();
  const ours: Tally = { hits: [0, 0, 0] };
  const ha: Tally = { hits: [0, 0, 0] };
  const haFaithful: Tally = { hits: [0, 0, 0] };
  const counted = new Map<string, CountedAction[]>();
  let appActions = 0;
  const freq: Tally = { hits: [0, 0, 0] };
  const followers = { actions: 0, top1: 0 };
  const firsts = { actions: 0, top1: 0 };
  let actions = 0;
  let judgedDays = 0;
  let lostToHa = 0;
  // The last action, kept across midnight as the live service keeps it.
  let last: HomeEvent | undefined;
  for (let i = 0; i < days.length; i++) {
    const { day, events } = days[i];
    const { start, end } = time.dayBounds(day);
    const carryIn = carryInMap([...lastSeen.values()].filter((e) => e.ts >= start - CARRY_IN_MS));
    if (i >= options.warmUpDays) {
      judgedDays++;
      const window = windowRows(perDay, day, options.windowDays);
      const before = windowDays(day, options.windowDays).flatMap((d) => counted.get(d) ?? []);
      const haLists = commonControls(before, "generous");
      const haFaithfulLists = commonControls(before, "faithful");
      const freqList = topBy(window, (r) => r.actions);
      const home = new Map<string, boolean>();
      for (const e of carryIn.values()) {
        const p = presenceOf(e);
        if (p !== null) home.set(e.entity, p);
      }
      for (const e of events) {
        const p = presenceOf(e);
        if (p !== null) home.set(e.entity, p);
        if (!isManualAction(e)) continue;
        const hour = time.parts(e.ts).hour;
        const part = dayPartIndex(hour);
        const follows = last !== undefined && e.ts - last.ts <= FOLLOW_MS;
        const recent = last !== undefined && e.ts - last.ts <= LATE_MS;
        const predicted = predictNextActions({
          rows: window,
          days: options.windowDays,
          hour,
          part,
          last: recent ? { entity: last!.entity, state: last!.state, gapMs: e.ts - last!.ts } : undefined,
          anyoneHome: home.size > 0 ? [...home.values()].some(Boolean) : null,
          limit: 8,
          hourPrior: options.hourPrior,
          followPrior: options.followPrior,
          latePrior: options.latePrior,
          nameOf: (x) => x,
        }).map((a) => a.entity);
        const ourRank = rank(predicted, e.entity);
        const haRank = rank(haLists[part], e.entity);
        count(ours, ourRank);
        count(ha, haRank);
        count(haFaithful, rank(haFaithfulLists[part], e.entity));
        if (countsFor("faithful", countedAction(e, hour))) appActions++;
        count(freq, rank(freqList, e.entity));
        if (haRank >= 0 && haRank < 8 && (ourRank < 0 || ourRank >= 8)) lostToHa++;
        const bucket = follows ? followers : firsts;
        bucket.actions++;
        if (ourRank === 0) bucket.top1++;
        actions++;
        last = e;
      }
    }
    const input = { day, start, end, events, carryIn, time, areaOf: memoArea };
    perDay.set(day, nextActionDaily.computeDay(input));
    const today: CountedAction[] = [];
    for (const e of events) {
      lastSeen.set(e.entity, e);
      if (!isManualAction(e)) continue;
      last = e;
      today.push(countedAction(e, time.parts(e.ts).hour));
    }
    counted.set(day, today);
  }
  return {
    actions,
    days: judgedDays,
    ours: rates(ours, actions),
    homeAssistant: rates(ha, actions),
    homeAssistantFaithful: rates(haFaithful, actions),
    appActions,
    frequency: rates(freq, actions),
    lostToHa,
    followers: { actions: followers.actions, top1: followers.actions ? followers.top1 / followers.actions : 0 },
    firstOfChain: { actions: firsts.actions, top1: firsts.actions ? firsts.top1 / firsts.actions : 0 },
  };
}

/** The `n` days before `day`, oldest first. */
function windowDays(day: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => addDays(day, i - n));
}

/** The merge of the days before `day` within the window, as the live service reads it from L2. */
function windowRows(
  perDay: Map<string, Map<string, NextActionValue>>,
  day: string,
  windowDays: number,
): Map<string, NextActionValue> {
  const out = new Map<string, NextActionValue>();
  for (let k = windowDays; k >= 1; k--) {
    const rows = perDay.get(addDays(day, -k));
    if (!rows) continue;
    for (const [key, v] of rows) {
      const had = out.get(key);
      out.set(key, had ? nextActionDaily.merge(had, v) : v);
    }
  }
  return out;
}

function topBy(rows: Map<string, NextActionValue>, score: (r: NextActionValue) => number): string[] {
  return [...rows.values()]
    .filter((r) => score(r) > 0)
    .sort((a, b) => score(b) - score(a) || (a.entity < b.entity ? -1 : 1))
    .slice(0, 8)
    .map((r) => r.entity);
}
