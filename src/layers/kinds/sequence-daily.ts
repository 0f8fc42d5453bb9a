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
  /** The chain's index in the day's ChainColumns. */
  chain: number;
  before: ChainEnd | null;
  startTs: number;
  /** Quarter hour of day (0..95) of startTs. */
  startQuarter: number;
  lastTs: number;
  automated: boolean;
  user: string | undefined;
}

/** Chain indices fit 24 bits in a start record. */
const MAX_CHAINS = 2 ** 24;

/**
 * A day's chains, one column per field: a dense day counts tens of thousands of chains, and an
 * object, a children map, an id list and a quarter-hour record apiece took 1.3 KB each (over
 * 100 MB on a 27,000-event day). A chain is its prefix plus one step.
 */
class ChainColumns {
  length = 0;
  readonly parent: number[] = [];
  readonly step: number[] = [];
  readonly steps: number[] = [];
  readonly count: number[] = [];
  readonly durationSumSec: number[] = [];
  readonly durationSqSumSec: number[] = [];
  readonly durationMinSec: number[] = [];
  readonly durationMaxSec: number[] = [];
  /** maxSteps - 1 gap sums per chain. */
  readonly gapSumSec: number[] = [];
  readonly automated: number[] = [];
  /** Users per chain, only for chains some user caused. */
  readonly users = new Map<number, Counts>();
  /**
   * One entry per counted occurrence, chain << 7 | the quarter hour it started in: millions on a
   * dense day, so 4 bytes each, and pruned to the chains that can still make the day's cut.
   */
  private starts = new Int32Array(1024);
  private startCount = 0;
  private readonly children = new Map<number, number>();

  /**
   * @param stepCount distinct steps of the day: a chain's children are found by
   * (chain + 1) * stepCount + step id, a small integer key on an ordinary day.
   */
  constructor(
    readonly gapStride: number,
    private readonly stepCount: number,
  ) {}

  /** The chain `prefix` (-1: none) extended by `id`, created when `create`; -1 when absent. */
  find(prefix: number, id: number, create: boolean): number {
    if (this.length >= MAX_CHAINS) throw new RangeError("sequence_daily: too many chains in one day");
    const key = (prefix + 1) * this.stepCount + id;
    const known = this.children.get(key);
    if (known !== undefined || !create) return known ?? -1;
    const c = this.length++;
    this.children.set(key, c);
    this.parent.push(prefix);
    this.step.push(id);
    this.steps.push(prefix < 0 ? 1 : this.steps[prefix] + 1);
    this.count.push(0);
    this.durationSumSec.push(0);
    this.durationSqSumSec.push(0);
    this.durationMinSec.push(Number.POSITIVE_INFINITY);
    this.durationMaxSec.push(0);
    for (let g = 0; g < this.gapStride; g++) this.gapSumSec.push(0);
    this.automated.push(0);
    return c;
  }

  addStart(c: number, quarter: number): void {
    if (this.startCount === this.starts.length) {
      const grown = new Int32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.startCount++] = (c << 7) | quarter;
  }

  /** Keeps the start records of the chains in `keep`. */
  pruneStarts(keep: readonly number[]): void {
    const kept = new Uint8Array(this.length);
    for (const c of keep) kept[c] = 1;
    let n = 0;
    for (let i = 0; i < this.startCount; i++) if (kept[this.starts[i] >>> 7] === 1) this.starts[n++] = this.starts[i];
    this.startCount = n;
  }

  /** Quarter hour → occurrences started in it, for each chain `chains` holds. */
  startQuarters(chains: Iterable<number>): Map<number, Counts> {
    const quarters = new Map<number, Counts>();
    for (const c of chains) quarters.set(c, {});
    for (let i = 0; i < this.startCount; i++) {
      const counts = quarters.get(this.starts[i] >>> 7);
      if (counts) addCount(counts, this.starts[i] & 127);
    }
    return quarters;
  }

  /** The chain's step ids, first step first. */
  ids(c: number): number[] {
    const out = new Array<number>(this.steps[c]);
    for (let i = out.length - 1, at = c; i >= 0; i--, at = this.parent[at]) out[i] = this.step[at];
    return out;
  }

  containsEntity(c: number, stepOf: readonly SequenceStep[], entity: string): boolean {
    for (let at = c; at >= 0; at = this.parent[at]) if (stepOf[this.step[at]].entity === entity) return true;
    return false;
  }
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

