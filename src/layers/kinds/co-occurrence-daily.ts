// L2 co_occurrence_daily: how often B follows A within short windows, and what chance would give.
import { isAutomated } from "../../core/home-event.js";
import type { AggregateKind, DayInput } from "../aggregate-kind.js";
import {
  type Attribution,
  absorbAttribution,
  absorbSorted,
  addCount,
  addCountsInto,
  attribute,
  type Counts,
  emptyAttribution,
  mergeAttribution,
  mergeCounts,
  sparseCounts,
  unionSorted,
} from "./attribution.js";
import { entityExposure } from "./co-occurrence-exposure.js";
import { type CoOccurrenceValue, pairKey } from "./co-occurrence-rows.js";
import { compareJoined } from "./compare-joined.js";
import { CHATTER_CHANGES_PER_DAY, entityStateKey, HabitStates, isActiveState, isPassive } from "./entity-classes.js";
import { countWithin, isHeld } from "./held-spans.js";
import { PairTable } from "./pair-table.js";

export {
  type CoDayValue,
  type CoEntityValue,
  type CoOccurrenceValue,
  type CoPairValue,
  pairKey,
} from "./co-occurrence-rows.js";

export interface CoOccurrenceOptions {
  /** Windows in seconds, ascending; the largest bounds the sliding window. */
  windowsSec: number[];
  /**
   * Keep pairs where both sides only observe (person home → hallway motion)? On by default: the
   * detector does not report them, but needs them to see that one pair merely relays another.
   */
  passivePairs: boolean;
  /**
   * An entity changing more often than this in a day is chatter: it takes part in no pair that
   * day (its own counts are still kept). Bounds the work of a 200K-event day.
   */
  maxChangesPerEntity: number;
  /** Pair rows kept per day, furthest above chance first; only an extremely busy day reaches it. */
  maxPairsPerDay: number;
}

export const DEFAULT_CO_OCCURRENCE_OPTIONS: CoOccurrenceOptions = {
  windowsSec: [30, 120, 600],
  passivePairs: true,
  maxChangesPerEntity: CHATTER_CHANGES_PER_DAY,
  maxPairsPerDay: 5000,
};

