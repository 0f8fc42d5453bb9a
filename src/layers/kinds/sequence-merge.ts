// Merging sequence_daily rows: as a new value (windows over shared rows) and in place (rows just decoded).
import {
  type Attribution,
  absorbAttribution,
  absorbSorted,
  addCountsInto,
  type Counts,
  mergeAttribution,
  mergeCounts,
  unionSorted,
} from "./attribution.js";

/** The fields of a sequence row that merge; the steps are the row's identity. */
export interface SequenceTotals extends Attribution {
  steps: { entity: string; state: string }[];
  count: number;
  durationSumSec: number;
  durationSqSumSec: number;
  durationMinSec: number;
  durationMaxSec: number;
  gapSumSec: number[];
  startQuarter: Counts;
  days: string[];
}

export function mergeSequence<V extends SequenceTotals>(a: V, b: V): V {
  return {
    steps: a.steps,
    count: a.count + b.count,
    durationSumSec: a.durationSumSec + b.durationSumSec,
    durationSqSumSec: a.durationSqSumSec + b.durationSqSumSec,
    durationMinSec: Math.min(a.durationMinSec, b.durationMinSec),
    durationMaxSec: Math.max(a.durationMaxSec, b.durationMaxSec),
    gapSumSec: a.gapSumSec.map((g, i) => g + b.gapSumSec[i]),
    startQuarter: mergeCounts(a.startQuarter, b.startQuarter),
    days: unionSorted(a.days, b.days),
    ...mergeAttribution(a, b),
  } as V;
}

/** mergeSequence into `a` in place. */
export function absorbSequence<V extends SequenceTotals>(a: V, b: V): V {
  a.count += b.count;
  a.durationSumSec += b.durationSumSec;
  a.durationSqSumSec += b.durationSqSumSec;
  a.durationMinSec = Math.min(a.durationMinSec, b.durationMinSec);
  a.durationMaxSec = Math.max(a.durationMaxSec, b.durationMaxSec);
  for (let i = 0; i < a.gapSumSec.length; i++) a.gapSumSec[i] += b.gapSumSec[i];
  addCountsInto(a.startQuarter, b.startQuarter);
  a.days = absorbSorted(a.days, b.days);
  absorbAttribution(a, b);
  return a;
}