    const gapStride = Math.max(0, options.maxSteps - 1);
    const chains = new ChainColumns(gapStride, stepOf.length);
    // Level by level: chains of length L are counted only as extensions of the most frequent
    // chains of length L - 1 (all of them on an ordinary day), so a busy day cannot explode.
    let allowed = new Set<number>();
    for (let level = 2; level <= options.maxSteps; level++) {
      const counted = new Set<number>();
      const ends: (ChainEnd[] | undefined)[] = [];
      let released = 0;
      for (let i = 0; i < steps.length; i++) {
        const { e, id } = steps[i];
        while (released < i && steps[released].e.ts < e.ts - options.maxGapMs) ends[released++] = undefined;
        const mine: ChainEnd[] = [
          {
            chain: chains.find(-1, id, true),
            before: null,
            startTs: e.ts,
            startQuarter: Math.floor(clock.minuteOfDay(e.ts) / 15),
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
            const length = chains.steps[prefix] + 1;
            if (length > level || chains.containsEntity(prefix, stepOf, e.entity)) continue;
            const c = chains.find(prefix, id, length === level);
            if (c < 0 || (length < level && !allowed.has(c))) continue;
            const automated = end.automated || isAutomated(e);
            const user = end.user ?? e.user;
            if (length === level) {
              const seconds = Math.round((e.ts - end.startTs) / 1000);
              chains.count[c] += 1;
              chains.durationSumSec[c] += seconds;
              chains.durationSqSumSec[c] += seconds * seconds;
              chains.durationMinSec[c] = Math.min(chains.durationMinSec[c], seconds);
              chains.durationMaxSec[c] = Math.max(chains.durationMaxSec[c], seconds);
              let later = e.ts;
              for (let k = length - 2, at: ChainEnd | null = end; at !== null; k--, at = at.before) {
                chains.gapSumSec[c * gapStride + k] += Math.round((later - at.lastTs) / 1000);
                later = at.lastTs;
              }
              chains.addStart(c, end.startQuarter);
              if (automated) chains.automated[c] += 1;
              if (user) {
                const users = chains.users.get(c) ?? {};
                chains.users.set(c, users);
                addCount(users, user);
              }
              counted.add(c);
            } else {
              mine.push({
                chain: c,
                before: end,
                startTs: end.startTs,
                startQuarter: end.startQuarter,
                lastTs: e.ts,
                automated,
                user,
              });
            }
          }
        }
        ends[i] = mine;
      }
      const frequent = [...counted]
        .sort((x, y) => chains.count[y] - chains.count[x] || x - y)
        .slice(0, options.maxChainsPerDay);
      allowed = new Set([...allowed, ...frequent]);
      // Chains that already rank below the day's cut only fall further: their starts are not needed.
      chains.pruneStarts(contenders(chains, options.maxChainsPerDay));
    }
    return chainRows(chains, stepOf, input.day, options.maxChainsPerDay);
  }

  return {
    name: "sequence_daily",
    computeDay,
    merge: mergeSequence,
    absorb: absorbSequence,
  };
}

/** Chains ranked by count, then length: the order of the day's cut before keys break ties. */
function byCount(chains: ChainColumns): (x: number, y: number) => number {
  return (x, y) => chains.count[y] - chains.count[x] || chains.steps[y] - chains.steps[x];
}

/**
 * Counted chains of 2 steps or more that can still be among the `limit` kept: every one ranked
 * (by count and length) no lower than the limit-th, most frequent first.
 */
function contenders(chains: ChainColumns, limit: number): number[] {
  const order = byCount(chains);
  const counted: number[] = [];
  for (let c = 0; c < chains.length; c++) if (chains.steps[c] >= 2 && chains.count[c] > 0) counted.push(c);
  counted.sort(order);
  if (limit >= counted.length) return counted;
  if (limit <= 0) return [];
  const last = counted[limit - 1];
  let cut = limit;
  while (cut < counted.length && order(last, counted[cut]) === 0) cut++;
  return counted.slice(0, cut);
}

/** The `limit` most frequent chains as rows (longer first, then by key). */
function chainRows(
  chains: ChainColumns,
  stepOf: SequenceStep[],
  day: string,
  limit: number,
): Map<string, SequenceValue> {
  const order = byCount(chains);
  const kept = contenders(chains, limit)
    .map((c) => {
      const steps = chains.ids(c).map((id) => stepOf[id]);
      return { c, steps, key: sequenceKey(steps) };
    })
    .sort((x, y) => order(x.c, y.c) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
    .slice(0, limit);
  const quarters = chains.startQuarters(kept.map((k) => k.c));
  const rows = new Map<string, SequenceValue>();
  for (const { c, steps, key } of kept) {
    const gaps: number[] = [];
    for (let k = 0; k < steps.length - 1; k++) gaps.push(chains.gapSumSec[c * chains.gapStride + k]);
    rows.set(key, {
      steps,
      count: chains.count[c],
      durationSumSec: chains.durationSumSec[c],
      durationSqSumSec: chains.durationSqSumSec[c],
      durationMinSec: chains.durationMinSec[c],
      durationMaxSec: chains.durationMaxSec[c],
      gapSumSec: gaps,
      startQuarter: quarters.get(c)!,
      days: [day],
      automated: chains.automated[c],
      users: chains.users.get(c) ?? {},
    });
  }
  return rows;
}

export const sequenceDaily = createSequenceKind();