export function createCoOccurrenceKind(
  options: CoOccurrenceOptions = DEFAULT_CO_OCCURRENCE_OPTIONS,
): AggregateKind<CoOccurrenceValue> {
  const windows = [...options.windowsSec].sort((x, y) => x - y);
  const windowsMs = windows.map((w) => w * 1000);
  const nWindows = windows.length;
  const maxMs = windowsMs[nWindows - 1];

  function computeDay(input: DayInput): Map<string, CoOccurrenceValue> {
    const habits = new HabitStates();
    const ids = new Map<string, number>();
    const entityOf: string[] = [];
    const stateOf: string[] = [];
    const passive: boolean[] = [];
    const activeState: boolean[] = [];
    const chatter: boolean[] = [];
    const occurrences: number[][] = [];
    const attributions: Attribution[] = [];
    const changes = new Map<string, number>();
    for (const e of input.events) if (e.previous !== e.state) changes.set(e.entity, (changes.get(e.entity) ?? 0) + 1);

    // Pairs live in typed columns indexed by pair number: the inner loop runs millions of times.
    const pairs = new PairTable(nWindows);
    const pairUsers = new Map<number, Counts>();

    // Sliding window of recent occurrences (ts, id) with a count per id still inside it.
    const recentTs: number[] = [];
    const recentId: number[] = [];
    let head = 0;
    const inWindow = new Map<number, number>();

    const idOf = (entity: string, state: string): number => {
      const key = entityStateKey(entity, state);
      let id = ids.get(key);
      if (id === undefined) {
        id = entityOf.length;
        ids.set(key, id);
        entityOf.push(entity);
        stateOf.push(state);
        passive.push(isPassive(entity));
        activeState.push(isActiveState(entity, state));
        chatter.push((changes.get(entity) ?? 0) > options.maxChangesPerEntity);
        occurrences.push([]);
        attributions.push(emptyAttribution());
        held.push([]);
      }
      return id;
    };
    // When each entity-state held, as [start, end) pairs: a follower that is already on cannot
    // turn on, so trigger occurrences while it held do not count as chances for it.
    const held: number[][] = [];
    const holding = new Map<string, number>();
    for (const [entity, e] of input.carryIn) {
      const state = habits.of(entity, e.state);
      if (state === null) continue;
      const id = idOf(entity, state);
      holding.set(entity, id);
      held[id].push(input.start);
    }

    for (const e of input.events) {
      if (e.previous === e.state) continue;
      const state = habits.of(e.entity, e.state);
      const before = holding.get(e.entity);
      if (before !== undefined) {
        held[before].push(e.ts);
        holding.delete(e.entity);
      }
      if (state === null) continue;
      const id = idOf(e.entity, state);
      held[id].push(e.ts);
      holding.set(e.entity, id);
      const t = e.ts;
      attribute(attributions[id], e);
      if (chatter[id]) {
        occurrences[id].push(t);
        continue;
      }
      while (head < recentTs.length && recentTs[head] < t - maxMs) {
        const old = recentId[head++];
        const n = inWindow.get(old)! - 1;
        if (n === 0) inWindow.delete(old);
        else inWindow.set(old, n);
      }
      const automated = isAutomated(e);
      for (const aId of inWindow.keys()) {
        if (entityOf[aId] === e.entity || (!options.passivePairs && passive[aId] && passive[id])) continue;
        const p = pairs.pairOf(aId, id);
        const pairHits = pairs.hits;
        // Credit every A occurrence since the last B that lies within the largest window: each
        // A occurrence is credited once, to its first following B.
        const occ = occurrences[aId];
        let next = pairs.next[p];
        while (next < occ.length && occ[next] < t - maxMs) next++;
        for (; next < occ.length; next++) {
          // A trigger while the follower was already on was no chance for it to turn on (blocked).
          if (activeState[id] && isHeld(held[id], occ[next])) continue;
          const delay = t - occ[next];
          for (let w = 0; w < nWindows; w++) if (delay <= windowsMs[w]) pairHits[p * nWindows + w]++;
          pairs.delaySumMs[p] += delay;
          if (automated) pairs.automated[p]++;
          if (e.user) {
            const users = pairUsers.get(p) ?? {};
            pairUsers.set(p, users);
            addCount(users, e.user);
          }
        }
        pairs.next[p] = next;
      }
      occurrences[id].push(t);
      recentTs.push(t);
      recentId.push(id);
      inWindow.set(id, (inWindow.get(id) ?? 0) + 1);
    }

    for (const id of holding.values()) held[id].push(input.end);

    const rows = new Map<string, CoOccurrenceValue>();
    const dayMs = input.end - input.start;
    rows.set("day", { type: "day", days: 1, dayMs });
    const exposure = entityExposure({ entityOf, stateOf, occurrences, attributions }, windows, windowsMs, input.start);
    for (const [key, row] of exposure.rows) rows.set(key, row);
    const coverages = exposure.coverages;
    // On an extremely busy day keep the pairs furthest above chance (largest window): a real
    // pair stands out every day, coincidences among hundreds of busy entities do not. Keys are
    // built only for the pairs kept: 1,500 entities whose first rows of a history download share
    // a time make a million pairs, and a key and an object for each ran the rollup out of heap.
    const { a: pairA, b: pairB, hits: pairHits } = pairs;
    const surprise = new Float64Array(pairs.size);
    let kept = new Uint32Array(pairs.size);
    let n = 0;
    for (let p = 0; p < pairs.size; p++) {
      const hits = pairHits[p * nWindows + nWindows - 1];
      if (hits === 0) continue;
      const expected = occurrences[pairA[p]].length * Math.min(1, coverages[pairB[p]][nWindows - 1] / dayMs);
      surprise[p] = (hits - expected) / Math.sqrt(expected + 1);
      kept[n++] = p;
    }
    kept = kept.subarray(0, n);
    if (n > options.maxPairsPerDay) {
      const x = ["", "", "", ""];
      const y = ["", "", "", ""];
      const parts = (into: string[], p: number) => {
        into[0] = entityOf[pairA[p]];
        into[1] = stateOf[pairA[p]];
        into[2] = entityOf[pairB[p]];
        into[3] = stateOf[pairB[p]];
        return into;
      };
      // Ties in order of their keys (pairKey: the same texts joined by "|").
      kept.sort((p, q) => surprise[q] - surprise[p] || compareJoined(parts(x, p), parts(y, q), "|"));
      kept = kept.subarray(0, options.maxPairsPerDay);
    }
    for (const p of kept) {
      const key = pairKey(entityOf[pairA[p]], stateOf[pairA[p]], entityOf[pairB[p]], stateOf[pairB[p]]);
      const hits = sparseCounts();
      windows.forEach((w, i) => {
        hits[w] = pairHits[p * nWindows + i];
      });
      rows.set(key, {
        type: "pair",
        a: entityOf[pairA[p]],
        aState: stateOf[pairA[p]],
        b: entityOf[pairB[p]],
        bState: stateOf[pairB[p]],
        hits,
        delaySumMs: pairs.delaySumMs[p],
        blocked: activeState[pairB[p]] ? countWithin(occurrences[pairA[p]], held[pairB[p]]) : 0,
        days: [input.day],
        automated: pairs.automated[p],
        users: pairUsers.get(p) ?? {},
      });
    }
    return rows;
  }

  return {
    name: "co_occurrence_daily",
    computeDay,
    merge(a, b) {
      if (a.type === "pair" && b.type === "pair") {
        return {
          ...a,
          hits: mergeCounts(a.hits, b.hits),
          delaySumMs: a.delaySumMs + b.delaySumMs,
          blocked: a.blocked + b.blocked,
          days: unionSorted(a.days, b.days),
          ...mergeAttribution(a, b),
        };
      }
      if (a.type === "entity" && b.type === "entity") {
        return {
          ...a,
          count: a.count + b.count,
          coverageMs: mergeCounts(a.coverageMs, b.coverageMs),
          activeDays: a.activeDays + b.activeDays,
          ...mergeAttribution(a, b),
        };
      }
      if (a.type === "day" && b.type === "day") return { type: "day", days: a.days + b.days, dayMs: a.dayMs + b.dayMs };
      throw new TypeError(`co_occurrence_daily: cannot merge a ${a.type} row with a ${b.type} row`);
    },
    absorb(a, b) {
      if (a.type === "pair" && b.type === "pair") {
        addCountsInto(a.hits, b.hits);
        a.delaySumMs += b.delaySumMs;
        a.blocked += b.blocked;
        a.days = absorbSorted(a.days, b.days);
        absorbAttribution(a, b);
        return a;
      }
      if (a.type === "entity" && b.type === "entity") {
        a.count += b.count;
        addCountsInto(a.coverageMs, b.coverageMs);
        a.activeDays += b.activeDays;
        absorbAttribution(a, b);
        return a;
      }
      if (a.type === "day" && b.type === "day") {
        a.days += b.days;
        a.dayMs += b.dayMs;
        return a;
      }
      throw new TypeError(`co_occurrence_daily: cannot merge a ${a.type} row with a ${b.type} row`);
    },
  };
}

export const coOccurrenceDaily = createCoOccurrenceKind();
