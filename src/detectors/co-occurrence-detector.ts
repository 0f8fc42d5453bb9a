// Detector 2, co_occurrence: B follows A within a short window far more often than chance would have it.
import { topUsers } from "../layers/kinds/attribution.js";
import {
  type CoDayValue,
  type CoEntityValue,
  type CoOccurrenceValue,
  type CoPairValue,
  coOccurrenceDaily,
  pairKey,
} from "../layers/kinds/co-occurrence-daily.js";
import { CHATTER_CHANGES_PER_DAY, isActiveState, isPassive } from "../layers/kinds/entity-classes.js";
import { absorbInto } from "../layers/merge-rows.js";
import { windowDays } from "../layers/window-days.js";
import type { Finding } from "../patterns/finding.js";
import { TriggerDayCounts, TriggerOutbursts } from "./co-occurrence-outbursts.js";
import type { Detector, DetectorInput } from "./detector.js";
import { wilsonLowerBound } from "./scoring/confidence-bounds.js";
import { readSettings } from "./scoring/detector-settings.js";
import { HabitEntities } from "./scoring/habit-entities.js";
import { round3, usefulness } from "./scoring/usefulness.js";
import { entityName, formatSeconds, stateVerb } from "./scoring/wording.js";

export const CO_OCCURRENCE_DEFAULTS = {
  windowDays: 28,
  /** Lowest Wilson lower bound of P(B within the window | A) reported. */
  minConfidence: 0.5,
  /** Lower bound of the rate over B's chance rate: below this the pair is coincidence. */
  minLift: 4,
  minSupportDays: 5,
  minHits: 5,
  maxChangesPerDay: CHATTER_CHANGES_PER_DAY,
  /** Report only followers a person or automation can switch (lights, switches, covers, ...). */
  controllableFollowers: true,
  /** Report pairs of two passive sensors (motion → door)? They are kept in L2 to explain other pairs. */
  passivePairs: false,
};
export type CoOccurrenceSettings = typeof CO_OCCURRENCE_DEFAULTS;

interface Candidate {
  pair: CoPairValue;
  windowSec: number;
  hits: number;
  triggers: number;
  confidence: number;
  chance: number;
}

export class CoOccurrenceDetector implements Detector {
  readonly type = "co_occurrence" as const;
  readonly windowDays: number;

  constructor(private readonly defaults: Partial<CoOccurrenceSettings> = {}) {
    this.windowDays = defaults.windowDays ?? CO_OCCURRENCE_DEFAULTS.windowDays;
  }

  detect(input: DetectorInput): Finding[] {
    const s = readSettings({ ...CO_OCCURRENCE_DEFAULTS, ...this.defaults }, input.settings);
    const covered = input.reader.coveredDays(input.from, input.to);
    if (covered.length === 0) return [];
    const entities = HabitEntities.fromWindow(input.reader, input.from, input.to, input.registry, s);
    // One day at a time: the window's merge and each trigger's count per day (for its outbursts),
    // never the 28 decoded days at once. The rows are fresh from storage, so they are folded in
    // place: a merged copy of a { "30": .., "120": .., "600": .. } count record is an object V8
    // backs with a 600-slot array (about 7 KB), a decoded one stays a small dictionary.
    const rows = new Map<string, CoOccurrenceValue>();
    const counts = new TriggerDayCounts();
    for (const [dayOf, dayRows] of windowDays(input.reader, coOccurrenceDaily, input.from, input.to)) {
      counts.add(dayOf, dayRows);
      for (const [key, value] of dayRows) absorbInto(coOccurrenceDaily, rows, key, value);
    }
    const outbursts = TriggerOutbursts.fromCounts(counts, input.reader, input.from, input.to);
    const day = rows.get("day") as CoDayValue | undefined;
    if (!day || day.dayMs <= 0) return [];
    const triggers = new Map<string, CoEntityValue>();
    for (const value of rows.values())
      if (value.type === "entity") triggers.set(`${value.entity}|${value.state}`, value);

    const baseline = new ActivityBaseline(rows.values(), triggers, entities);
    const candidates: Candidate[] = [];
    for (const value of rows.values()) {
      if (value.type !== "pair") continue;
      if (!entities.allows(value.a) || !entities.allows(value.b) || entities.sameDevice(value.a, value.b)) continue;
      if (s.controllableFollowers && !entities.controllable(value.b)) continue;
      if (!s.passivePairs && isPassive(value.a) && isPassive(value.b)) continue;
      const a = triggers.get(`${value.a}|${value.aState}`);
      const b = triggers.get(`${value.b}|${value.bState}`);
      if (!a || !b) continue;
      const usual = outbursts.withoutOutbursts(value, a);
      if (usual.pair.days.length < s.minSupportDays) continue;
      const c = judge(usual.pair, usual.trigger, b, day.dayMs, baseline, s);
      if (c) candidates.push(c);
    }
    const direct = withoutMediatedPairs(withoutReturnsToRest(candidates), rows);
    return withoutReverseTwins(direct).map((c) => this.finding(c, input, covered.length));
  }

