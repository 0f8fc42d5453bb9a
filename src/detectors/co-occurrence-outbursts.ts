// Days on which a trigger fired far more than on its usual day (a party, a sensor gone wild): a pair is judged without them.
import type { WindowReader } from "../layers/aggregate-kind.js";
import type { Counts } from "../layers/kinds/attribution.js";
import {
  type CoEntityValue,
  type CoOccurrenceValue,
  type CoPairValue,
  coOccurrenceDaily,
  pairKey,
} from "../layers/kinds/co-occurrence-daily.js";

/** A day with more than this many times the trigger's median day is an outburst, not the habit. */
export const OUTBURST_FACTOR = 4;
/** The median needs this many days the trigger occurred on before any day can stand out from it. */
const MIN_USUAL_DAYS = 5;

/**
 * One evening of guests sets the hallway motion sensor off hundreds of times with the light
 * already on or not needed: counted in, that one day halves "light on after motion" for the
 * whole window. The outburst is the anomaly detector's to report; the habit is what the other
 * days show, so a pair's hits and chances on its trigger's outburst days are left out.
 */
export class TriggerOutbursts {
  private constructor(
    /** Outburst days' rows of the triggers that had an outburst that day, and their pairs. */
    private readonly byDay: ReadonlyMap<string, ReadonlyMap<string, CoOccurrenceValue>>,
    /** "entity|state" → its outburst days. */
    private readonly outbursts: ReadonlyMap<string, string[]>,
  ) {}

  /**
   * Judged from each trigger's count per day (gathered while the window's days streamed past),
   * then only the outburst days are read again, keeping just the rows a pair is corrected with:
   * the window's days are never all in memory at once.
   */
  static fromCounts(counts: TriggerDayCounts, reader: WindowReader, from: string, to: string): TriggerOutbursts {
    const outbursts = counts.outbursts();
    const onDay = new Map<string, Set<string>>();
    for (const [key, days] of outbursts)
      for (const day of days) {
        let keys = onDay.get(day);
        if (!keys) {
          keys = new Set();
          onDay.set(day, keys);
        }
        keys.add(key);
      }
    const byDay = new Map<string, Map<string, CoOccurrenceValue>>();
    for (const day of reader.coveredDays(from, to)) {
      const keys = onDay.get(day);
      if (!keys) continue;
      const kept = new Map<string, CoOccurrenceValue>();
      for (const [key, v] of reader.byDay(coOccurrenceDaily, day, day).get(day) ?? []) {
        if (v.type === "entity" && keys.has(`${v.entity}|${v.state}`)) kept.set(key, v);
        else if (v.type === "pair" && keys.has(`${v.a}|${v.aState}`)) kept.set(key, v);
      }
      byDay.set(day, kept);
    }
    return new TriggerOutbursts(byDay, outbursts);
  }

  /** Outburst days of a trigger. */
  daysOf(entity: string, state: string): readonly string[] {
    return this.outbursts.get(`${entity}|${state}`) ?? [];
  }

  /** The pair and its trigger as the other days show them; the same objects when the trigger had no outburst. */
  withoutOutbursts(pair: CoPairValue, trigger: CoEntityValue): { pair: CoPairValue; trigger: CoEntityValue } {
    const days = this.daysOf(trigger.entity, trigger.state);
    if (days.length === 0) return { pair, trigger };
    const hits: Counts = { ...pair.hits };
    let { blocked, delaySumMs, automated } = pair;
    let count = trigger.count;
    let activeDays = trigger.activeDays;
    for (const day of days) {
      const rows = this.byDay.get(day);
      const a = rows?.get(`entity|${trigger.entity}|${trigger.state}`);
      if (a?.type === "entity") {
        count -= a.count;
        activeDays -= 1;
      }
      const p = rows?.get(pairKey(pair.a, pair.aState, pair.b, pair.bState));
      if (p?.type !== "pair") continue;
      for (const [w, h] of Object.entries(p.hits)) hits[w] = (hits[w] ?? 0) - h;
      blocked -= p.blocked;
      delaySumMs -= p.delaySumMs;
      automated -= p.automated;
    }
    const left = new Set(days);
    return {
      pair: { ...pair, hits, blocked, delaySumMs, automated, days: pair.days.filter((d) => !left.has(d)) },
      trigger: { ...trigger, count, activeDays },
    };
  }
}

/** Each trigger's count on each day it occurred, one day's rows at a time. */
export class TriggerDayCounts {
  private readonly counts = new Map<string, { day: string; count: number }[]>();

  /** Days must come oldest first, as the window reader gives them. */
  add(day: string, rows: ReadonlyMap<string, CoOccurrenceValue>): void {
    for (const v of rows.values()) {
      if (v.type !== "entity" || v.count <= 0) continue;
      const key = `${v.entity}|${v.state}`;
      let list = this.counts.get(key);
      if (!list) {
        list = [];
        this.counts.set(key, list);
      }
      list.push({ day, count: v.count });
    }
  }

  /** "entity|state" → the days with more than OUTBURST_FACTOR times its median day, oldest first. */
  outbursts(): Map<string, string[]> {
    const outbursts = new Map<string, string[]>();
    for (const [key, list] of this.counts) {
      if (list.length < MIN_USUAL_DAYS) continue;
      const usual = median(list.map((d) => d.count));
      const days = list.filter((d) => d.count > OUTBURST_FACTOR * usual).map((d) => d.day);
      if (days.length > 0) outbursts.set(key, days);
    }
    return outbursts;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
