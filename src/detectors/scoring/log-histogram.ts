// Quantiles and shares from a histogram with log-spaced bins, assuming values spread evenly in log within a bin.

/** `binStart(i)` is the lower edge of bin i; bin i ends where bin i + 1 starts. */
export type BinEdges = (bin: number) => number;

function sortedBins(histogram: Record<string, number>): [number, number][] {
  return Object.entries(histogram)
    .map(([bin, n]) => [Number(bin), n] as [number, number])
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[0] - b[0]);
}

/** Interpolates within [lo, hi) geometrically (linearly when lo is 0). */
function within(lo: number, hi: number, fraction: number): number {
  if (lo <= 0) return hi * fraction;
  return lo * (hi / lo) ** fraction;
}

/** The exact smallest and largest value counted, when known: no quantile lies outside them. */
export interface ValueBounds {
  min: number;
  max: number;
}

/**
 * The q-quantile (0..1) of the values a histogram counts. With `bounds`, the first and last bins
 * are narrowed to the values really seen: 14 lights on for exactly 3 h fill one 40 %-wide bin,
 * and interpolating across the whole bin would put their quartiles at 2 h 42 min and 2 h 57 min.
 */
export function histogramQuantile(
  histogram: Record<string, number>,
  q: number,
  binStart: BinEdges,
  bounds?: ValueBounds,
): number {
  const bins = sortedBins(histogram);
  const total = bins.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return 0;
  const target = q * total;
  const edges = (bin: number): [number, number] => {
    const lo = binStart(bin);
    const hi = binStart(bin + 1);
    if (!bounds) return [lo, hi];
    return [Math.min(Math.max(lo, bounds.min), bounds.max), Math.max(Math.min(hi, bounds.max), bounds.min)];
  };
  let before = 0;
  for (const [bin, n] of bins) {
    if (before + n >= target) {
      const [lo, hi] = edges(bin);
      return lo === hi ? lo : within(lo, hi, (target - before) / n);
    }
    before += n;
  }
  return edges(bins[bins.length - 1][0])[1];
}

/**
 * A value that at least a share q of the counted values are known not to exceed: the upper edge
 * of the bin that holds the q-quantile (the largest value seen, when that is smaller).
 */
export function histogramCeiling(
  histogram: Record<string, number>,
  q: number,
  binStart: BinEdges,
  bounds: ValueBounds,
): number {
  const bins = sortedBins(histogram);
  const total = bins.reduce((sum, [, n]) => sum + n, 0);
  let before = 0;
  for (const [bin, n] of bins) {
    before += n;
    if (before >= q * total) return Math.min(binStart(bin + 1), bounds.max);
  }
  return bounds.max;
}

/** Share (0..1) of the counted values that lie in [low, high]. */
export function histogramShareBetween(
  histogram: Record<string, number>,
  low: number,
  high: number,
  binStart: BinEdges,
): number {
  const bins = sortedBins(histogram);
  const total = bins.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return 0;
  let inside = 0;
  for (const [bin, n] of bins) {
    const lo = binStart(bin);
    const hi = binStart(bin + 1);
    const a = Math.max(lo, low);
    const b = Math.min(hi, high);
    if (b <= a) continue;
    const fraction = lo <= 0 ? (b - a) / hi : Math.log(b / a) / Math.log(hi / lo);
    inside += n * fraction;
  }
  return inside / total;
}
