// Merging sequence_daily rows: as a new value (windows over shared rows) and in place (rows just decoded).
import { absorbAttribution, absorbSorted, addCountsInto, mergeCounts, unionSorted } from "./attribution.js";
// A type-only import: sequence-daily imports these functions, so no module cycle at run time.
import type { SequenceValue } from "./sequence-daily.js";

/** The steps are the row's identity: every other field adds up. */
export function mergeSequence(a: SequenceValue, b: SequenceValue): SequenceValue {
  const gapSumSec = new Array<number>(a.gapSumSec.length);
  for (let i = 0; i < gapSumSec.length; i++) gapSumSec[i] = a.gapSumSec[i] + b.gapSumSec[i];
  return {
    steps: a.steps,
    count: a.count + b.count,
    durationSumSec: a.durationSumSec + b.durationSumSec,
    durationSqSumSec: a.durationSqSumSec + b.durationSqSumSec,
    durationMinSec: Math.min(a.durationMinSec, b.durationMinSec),
    durationMaxSec: Math.max(a.durationMaxSec, b.durationMaxSec),
    gapSumSec,
    startQuarter: mergeCounts(a.startQuarter, b.startQuarter),
    days: unionSorted(a.days, b.days),
    automated: a.automated + b.automated,
    users: mergeCounts(a.users, b.users),
  };
}

/** mergeSequence into `a` in place. */
export function absorbSequence(a: SequenceValue, b: SequenceValue): SequenceValue {
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
