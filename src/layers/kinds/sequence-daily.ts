// L2 sequence_daily: ordered chains of 2–4 steps (A → B → C → D) with gaps, counted per day.
import { domainOf, type HomeEvent, isAutomated } from "../../core/home-event.js";
import type { AggregateKind, DayInput } from "../aggregate-kind.js";
import { type Attribution, addCount, type Counts } from "./attribution.js";
import { DayClock } from "./day-clock.js";
import { CHATTER_CHANGES_PER_DAY, entityStateKey, HabitStates, isControllable } from "./entity-classes.js";
import { absorbSequence, mergeSequence } from "./sequence-merge.js";

export interface SequenceStep {
  entity: string;
  state: string;
}

/**
 * Row "seq|A|on>B|on>C|off": a chain of distinct entities, each step within the gap of the one
 * before, with unrelated events allowed in between. An occurrence is counted at its last step.
 */
export interface SequenceValue extends Attribution {
  steps: SequenceStep[];
  count: number;
  /** First to last step, whole seconds: sum, sum of squares, min, max. */
  durationSumSec: number;
  durationSqSumSec: number;
  durationMinSec: number;
  durationMaxSec: number;
  /** Per gap between consecutive steps: summed seconds (length = steps - 1). */
  gapSumSec: number[];
  /** Quarter hour of day (0..95) the chain started → occurrences. */
  startQuarter: Counts;
  days: string[];
  // Attribution: `automated` counts occurrences where an automation caused a step after the first.
}

export interface SequenceOptions {
  /** Longest gap between consecutive steps. */
  maxGapMs: number;
  /** Distinct recent steps each step may follow: how many unrelated events it tolerates. */
  predecessors: number;
  /**
   * Every distinct step this recent is a predecessor too, however many there are: in a large home
   * the kitchen, the hallway light and a second person's motion sensors fill the half minute between
   * the bathroom light and its fan, and a count alone lost the light.
   */
  predecessorWindowMs: number;
  maxSteps: number;
  /** Chains kept per day, most frequent first: bounds a 200K-event day. */
  maxChainsPerDay: number;
  /** An entity changing more often than this in a day is chatter, not a step. */
  maxChangesPerEntity: number;
}

export const DEFAULT_SEQUENCE_OPTIONS: SequenceOptions = {
  maxGapMs: 5 * 60_000,
  predecessors: 4,
  predecessorWindowMs: 60_000,
  maxSteps: 4,
  maxChainsPerDay: 3000,
  maxChangesPerEntity: CHATTER_CHANGES_PER_DAY,
};

/** Domains that make a step: what people operate plus the sensors that show them moving. */
const STEP_PASSIVE_DOMAINS: ReadonlySet<string> = new Set(["binary_sensor", "person", "device_tracker"]);

export function isStepEntity(entity: string): boolean {
  return isControllable(entity) || STEP_PASSIVE_DOMAINS.has(domainOf(entity));
}

/** A sensor going back to rest (motion cleared, door closed) is a timeout, not something someone did. */
export function isStepState(entity: string, state: string): boolean {
  return domainOf(entity) !== "binary_sensor" || state === "on";
}

export function sequenceKey(steps: readonly SequenceStep[]): string {
  return `seq|${steps.map((s) => entityStateKey(s.entity, s.state)).join(">")}`;
}

/** One occurrence of a chain ending at a step; `before` is the occurrence of its prefix. */
interface ChainEnd {
  chain: ChainAcc;
  before: ChainEnd | null;
  startTs: number;
  lastTs: number;
  automated: boolean;
  user: string | undefined;
}

interface ChainAcc {
  index: number;
  /** The chain extended by one more step, by step id. */
  children: Map<number, ChainAcc>;
  ids: number[];
  count: number;
  durationSumSec: number;
  durationSqSumSec: number;
  durationMinSec: number;
  durationMaxSec: number;
  gapSumSec: number[];
  startQuarter: Counts;
  automated: number;
  users: Counts;
}

