// The morning chain: the rooms a resident goes through, in order, when the home wakes after the night.
import { isActiveState } from "../layers/kinds/entity-classes.js";
import { isPresenceHeld } from "../layers/kinds/presence-sensors.js";
import type { TimeBasedValue } from "../layers/kinds/time-based-daily.js";
import type { Finding } from "../patterns/finding.js";
import type { RegistryStore } from "../storage/registry-store.js";
import { withoutAutomated } from "./anomaly/anomaly-baseline.js";
import { circularSummary, formatMinuteOfDay } from "./scoring/circular-time.js";
import { wilsonLowerBound } from "./scoring/confidence-bounds.js";
import { round3, usefulness } from "./scoring/usefulness.js";
import { areaName } from "./scoring/wording.js";

export const MORNING_DEFAULTS = {
  /** A morning starts after the home was this quiet (the night, or a nap back in bed). */
  quietBeforeMinutes: 60,
  /** Within the morning, the next room is reached within this (washing, dressing in between). */
  gapMinutes: 30,
  /** Mornings start from 04:00 to 12:59. */
  fromMinute: 4 * 60,
  toMinute: 13 * 60,
  /** Rooms in a chain: three at least, four (the fourth anywhere in it) when that keeps this share of its days. */
  keepFourth: 1,
  minSupportDays: 5,
  minConfidence: 0.5,
  /** Getting up is looser than a light's switch: a 60-min spread is still "around" a time. */
  maxSpreadMinutes: 60,
};
export type MorningSettings = typeof MORNING_DEFAULTS;

interface On {
  minute: number;
  entity: string;
  area: string;
}

/** The day's bursts that start a morning: after a quiet stretch, rooms in the order first reached. */
export function morningsOf(
  rows: Map<string, TimeBasedValue> | undefined,
  day: string,
  areaOf: (entity: string) => string | null,
  counts: (entity: string) => boolean,
  s: MorningSettings,
): { start: number; rooms: string[]; firstEntity: Map<string, string> }[] {
  const ons: On[] = [];
  for (const v of rows?.values() ?? []) {
    const d = v.days[day];
    const area = areaOf(v.entity);
    // Getting out of bed is someone about: a mat's release counts as a turning on would.
    const stirs = isActiveState(v.entity, v.state) || (isPresenceHeld(v.entity) && v.state === "off");
    if (!d || area === null || !counts(v.entity) || !stirs) continue;
    for (const minute of withoutAutomated(d.minutes, d.automated)) ons.push({ minute, entity: v.entity, area });
  }
  ons.sort((a, b) => a.minute - b.minute || (a.entity < b.entity ? -1 : 1));
  const out: { start: number; rooms: string[]; firstEntity: Map<string, string> }[] = [];
  for (let i = 0; i < ons.length; i++) {
    const start = ons[i].minute;
    if (start < s.fromMinute || start >= s.toMinute) continue;
    if (i > 0 && start - ons[i - 1].minute < s.quietBeforeMinutes) continue;
    const rooms: string[] = [];
    const firstEntity = new Map<string, string>();
    for (let j = i; j < ons.length && (j === i || ons[j].minute - ons[j - 1].minute <= s.gapMinutes); j++) {
      if (!firstEntity.has(ons[j].area)) {
        rooms.push(ons[j].area);
        firstEntity.set(ons[j].area, ons[j].entity);
      }
    }
    out.push({ start, rooms, firstEntity });
  }
  return out;
}

/** Whether `chain` appears in `rooms` in order (other rooms may come between). */
export function inOrder(rooms: readonly string[], chain: readonly string[]): boolean {
  let k = 0;
  for (const r of rooms) if (r === chain[k]) k++;
  return k === chain.length;
}

type Mornings = Map<string, ReturnType<typeof morningsOf>>;

/** Per day, the first morning burst that goes through the chain. */
function support(mornings: Mornings, chain: readonly string[]) {
  const hits = new Map<string, ReturnType<typeof morningsOf>[number]>();
  for (const [day, list] of mornings) {
    const first = list.find((m) => inOrder(m.rooms, chain));
    if (first) hits.set(day, first);
  }
  return hits;
}

