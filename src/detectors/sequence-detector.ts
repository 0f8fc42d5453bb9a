// Detector 3, sequence: ordered chains of 3–4 steps (2-step chains are co_occurrence's) that recur on many days.
import { weekdayOf } from "../core/local-time.js";
import { topUsers } from "../layers/kinds/attribution.js";
import { CHATTER_CHANGES_PER_DAY, isControllable } from "../layers/kinds/entity-classes.js";
import { type SequenceStep, type SequenceValue, sequenceDaily, sequenceKey } from "../layers/kinds/sequence-daily.js";
import { timeBasedDaily } from "../layers/kinds/time-based-daily.js";
import { absorbInto } from "../layers/merge-rows.js";
import { byDayWhere, windowRows } from "../layers/window-days.js";
import type { Finding } from "../patterns/finding.js";
import { ChainLinks } from "./chain-links.js";
import type { Detector, DetectorInput } from "./detector.js";
import { daysAtHome } from "./leaving-home.js";
import { MORNING_DEFAULTS, morningChainFinding } from "./morning-chain.js";
import {
  type CircularSummary,
  circularMinuteDistance,
  circularSummary,
  formatMinuteOfDay,
} from "./scoring/circular-time.js";
import { wilsonLowerBound } from "./scoring/confidence-bounds.js";
import { readSettings } from "./scoring/detector-settings.js";
import { HabitEntities } from "./scoring/habit-entities.js";
import { round3, usefulness } from "./scoring/usefulness.js";
import { formatSeconds, stepLabel } from "./scoring/wording.js";

export const SEQUENCE_DEFAULTS = {
  windowDays: 28,
  /** Chains shorter than this are left to co_occurrence (a 2-step chain is a pair). */
  minSteps: 3,
  /** Lowest Wilson lower bound of the share of days the chain happens on. */
  minConfidence: 0.5,
  minSupportDays: 5,
  /** Steps a person or automation can switch: chains of sensors with one switch at the end are pairs in disguise. */
  minControllableSteps: 2,
  /** Every link must follow its step this many times more often than chance (lower bound, 10 min window). */
  minLinkLift: 3,
  /** A shorter chain inside a reported longer one is dropped unless it happens on this many times more days. */
  subChainMargin: 1.25,
  maxChangesPerDay: CHATTER_CHANGES_PER_DAY,
};
export type SequenceSettings = typeof SEQUENCE_DEFAULTS;

interface Candidate {
  value: SequenceValue;
  confidence: number;
  minLinkLift: number;
  /** Steps that say something the step next to them does not (see presenceEchoes). */
  informative: number;
  /** When it starts, over all its occurrences. */
  start: CircularSummary;
}

export class SequenceDetector implements Detector {
  readonly type = "sequence" as const;
  readonly windowDays: number;

  constructor(private readonly defaults: Partial<SequenceSettings> = {}) {
    this.windowDays = defaults.windowDays ?? SEQUENCE_DEFAULTS.windowDays;
  }

  detect(input: DetectorInput): Finding[] {
    const s = readSettings({ ...SEQUENCE_DEFAULTS, ...this.defaults }, input.settings);
    const covered = input.reader.coveredDays(input.from, input.to);
    if (covered.length === 0) return [];
    // Each step in its own call: what one step read (the link window, the window's chains) is
    // garbage before the next step reads more.
    const kept = withoutSubChains(candidatesOf(input, s, covered), s, (entity) => input.registry.areaOf(entity));
    // Only the kept chains' day rows are needed (their start times by day type): read day by day,
    // the rest of each day dropped as it goes, not every chain's rows of the whole window at once.
    const keptKeys = new Set(kept.map((c) => sequenceKey(c.value.steps)));
    const byDay =
      kept.length > 0
        ? byDayWhere(input.reader, sequenceDaily, input.from, input.to, (key) => keptKeys.has(key))
        : new Map<string, Map<string, SequenceValue>>();
    const findings = kept.map((c) => this.finding(c, input, covered.length, byDay));
    const morning = morningOf(input, covered);
    if (morning) findings.push(morning);
    return findings;
  }

