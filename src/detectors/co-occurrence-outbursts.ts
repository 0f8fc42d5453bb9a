// Days on which a trigger fired far more than on its usual day (a party, a sensor gone wild): a pair is judged without them.
import type { Counts } from "../layers/kinds/attribution.js";
import {
  type CoEntityValue,
  type CoOccurrenceValue,
  type CoPairValue,
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
    private readonly byDay: ReadonlyMap<string, ReadonlyMap<string, CoOccurrenceValue>>,
    /** "entity|state" → its outburst days. */
    private readonly outbursts: ReadonlyMap<string, string[]>,
  ) {}

  static fromDays(byDay: ReadonlyMap<string, ReadonlyMap<string, CoOccurrenceValue>>): TriggerOutbursts {
    const counts = new Map<string, { day: string; count: number }[]>();
    for (const [day, rows] of byDay) {
      for (const v of rows.values()) {
        if (v.type !== "entity" || v.count <= 0) continue;
        const key = `${v.entity}|${v.state}`;
        let list = counts.get(key);
        if (!list) {
          list = [];
          counts.set(key, list);
        }
        list.push({ day, count: v.count });
      }
    }
    const outbursts = new Map<string, string[]>();
    for (const [key, list] of counts) {
      if (list.length < MIN_USUAL_DAYS) continue;
      const usual = median(list.map((d) => d.count));
      const days = list.filter((d) => d.count > OUTBURST_FACTOR * usual).map((d) => d.day);
      if (days.length > 0) outbursts.set(key, days);
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

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
