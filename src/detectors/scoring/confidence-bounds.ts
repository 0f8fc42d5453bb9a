// Lower confidence bounds for rates: the calibrated confidence every finding reports.

/** One-sided 95 %: the true rate is at or above the bound 19 times out of 20. */
export const DEFAULT_Z = 1.645;

/**
 * Wilson score lower bound of a binomial proportion successes / trials. Small samples get a low
 * bound (5 of 5 → 0.65, 20 of 20 → 0.88), so ten occurrences never saturate at 1.0.
 */
export function wilsonLowerBound(successes: number, trials: number, z = DEFAULT_Z): number {
  if (trials <= 0) return 0;
  const s = Math.min(Math.max(successes, 0), trials);
  const p = s / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const margin = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return Math.max(0, (centre - margin) / (1 + z2 / trials));
}

/** Wilson score upper bound, for "at most this often" statements (chance rates). */
export function wilsonUpperBound(successes: number, trials: number, z = DEFAULT_Z): number {
  if (trials <= 0) return 1;
  return 1 - wilsonLowerBound(trials - Math.min(Math.max(successes, 0), trials), trials, z);
}

/**
 * Lower bound of lift: how many times more often B follows A than it follows any moment. The
 * observed rate's lower bound over the chance rate, so a handful of hits cannot claim a big lift.
 */
export function liftLowerBound(hits: number, triggers: number, chanceRate: number, z = DEFAULT_Z): number {
  if (chanceRate <= 0) return hits > 0 ? Infinity : 0;
  return wilsonLowerBound(hits, triggers, z) / chanceRate;
}

/** Observed rate over chance rate. */
export function lift(hits: number, triggers: number, chanceRate: number): number {
  if (triggers <= 0) return 0;
  if (chanceRate <= 0) return hits > 0 ? Infinity : 0;
  return hits / triggers / chanceRate;
}