  private finding(
    { value, confidence, minLinkLift }: Candidate,
    input: DetectorInput,
    coveredDays: number,
    byDay: Map<string, Map<string, SequenceValue>>,
  ): Finding {
    const labels = value.steps.map((step) => stepLabel(step.entity, step.state, input.registry));
    const automated = value.automated * 2 > value.count;
    const starts = startsByDayType(value, byDay);
    const start = starts.daily;
    const when =
      starts.weekdays && starts.weekends && circularMinuteDistance(starts.weekdays.mean, starts.weekends.mean) > 30
        ? `usually starting around ${formatMinuteOfDay(starts.weekdays.mean)} on weekdays and ${formatMinuteOfDay(starts.weekends.mean)} at weekends`
        : `usually starting around ${formatMinuteOfDay(start.mean)}`;
    const meanDuration = value.durationSumSec / value.count;
    const support = value.days.length;
    return {
      type: "sequence",
      key: `sequence|${value.steps.map((step) => `${step.entity}:${step.state}`).join(">")}`,
      entities: value.steps.map((step) => step.entity),
      area: commonArea(value.steps, input),
      summary:
        `${labels.join(" → ")}, within about ${formatSeconds(meanDuration)}, on ${support} of ${coveredDays} days, ` +
        `${when}${automated ? " (already automated)" : ""}`,
      confidence: round3(confidence),
      support,
      opportunities: coveredDays,
      lift: round3(minLinkLift),
      usefulness: usefulness({ confidence, regularity: support / coveredDays, automated, actionable: true }),
      automated,
      users: topUsers(value.users),
      evidence: { days: value.days, occurrences: value.count },
      params: {
        steps: value.steps,
        meanDurationSeconds: round3(meanDuration),
        meanGapSeconds: value.gapSumSec.map((g) => round3(g / value.count)),
        startMinuteOfDay: start.mean,
        startTime: formatMinuteOfDay(start.mean),
        startSpreadMinutes: round3(start.spread),
        ...(starts.weekdays ? { weekdayStartTime: formatMinuteOfDay(starts.weekdays.mean) } : {}),
        ...(starts.weekends ? { weekendStartTime: formatMinuteOfDay(starts.weekends.mean) } : {}),
      },
    };
  }
}

/** The chains of the window that pass every test of their own (steps, links, support, confidence). */
function candidatesOf(input: DetectorInput, s: SequenceSettings, covered: readonly string[]): Candidate[] {
  const entities = HabitEntities.fromWindow(input.reader, input.from, input.to, input.registry, s);
  const links = ChainLinks.fromWindow(input, (entity) => entities.allows(entity));
  // What a chain's steps alone decide (length, entities, links) is judged on each day's row
  // before it is merged: the window's tens of thousands of chains are never all merged at once.
  // Judged again on every day it occurs rather than remembered: a verdict per chain of the
  // window would itself hold every chain's key.
  const linkLiftOf = (steps: readonly SequenceStep[]): number | null => {
    if (steps.length < s.minSteps || !steps.every((step) => entities.allows(step.entity))) return null;
    if (steps.filter((step) => entities.speaksFor(step.entity)).length < s.minControllableSteps) return null;
    const weakest = links.weakestLink(steps);
    return weakest >= s.minLinkLift ? weakest : null;
  };
  const chains = new Map<string, SequenceValue>();
  for (const [, key, value] of windowRows(input.reader, sequenceDaily, input.from, input.to))
    if (linkLiftOf(value.steps) !== null) absorbInto(sequenceDaily, chains, key, value);
  const candidates: Candidate[] = [];
  for (const value of chains.values()) {
    if (value.days.length < s.minSupportDays) continue;
    const confidence = wilsonLowerBound(value.days.length, covered.length);
    if (confidence < s.minConfidence) continue;
    const linkLift = linkLiftOf(value.steps) as number;
    const informative = value.steps.length - presenceEchoes(value.steps, input);
    candidates.push({ value, confidence, minLinkLift: linkLift, informative, start: startOf(value) });
  }
  return candidates;
}

/** The morning chain is rooms, not devices: the steps of getting up are minutes apart, not seconds. */
function morningOf(input: DetectorInput, covered: string[]): Finding | null {
  const rows = input.reader.byDay(timeBasedDaily, input.from, input.to);
  const everyone = HabitEntities.fromWindow(input.reader, input.from, input.to, input.registry, {
    maxChangesPerDay: Infinity,
  });
  const counts = (e: string) => everyone.allows(e);
  return morningChainFinding(daysAtHome(covered, rows, counts), rows, input.registry, counts, MORNING_DEFAULTS);
}

/**
 * Sensor steps that only echo the step beside them: a sensor in the same area as a neighbouring
 * step (the bathroom's motion right after its light went on) says someone is in the room the
 * switch already places them in. A sensor between two other areas (the hallway on the way from
 * bedroom to bathroom) is the path and counts.
 */
function presenceEchoes(steps: readonly SequenceStep[], input: DetectorInput): number {
  const areas = steps.map((step) => input.registry.areaOf(step.entity));
  let echoes = 0;
  for (let i = 0; i < steps.length; i++) {
    if (isControllable(steps[i].entity) || areas[i] === null) continue;
    const besideSameArea = [i - 1, i + 1].some((j) => j >= 0 && j < steps.length && areas[j] === areas[i]);
    if (besideSameArea) echoes += 1;
  }
  return echoes;
}