export function createSequenceKind(options: SequenceOptions = DEFAULT_SEQUENCE_OPTIONS): AggregateKind<SequenceValue> {
  function computeDay(input: DayInput): Map<string, SequenceValue> {
    const clock = new DayClock(input.time, input.day);
    const habits = new HabitStates();
    const changes = new Map<string, number>();
    const steps: { e: HomeEvent; id: number }[] = [];
    const stepIds = new Map<string, number>();
    const stepOf: SequenceStep[] = [];
    const stepEntity = new Map<string, boolean>();
    const candidates: { e: HomeEvent; state: string }[] = [];
    for (const e of input.events) {
      if (e.previous === e.state) continue;
      let isStep = stepEntity.get(e.entity);
      if (isStep === undefined) {
        isStep = isStepEntity(e.entity);
        stepEntity.set(e.entity, isStep);
      }
      if (!isStep) continue;
      const state = habits.of(e.entity, e.state);
      if (state === null) continue;
      changes.set(e.entity, (changes.get(e.entity) ?? 0) + 1);
      if (isStepState(e.entity, state)) candidates.push({ e, state });
    }
    // Chatter never becomes a step: it would crowd real predecessors out of the look-back.
    for (const { e, state } of candidates) {
      if (changes.get(e.entity)! > options.maxChangesPerEntity) continue;
      const key = entityStateKey(e.entity, state);
      let id = stepIds.get(key);
      if (id === undefined) {
        id = stepOf.length;
        stepIds.set(key, id);
        stepOf.push({ entity: e.entity, state });
      }
      steps.push({ e, id });
    }

    const roots = new Map<number, ChainAcc>();
    const chainList: ChainAcc[] = [];
    const chainOf = (prefix: ChainAcc | null, id: number, create: boolean): ChainAcc | undefined => {
      const siblings = prefix === null ? roots : prefix.children;
      let acc = siblings.get(id);
      if (!acc && create) {
        const ids = prefix === null ? [id] : [...prefix.ids, id];
        acc = {
          index: chainList.length,
          children: new Map(),
          ids,
          count: 0,
          durationSumSec: 0,
          durationSqSumSec: 0,
          durationMinSec: Infinity,
          durationMaxSec: 0,
          gapSumSec: new Array<number>(ids.length - 1).fill(0),
          startQuarter: {},
          automated: 0,
          users: {},
        };
        siblings.set(id, acc);
        chainList.push(acc);
      }
      return acc;
    };
    // Level by level: chains of length L are counted only as extensions of the most frequent
    // chains of length L - 1 (all of them on an ordinary day), so a busy day cannot explode.
    let allowed = new Set<number>();
    for (let level = 2; level <= options.maxSteps; level++) {
      const counted = new Set<ChainAcc>();
      const ends: (ChainEnd[] | undefined)[] = [];
      let released = 0;
      for (let i = 0; i < steps.length; i++) {
        const { e, id } = steps[i];
        while (released < i && steps[released].e.ts < e.ts - options.maxGapMs) ends[released++] = undefined;
        const mine: ChainEnd[] = [
          {
            chain: chainOf(null, id, true)!,
            before: null,
            startTs: e.ts,
            lastTs: e.ts,
            automated: false,
            user: e.user,
          },
        ];
        // The latest occurrence of each of a few distinct recent steps, and of every step of the
        // last minute, is a predecessor: that is how unrelated events in between are tolerated.
        const picked = new Set<number>();
        const recent = e.ts - options.predecessorWindowMs;
        for (
          let j = i - 1, walked = 0;
          j >= released && walked < 64 && (picked.size < options.predecessors || steps[j].e.ts >= recent);
          j--, walked++
        ) {
          const before = steps[j];
          if (before.e.entity === e.entity || picked.has(before.id) || !ends[j]) continue;
          picked.add(before.id);
          for (const end of ends[j]!) {
            const prefix = end.chain;
            const length = prefix.ids.length + 1;
            if (length > level || containsEntity(prefix.ids, stepOf, e.entity)) continue;
            const acc = chainOf(prefix, id, length === level);
            if (!acc || (length < level && !allowed.has(acc.index))) continue;
            const automated = end.automated || isAutomated(e);
            const user = end.user ?? e.user;
            if (length === level) {
              const seconds = Math.round((e.ts - end.startTs) / 1000);
              acc.count += 1;
              acc.durationSumSec += seconds;
              acc.durationSqSumSec += seconds * seconds;
              acc.durationMinSec = Math.min(acc.durationMinSec, seconds);
              acc.durationMaxSec = Math.max(acc.durationMaxSec, seconds);
              let later = e.ts;
              for (let k = length - 2, at: ChainEnd | null = end; at !== null; k--, at = at.before) {
                acc.gapSumSec[k] += Math.round((later - at.lastTs) / 1000);
                later = at.lastTs;
              }
              addCount(acc.startQuarter, Math.floor(clock.minuteOfDay(end.startTs) / 15));
              if (automated) acc.automated += 1;
              if (user) addCount(acc.users, user);
              counted.add(acc);
            } else {
              mine.push({ chain: acc, before: end, startTs: end.startTs, lastTs: e.ts, automated, user });
            }
          }
        }
        ends[i] = mine;
      }
      const frequent = [...counted]
        .sort((x, y) => y.count - x.count || x.index - y.index)
        .slice(0, options.maxChainsPerDay);
      allowed = new Set([...allowed, ...frequent.map((c) => c.index)]);
    }
    return chainRows(chainList, stepOf, input.day, options.maxChainsPerDay);
  }

  return {
    name: "sequence_daily",
    computeDay,
    merge: mergeSequence,
    absorb: absorbSequence,
  };
}

function containsEntity(ids: readonly number[], stepOf: readonly SequenceStep[], entity: string): boolean {
  for (const id of ids) if (stepOf[id].entity === entity) return true;
  return false;
}

function chainRows(
  chainList: ChainAcc[],
  stepOf: SequenceStep[],
  day: string,
  limit: number,
): Map<string, SequenceValue> {
  const kept = chainList
    .filter((c) => c.ids.length >= 2 && c.count > 0)
    .map((c) => ({ c, steps: c.ids.map((id) => stepOf[id]) }))
    .map((x) => ({ ...x, key: sequenceKey(x.steps) }))
    .sort(
      (x, y) =>
        y.c.count - x.c.count || y.steps.length - x.steps.length || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0),
    )
    .slice(0, limit);
  const rows = new Map<string, SequenceValue>();
  for (const { c, steps, key } of kept) {
    rows.set(key, {
      steps,
      count: c.count,
      durationSumSec: c.durationSumSec,
      durationSqSumSec: c.durationSqSumSec,
      durationMinSec: c.durationMinSec,
      durationMaxSec: c.durationMaxSec,
      gapSumSec: c.gapSumSec,
      startQuarter: c.startQuarter,
      days: [day],
      automated: c.automated,
      users: c.users,
    });
  }
  return rows;
}

export const sequenceDaily = createSequenceKind();
