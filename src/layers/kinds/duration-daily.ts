// L2 duration_daily: how long each entity stays on, as mergeable moments and a log-spaced histogram.
import { isAutomated } from "../../core/home-event.js";
import type { AggregateKind, DayInput } from "../aggregate-kind.js";
import {
  type Attribution,
  absorbAttribution,
  addCount,
  addCountsInto,
  attribute,
  type Counts,
  mergeAttribution,
  mergeCounts,
} from "./attribution.js";
import { onIntervals } from "./on-intervals.js";

/**
 * Row per entity: the on-intervals that ENDED this day. An interval that crosses midnight is
 * counted whole by the day it ends in (its start comes from carry-in), so no interval is split
 * or counted twice. Durations are whole seconds, so sums stay exact integers and merges exact.
 */
export interface DurationValue extends Attribution {
  entity: string;
  count: number;
  sumSec: number;
  sumSqSec: number;
  minSec: number;
  maxSec: number;
  /** Histogram bin (see durationBin) → intervals. */
  histogram: Counts;
  /** Intervals an automation or script ended (a timer automation): `automated` counts those it started. */
  endedByAutomation: number;
  // Attribution: `automated` counts intervals an automation started; `users` who started them.
}

/** Bins are half powers of two of seconds: bin i holds [2^(i/2), 2^((i+1)/2)) s; bin 0 also holds < 1 s. */
export function durationBin(seconds: number): number {
  return seconds < 1 ? 0 : Math.floor(2 * Math.log2(seconds) + 1e-9);
}

/** Lower edge of a bin in seconds. */
export function durationBinStart(bin: number): number {
  return bin === 0 ? 0 : 2 ** (bin / 2);
}

export const durationDaily: AggregateKind<DurationValue> = {
  name: "duration_daily",

  computeDay(input: DayInput): Map<string, DurationValue> {
    const rows = new Map<string, DurationValue>();
    for (const interval of onIntervals(input)) {
      if (interval.open) continue;
      const seconds = Math.round((interval.end - interval.start) / 1000);
      let row = rows.get(interval.entity);
      if (!row) {
        row = {
          entity: interval.entity,
          count: 0,
          sumSec: 0,
          sumSqSec: 0,
          minSec: seconds,
          maxSec: seconds,
          histogram: {},
          endedByAutomation: 0,
          automated: 0,
          users: {},
        };
        rows.set(interval.entity, row);
      }
      row.count += 1;
      row.sumSec += seconds;
      row.sumSqSec += seconds * seconds;
      row.minSec = Math.min(row.minSec, seconds);
      row.maxSec = Math.max(row.maxSec, seconds);
      addCount(row.histogram, durationBin(seconds));
      attribute(row, interval.startEvent);
      if (interval.endEvent && isAutomated(interval.endEvent)) row.endedByAutomation += 1;
    }
    return rows;
  },

  merge(a, b) {
    return {
      entity: a.entity,
      count: a.count + b.count,
      sumSec: a.sumSec + b.sumSec,
      sumSqSec: a.sumSqSec + b.sumSqSec,
      minSec: Math.min(a.minSec, b.minSec),
      maxSec: Math.max(a.maxSec, b.maxSec),
      histogram: mergeCounts(a.histogram, b.histogram),
      endedByAutomation: a.endedByAutomation + b.endedByAutomation,
      ...mergeAttribution(a, b),
    };
  },

  absorb(a, b) {
    a.count += b.count;
    a.sumSec += b.sumSec;
    a.sumSqSec += b.sumSqSec;
    a.minSec = Math.min(a.minSec, b.minSec);
    a.maxSec = Math.max(a.maxSec, b.maxSec);
    addCountsInto(a.histogram, b.histogram);
    a.endedByAutomation += b.endedByAutomation;
    absorbAttribution(a, b);
    return a;
  },
};