/** Most telling chains first; a chain inside one already kept, happening on about the same days, is a near duplicate. */
function withoutSubChains(
  candidates: Candidate[],
  s: SequenceSettings,
  areaOf: (entity: string) => string | null,
): Candidate[] {
  // Among variants of one routine, the one with the most steps that say something, then the one
  // seen on the most days, then the one made of things people switch describes it best: a step
  // that follows another only now and then (the hallway light's timeout) must not displace the
  // step that is there every morning.
  const controllable = (c: Candidate) => c.value.steps.filter((step) => isControllable(step.entity)).length;
  const ordered = [...candidates].sort(
    (x, y) =>
      y.informative - x.informative ||
      y.value.days.length - x.value.days.length ||
      controllable(y) - controllable(x) ||
      y.confidence - x.confidence ||
      keyOf(x).localeCompare(keyOf(y)),
  );
  const kept: Candidate[] = [];
  for (const c of ordered) {
    const inside = kept.some(
      (k) =>
        isSubsequence(c.value.steps, k.value.steps) && c.value.days.length <= s.subChainMargin * k.value.days.length,
    );
    // Sensors firing in between make several chains of one routine: sharing two steps, starting at
    // the same time of day on the same days, they are one routine seen twice. So is a chain that
    // shares one step and stays in the rooms the kept one passes through (the bathroom's motion
    // sensor, the hallway light the hallway motion switched): the same walk seen by other sensors.
    const sameRoutine = kept.some(
      (k) =>
        (sharedSteps(k.value.steps, c.value.steps) >= 2 ||
          (sharedSteps(k.value.steps, c.value.steps) >= 1 && withinRooms(c.value.steps, k.value.steps, areaOf))) &&
        circularMinuteDistance(k.start.mean, c.start.mean) <= 20 &&
        sharedDays(k.value.days, c.value.days) >= 0.7 * c.value.days.length,
    );
    if (!inside && !sameRoutine) kept.push(c);
  }
  return kept;
}

function startOf(value: SequenceValue): CircularSummary {
  const quarters = Object.entries(value.startQuarter);
  return circularSummary(
    quarters.map(([q]) => Number(q) * 15 + 7.5),
    quarters.map(([, n]) => n),
  );
}

/** Start times over all days, weekdays and weekend days, from the chain's day rows. */
function startsByDayType(
  value: SequenceValue,
  byDay: Map<string, Map<string, SequenceValue>>,
): { daily: CircularSummary; weekdays?: CircularSummary; weekends?: CircularSummary } {
  const key = sequenceKey(value.steps);
  const weekday: Record<string, number> = {};
  const weekend: Record<string, number> = {};
  for (const [day, rows] of byDay) {
    const row = rows.get(key);
    if (!row) continue;
    const target = weekdayOf(day) < 5 ? weekday : weekend;
    for (const [q, n] of Object.entries(row.startQuarter)) target[q] = (target[q] ?? 0) + n;
  }
  const summary = (counts: Record<string, number>) =>
    Object.keys(counts).length === 0 ? undefined : startOf({ ...value, startQuarter: counts });
  return { daily: startOf(value), weekdays: summary(weekday), weekends: summary(weekend) };
}

function sharedDays(a: readonly string[], b: readonly string[]): number {
  const set = new Set(a);
  return b.filter((d) => set.has(d)).length;
}

function keyOf(c: Candidate): string {
  return c.value.steps.map((step) => `${step.entity}:${step.state}`).join(">");
}

function sameStep(a: SequenceStep, b: SequenceStep): boolean {
  return a.entity === b.entity && a.state === b.state;
}

function isSubsequence(short: readonly SequenceStep[], long: readonly SequenceStep[]): boolean {
  let j = 0;
  for (const step of long) if (j < short.length && sameStep(step, short[j])) j++;
  return j === short.length;
}

function withinRooms(
  steps: readonly SequenceStep[],
  of: readonly SequenceStep[],
  areaOf: (entity: string) => string | null,
): boolean {
  const rooms = new Set(of.map((step) => areaOf(step.entity)));
  return steps.every((step) => {
    const area = areaOf(step.entity);
    return area !== null && rooms.has(area);
  });
}

function sharedSteps(a: readonly SequenceStep[], b: readonly SequenceStep[]): number {
  return a.filter((x) => b.some((y) => sameStep(x, y))).length;
}

function commonArea(steps: readonly SequenceStep[], input: DetectorInput): string | null {
  const areas = new Set(steps.map((step) => input.registry.areaOf(step.entity)));
  return areas.size === 1 ? [...areas][0] : null;
}