/** How far into the mornings' room orders a chain's rooms lie, summed over its days. */
function lateness(hits: ReturnType<typeof support>, chain: readonly string[]): number {
  let total = 0;
  for (const m of hits.values()) for (const room of chain) total += m.rooms.indexOf(room);
  return total;
}

/** The chain of three or four rooms most mornings go through, told when it holds on enough days. */
export function morningChainFinding(
  days: readonly string[],
  byDay: Map<string, Map<string, TimeBasedValue>>,
  registry: RegistryStore,
  counts: (entity: string) => boolean,
  s: MorningSettings,
): Finding | null {
  const mornings: Mornings = new Map();
  for (const day of days)
    mornings.set(
      day,
      morningsOf(byDay.get(day), day, (e) => registry.areaOf(e), counts, s),
    );
  const areas = [...new Set([...mornings.values()].flatMap((l) => l.flatMap((m) => m.rooms)))].sort();
  let best: { chain: string[]; hits: ReturnType<typeof support> } | null = null;
  for (const a of areas)
    for (const b of areas)
      for (const c of areas) {
        if (a === b || b === c || a === c) continue;
        const hits = support(mornings, [a, b, c]);
        // Of chains on as many days, the one told is the one that starts the morning (rooms reached first).
        const better =
          !best ||
          hits.size > best.hits.size ||
          (hits.size === best.hits.size && lateness(hits, [a, b, c]) < lateness(best.hits, best.chain));
        if (better) best = { chain: [a, b, c], hits };
      }
  if (!best) return null;
  const triple = best;
  for (const d of areas) {
    if (triple.chain.includes(d)) continue;
    for (let at = 0; at <= 3; at++) {
      const chain = [...triple.chain.slice(0, at), d, ...triple.chain.slice(at)];
      const hits = support(mornings, chain);
      if (hits.size >= s.keepFourth * triple.hits.size && (best === triple || hits.size > best.hits.size))
        best = { chain, hits };
    }
  }
  const starts = [...best.hits.values()].map((m) => m.start);
  const centre = circularSummary(starts).mean;
  const spread = circularSummary(starts).spread;
  const confidence = wilsonLowerBound(best.hits.size, days.length);
  if (best.hits.size < s.minSupportDays || confidence < s.minConfidence || spread > s.maxSpreadMinutes) return null;
  const steps = best.chain.map((area) => {
    const firsts = new Map<string, number>();
    for (const m of best!.hits.values()) {
      const e = m.firstEntity.get(area);
      if (e) firsts.set(e, (firsts.get(e) ?? 0) + 1);
    }
    const entity = [...firsts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0][0];
    return { entity, state: "on" };
  });
  const hitDays = [...best.hits.keys()].sort();
  const names = best.chain.map((a) => areaName(a, registry));
  return {
    type: "sequence",
    key: `sequence|morning|${best.chain.join(">")}`,
    entities: steps.map((st) => st.entity),
    area: null,
    summary:
      `Mornings go ${names.join(" → ")}, starting around ${formatMinuteOfDay(centre)} ± ${Math.round(spread)} min, ` +
      `on ${hitDays.length} of ${days.length} days at home`,
    confidence: round3(confidence),
    support: hitDays.length,
    opportunities: days.length,
    lift: 1,
    usefulness: usefulness({
      confidence,
      regularity: hitDays.length / days.length,
      automated: false,
      actionable: false,
    }),
    automated: false,
    users: [],
    evidence: { days: hitDays, minutes: hitDays.map((d) => best!.hits.get(d)!.start) },
    params: {
      kind: "morning",
      steps,
      areas: best.chain,
      meanDurationSeconds: 0,
      meanGapSeconds: [],
      startMinuteOfDay: centre,
      startTime: formatMinuteOfDay(centre),
      startSpreadMinutes: round3(spread),
      quietBeforeMinutes: s.quietBeforeMinutes,
      gapMinutes: s.gapMinutes,
      fromMinute: s.fromMinute,
      toMinute: s.toMinute,
    },
  };
}