  private finding(c: Candidate, input: DetectorInput, coveredDays: number): Finding {
    const { pair } = c;
    const largest = Math.max(...Object.values(pair.hits));
    const automated = pair.automated * 2 > largest;
    const rate = c.hits / c.triggers;
    const lift = rate / c.chance;
    const aName = entityName(pair.a, input.registry);
    const bName = entityName(pair.b, input.registry);
    const typicalDelay = largest > 0 ? pair.delaySumMs / largest / 1000 : 0;
    return {
      type: "co_occurrence",
      key: `co_occurrence|${pair.a}|${pair.aState}|${pair.b}|${pair.bState}`,
      entities: [pair.a, pair.b],
      area: input.registry.areaOf(pair.b) ?? input.registry.areaOf(pair.a),
      summary:
        `${bName} ${stateVerb(pair.b, pair.bState, input.registry)} within ${formatSeconds(c.windowSec)} after ${aName} ${stateVerb(pair.a, pair.aState, input.registry)}: ` +
        `${c.hits} of ${c.triggers} times, ${round1(lift)}× as often as by chance${automated ? " (already automated)" : ""}`,
      confidence: round3(c.confidence),
      support: c.hits,
      opportunities: c.triggers,
      lift: round3(lift),
      usefulness: usefulness({
        confidence: c.confidence,
        regularity: Math.min(1, pair.days.length / coveredDays),
        automated,
        actionable: true,
      }),
      automated,
      users: topUsers(pair.users),
      evidence: { days: pair.days, typicalDelaySeconds: round3(typicalDelay) },
      params: {
        trigger: { entity: pair.a, state: pair.aState },
        follower: { entity: pair.b, state: pair.bState },
        windowSeconds: c.windowSec,
        chanceRate: round3(c.chance),
      },
    };
  }
}

/**
 * Triggers while B was already on were no chance for B to turn on (L2 counts them only for
 * "on" followers: a light that is on goes off within minutes whatever comes).
 */
function usableBlocked(pair: CoPairValue): number {
  return pair.blocked ?? 0;
}

/**
 * Judges a pair at its shortest window that holds nearly all its hits. Chance is the larger of
 * two rates: B's share of the day (uniform time) and how often B follows any other change in the
 * home within the window (activity: people who are up and about switch many things, so a busy
 * hallway light follows almost anything within ten minutes).
 */
function judge(
  pair: CoPairValue,
  a: CoEntityValue,
  b: CoEntityValue,
  dayMs: number,
  baseline: ActivityBaseline,
  s: CoOccurrenceSettings,
): Candidate | null {
  const windows = Object.keys(pair.hits)
    .map(Number)
    .sort((x, y) => x - y);
  const most = Math.max(...windows.map((w) => pair.hits[w] ?? 0));
  const w = windows.find((x) => (pair.hits[x] ?? 0) >= 0.9 * most);
  if (w === undefined) return null;
  const hits = pair.hits[w] ?? 0;
  if (hits < s.minHits) return null;
  const triggers = Math.max(hits, a.count - usableBlocked(pair));
  const uniform = Math.min(1, (b.coverageMs[w] ?? 0) / dayMs);
  const chance = Math.max(uniform, baseline.rate(pair, w));
  const confidence = wilsonLowerBound(hits, triggers);
  if (confidence < s.minConfidence || chance <= 0 || confidence / chance < s.minLift) return null;
  return { pair, windowSec: w, hits, triggers, confidence, chance };
}

/**
 * How often B follows the other changes in the home: per follower, the hits after each trigger
 * entity, and every trigger entity's count. The pair's own trigger entity and the follower's own
 * entity are left out when a baseline is taken, so a pair is never its own chance.
 */
class ActivityBaseline {
  private readonly triggerCounts = new Map<string, number>();
  private allTriggers = 0;
  /** Follower → trigger entity → window → hits; Maps, not records (see the note on folding above). */
  private readonly hits = new Map<string, Map<string, Map<string, number>>>();
  private readonly blocked = new Map<string, Map<string, number>>();

