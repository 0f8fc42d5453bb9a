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

/** The q-quantile (0..1) of the values a histogram counts. */
export function histogramQuantile(histogram: Record<string, number>, q: number, binStart: BinEdges): number {
  const bins = sortedBins(histogram);
  const total = bins.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return 0;
  const target = q * total;
  let before = 0;
  for (const [bin, n] of bins) {
    if (before + n >= target) return within(binStart(bin), binStart(bin + 1), (target - before) / n);
    before += n;
  }
  const [last] = bins[bins.length - 1];
  return binStart(last + 1);
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
