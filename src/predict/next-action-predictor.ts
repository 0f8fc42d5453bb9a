// Ranks what a person will most likely operate next, from the next_action_daily window, the hour, the last action and presence.
import { type DeviceClassOf, hasStateWords, stateVerb } from "../core/state-words.js";
import { DAY_PARTS, dayPartIndex, hoursOfPart } from "../layers/kinds/day-parts.js";
import { actionKey, FOLLOW_MS, type NextActionValue } from "../layers/kinds/next-action-daily.js";

export interface NextActionQuery {
  /** The merged next_action_daily rows of the window (e.g. the last 30 days). */
  rows: ReadonlyMap<string, NextActionValue>;
  /** Days the window covers, for the reasons' wording. */
  days: number;
  /** Local hour of the prediction; null to predict a whole part of the day. */
  hour: number | null;
  /** Day part 0..3 (morning, afternoon, evening, night). */
  part: number;
  /** The most recent action, when it was within LATE_MS of now; `gapMs` is how long ago (quick when absent). */
  last?: { entity: string; state: string; gapMs?: number };
  /** Whether anyone is home, when presence is known. */
  anyoneHome?: boolean | null;
  limit?: number;
  /** Smoothing weights; the defaults were tuned on the simulated homes' replay (EVALUATION.md). */
  hourPrior?: number;
  followPrior?: number;
  latePrior?: number;
  nameOf(entity: string): string;
  /** The device class of an entity, to say its states as Home Assistant shows them ("opens"). */
  deviceClassOf?: DeviceClassOf;
}

export interface NextAction {
  entity: string;
  /** 0..1, the ranked entities' probabilities over every candidate add up to 1. */
  probability: number;
  reason: string;
}

/** Weight of the time-of-day prior against an hour's own counts: a few actions move it. */
const HOUR_PRIOR = 4;
/**
 * Weight of the time-of-day prediction against what followed the last action, and the same for
 * an action longer ago than FOLLOW_MS. Tuned on the simulated homes only (`npm run eval:predict`).
 */
export const FOLLOW_PRIOR = 8;
export const LATE_PRIOR = 9;

/**
 * Interpolated back-off: what followed the last action in this part of the day, smoothed
 * towards what is done at this hour (its neighbours half weight), smoothed towards how often
 * each entity is used at all. Each level's weight grows with its own evidence, so a habit seen
 * 20 times outweighs the hour, and an action never seen before falls back to the hour.
 */
export function predictNextActions(q: NextActionQuery): NextAction[] {
  const hourPrior = q.hourPrior ?? HOUR_PRIOR;
  const followPrior = q.followPrior ?? FOLLOW_PRIOR;
  const candidates = [...q.rows.values()].filter((r) => r.actions > 0);
  if (candidates.length === 0) return [];
  const total = candidates.reduce((s, r) => s + r.actions, 0);
  const freq = new Map(candidates.map((r) => [r.entity, (r.actions + 0.5) / (total + 0.5 * candidates.length)]));

  const timeWeight = (r: NextActionValue) =>
    q.hour === null
      ? hoursOfPart(q.part).reduce((s, h) => s + r.hours[h], 0)
      : r.hours[(q.hour + 23) % 24] * 0.5 + r.hours[q.hour] + r.hours[(q.hour + 1) % 24] * 0.5;
  const weights = new Map(candidates.map((r) => [r.entity, timeWeight(r)]));
  const weightSum = [...weights.values()].reduce((s, w) => s + w, 0);
  let base = new Map(
    candidates.map((r) => [
      r.entity,
      (weights.get(r.entity)! + hourPrior * freq.get(r.entity)!) / (weightSum + hourPrior),
    ]),
  );
  if (q.anyoneHome === true || q.anyoneHome === false) base = normalized(withPresence(base, q.rows, q.anyoneHome));

  const quick = q.last !== undefined && (q.last.gapMs ?? 0) <= FOLLOW_MS;
  const prior = quick ? followPrior : (q.latePrior ?? LATE_PRIOR);
  const lastRow = q.last ? q.rows.get(q.last.entity) : undefined;
  const followedBy = quick ? lastRow?.followed : lastRow?.followedLate;
  const followed = q.last ? (followedBy?.[q.last.state]?.[q.part] ?? 0) : 0;
  const lastKey = q.last ? actionKey(q.last) : "";
  const scored = candidates.map((r) => {
    const after = q.last ? ((quick ? r.after : r.afterLate)?.[lastKey]?.[q.part] ?? 0) : 0;
    const p = followed > 0 ? (after + prior * base.get(r.entity)!) / (followed + prior) : base.get(r.entity)!;
    return { row: r, p, after };
  });
  scored.sort((a, b) => b.p - a.p || (a.row.entity < b.row.entity ? -1 : 1));
  return scored.slice(0, q.limit ?? 8).map(({ row, p, after }) => ({
    entity: row.entity,
    probability: Math.round(p * 1000) / 1000,
    reason: reasonFor(q, row, after, followed, weights.get(row.entity)!, quick),
  }));
}

function withPresence(
  base: Map<string, number>,
  rows: ReadonlyMap<string, NextActionValue>,
  anyoneHome: boolean,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [entity, p] of base) {
    const r = rows.get(entity)!;
    const share = anyoneHome ? (r.actions - r.away + 0.1) / (r.actions + 1) : (r.away + 0.1) / (r.actions + 1);
    out.set(entity, p * share);
  }
  return out;
}

function normalized(m: Map<string, number>): Map<string, number> {
  const sum = [...m.values()].reduce((s, v) => s + v, 0);
  return sum > 0 ? new Map([...m].map(([k, v]) => [k, v / sum])) : m;
}

function reasonFor(
  q: NextActionQuery,
  row: NextActionValue,
  after: number,
  followed: number,
  atTime: number,
  quick: boolean,
): string {
  const name = q.nameOf(row.entity);
  const part = DAY_PARTS[q.part];
  if (q.last && after >= 2 && after / followed >= 0.2) {
    // Counts, not a percentage: beside the list's "NN % chance next" a second percentage read as
    // contradicting it. "9 of 10 times after …" says what it counts.
    const lastPhrase = `${q.nameOf(q.last.entity)} ${stateWord(q.last.entity, q.last.state, q.deviceClassOf)}`;
    return quick
      ? `${name} followed ${after} of ${followed} times after ${lastPhrase} in the ${part}.`
      : `${name} came next in the ${part} ${after} of ${followed} times when ${lastPhrase} and nothing followed within 10 minutes.`;
  }
  const when = q.hour === null ? `in the ${part}` : `around ${String(q.hour).padStart(2, "0")}:00`;
  if (atTime >= 2) return `${name} is used ${when}: ${Math.round(atTime)} times in the last ${q.days} days.`;
  return `${name} is one of the most used: ${row.actions} times in the last ${q.days} days.`;
}

/** The part of the day of a local hour, re-exported for callers that only predict. */
export { dayPartIndex };

/** "turns on", "opens", "detects motion", "starts playing": how a reason names the state an action set. */
function stateWord(entity: string, state: string, deviceClassOf: DeviceClassOf | undefined): string {
  const deviceClass = deviceClassOf?.(entity);
  if (hasStateWords(entity, state, deviceClass)) return stateVerb(entity, state, deviceClass);
  if (state === "on") return "turns on";
  if (state === "off") return "turns off";
  if (state === "open") return "opens";
  if (state === "closed") return "closes";
  if (state === "playing") return "starts playing";
  return `goes ${state}`;
}