  constructor(rows: Iterable<CoOccurrenceValue>, triggers: Map<string, CoEntityValue>, entities: HabitEntities) {
    for (const t of triggers.values()) {
      if (!entities.allows(t.entity)) continue;
      this.allTriggers += t.count;
      this.triggerCounts.set(t.entity, (this.triggerCounts.get(t.entity) ?? 0) + t.count);
    }
    for (const v of rows) {
      if (v.type !== "pair" || !entities.allows(v.a)) continue;
      const key = `${v.b}|${v.bState}`;
      let byTrigger = this.hits.get(key);
      if (!byTrigger) {
        byTrigger = new Map();
        this.hits.set(key, byTrigger);
      }
      const sum = byTrigger.get(v.a) ?? new Map<string, number>();
      for (const [w, h] of Object.entries(v.hits)) sum.set(w, (sum.get(w) ?? 0) + h);
      byTrigger.set(v.a, sum);
      let blocked = this.blocked.get(key);
      if (!blocked) {
        blocked = new Map();
        this.blocked.set(key, blocked);
      }
      blocked.set(v.a, (blocked.get(v.a) ?? 0) + v.blocked);
    }
  }

  /** Share of other entities' changes that B followed within the window. */
  rate(pair: CoPairValue, windowSec: number): number {
    const byTrigger = this.hits.get(`${pair.b}|${pair.bState}`);
    if (!byTrigger) return 0;
    let hits = 0;
    for (const [trigger, sum] of byTrigger) if (trigger !== pair.a) hits += sum.get(String(windowSec)) ?? 0;
    let blocked = 0;
    if (usableBlocked(pair) > 0)
      for (const [trigger, n] of this.blocked.get(`${pair.b}|${pair.bState}`) ?? [])
        if (trigger !== pair.a) blocked += n;
    const triggers =
      this.allTriggers - (this.triggerCounts.get(pair.a) ?? 0) - (this.triggerCounts.get(pair.b) ?? 0) - blocked;
    return triggers > 0 ? hits / triggers : 0;
  }
}

/**
 * Drops A → B when a stronger, quicker pair A' → B explains it and A' itself follows A: leaving
 * the living room (A) sets off the hallway motion sensor (A'), which switches the hallway light (B).
 */
function withoutMediatedPairs(candidates: Candidate[], rows: Map<string, CoOccurrenceValue>): Candidate[] {
  const byFollower = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = `${c.pair.b}|${c.pair.bState}`;
    byFollower.set(key, [...(byFollower.get(key) ?? []), c]);
  }
  return candidates.filter((c) => {
    const rivals = byFollower.get(`${c.pair.b}|${c.pair.bState}`) ?? [];
    return !rivals.some((m) => {
      if (m === c || m.pair.a === c.pair.a) return false;
      if (m.windowSec > c.windowSec || (m.windowSec === c.windowSec && m.confidence < c.confidence)) return false;
      // A' may come just after A or at the same moment just before it (events ordered by entity).
      const near = (key: string): number => {
        const link = rows.get(key);
        return link?.type === "pair" ? (link.hits[c.windowSec] ?? 0) : 0;
      };
      const linked = Math.max(
        near(pairKey(c.pair.a, c.pair.aState, m.pair.a, m.pair.aState)),
        near(pairKey(m.pair.a, m.pair.aState, c.pair.a, c.pair.aState)),
      );
      return linked >= 0.8 * c.hits;
    });
  });
}

/** "Coffee maker off after kitchen light on" only restates "coffee maker on after kitchen light on" and its duration. */
function withoutReturnsToRest(candidates: Candidate[]): Candidate[] {
  const active = new Set(
    candidates
      .filter((c) => isActiveState(c.pair.b, c.pair.bState))
      .map((c) => `${c.pair.a}|${c.pair.aState}|${c.pair.b}`),
  );
  return candidates.filter(
    (c) => isActiveState(c.pair.b, c.pair.bState) || !active.has(`${c.pair.a}|${c.pair.aState}|${c.pair.b}`),
  );
}

/**
 * One coupling of two entities is one finding: A → B and B → A, or "motion on → light" and
 * "motion off → light", keep only the most confident of them.
 */
function withoutReverseTwins(candidates: Candidate[]): Candidate[] {
  const coupling = (c: Candidate) =>
    `${[c.pair.a, c.pair.b].sort().join("|")}|${c.pair.a < c.pair.b ? c.pair.bState : c.pair.aState}`;
  const best = new Map<string, Candidate>();
  const rank = (c: Candidate) => `${c.pair.a}|${c.pair.aState}|${c.pair.b}|${c.pair.bState}`;
  for (const c of candidates) {
    const key = coupling(c);
    const held = best.get(key);
    if (!held || c.confidence > held.confidence || (c.confidence === held.confidence && rank(c) < rank(held)))
      best.set(key, c);
  }
  return candidates.filter((c) => best.get(coupling(c)) === c);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
