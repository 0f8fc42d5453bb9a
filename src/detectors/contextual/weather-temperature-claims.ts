// Contextual weather and temperature analyses: use in some weather, or below or above an outside temperature, far beyond its baseline.
import type { ContextExposureValue, ContextUsageValue } from "../../layers/kinds/contextual-daily.js";
import { wilsonLowerBound } from "../scoring/confidence-bounds.js";
import type { Claim } from "./contextual-claim.js";
import type { ContextualSettings } from "./contextual-settings.js";

/** Fewer other uses than this and weather and temperature are judged against the clock's share of them. */
const MIN_POOLED_USES = 200;

interface ContextBaseline {
  weather: Record<string, number>;
  temperature: Record<string, number>;
  /** How the baseline reads in a summary: "of all other use" or "of the time". */
  words: string;
}

/** Weather and temperature counts of every use in the home. */
export function pooledUsage(contextual: Map<string, unknown>): { weather: Record<string, number>; temperature: Record<string, number>; count: number } {
  const out = { weather: {} as Record<string, number>, temperature: {} as Record<string, number>, count: 0 };
  for (const v of contextual.values()) {
    const u = v as ContextUsageValue;
    if (u.type !== "usage") continue;
    out.count += u.count;
    for (const [k, n] of Object.entries(u.weather)) out.weather[k] = (out.weather[k] ?? 0) + n;
    for (const [k, n] of Object.entries(u.temperature)) out.temperature[k] = (out.temperature[k] ?? 0) + n;
  }
  return out;
}

/** The other uses' weather and temperature, or the share of the time when there are too few of them. */
export function usageBaseline(pooled: ReturnType<typeof pooledUsage>, own: ContextUsageValue, exposure: ContextExposureValue): ContextBaseline {
  if (pooled.count - own.count < MIN_POOLED_USES) return { weather: exposure.weatherMs, temperature: exposure.temperatureMs, words: "of the time" };
  const minus = (all: Record<string, number>, mine: Record<string, number>) =>
    Object.fromEntries(Object.entries(all).map(([k, n]) => [k, Math.max(0, n - (mine[k] ?? 0))]));
  return { weather: minus(pooled.weather, own.weather), temperature: minus(pooled.temperature, own.temperature), words: "of all other use" };
}

/** Used in some weather states far more than those states last. */
export function weatherClaim(usage: ContextUsageValue, exposure: ContextBaseline, s: ContextualSettings): Claim | null {
  const best = bestContextSet(usage.weather, exposure.weather, Object.keys(usage.weather).filter((w) => w !== "unknown"), s);
  if (!best) return null;
  return {
    context: "weather",
    summary: `in ${best.values.join(", ")} weather: ${best.k} of ${best.n} times, against ${Math.round(best.exposure * 100)} % ${exposure.words}`,
    confidence: best.share,
    support: best.k,
    opportunities: best.n,
    lift: best.oddsRatio,
    days: [],
    params: { weather: best.values },
  };
}

/** Used below (or above) an outside temperature far more than it is that cold (or warm). */
export function temperatureClaim(usage: ContextUsageValue, exposure: ContextBaseline, s: ContextualSettings): Claim | null {
  const buckets = Object.keys(exposure.temperature).filter((b) => b !== "unknown").map(Number).sort((a, b) => a - b);
  let best: (NonNullable<ReturnType<typeof bestContextSet>> & { below?: number; above?: number }) | null = null;
  for (let i = 0; i < buckets.length; i++) {
    const below = bestContextSet(usage.temperature, exposure.temperature, [buckets.slice(0, i + 1).map(String)], s, true);
    if (below && (!best || below.share > best.share)) best = { ...below, below: buckets[i] + 5 };
    const above = bestContextSet(usage.temperature, exposure.temperature, [buckets.slice(i).map(String)], s, true);
    if (above && (!best || above.share > best.share)) best = { ...above, above: buckets[i] };
  }
  if (!best) return null;
  const words = best.below !== undefined ? `below ${best.below} °C outside` : `above ${best.above} °C outside`;
  return {
    context: best.below !== undefined ? "temperature_below" : "temperature_above",
    summary: `${words}: ${best.k} of ${best.n} times, against ${Math.round(best.exposure * 100)} % ${exposure.words}`,
    confidence: best.share,
    support: best.k,
    opportunities: best.n,
    lift: best.oddsRatio,
    days: [],
    params: best.below !== undefined ? { belowCelsius: best.below } : { aboveCelsius: best.above },
  };
}

/**
 * The set of context values (the most over-represented first, or the fixed sets given) whose share
 * of the uses has the best lower bound while its odds beat the context's own odds enough.
 */
function bestContextSet(uses: Record<string, number>, exposureMs: Record<string, number>, candidates: string[] | string[][], s: ContextualSettings, fixed = false) {
  const n = Object.values(uses).reduce((a, b) => a + b, 0);
  const total = Object.values(exposureMs).reduce((a, b) => a + b, 0);
  if (n < s.minSupport || total <= 0) return null;
  let sets: string[][];
  if (fixed) sets = candidates as string[][];
  else {
    // Only values over-represented at use (more than their share of the time) can be part of the context.
    const ratio = (c: string) => (uses[c] ?? 0) / n / (exposureMs[c] / total);
    const ordered = (candidates as string[])
      .filter((c) => (exposureMs[c] ?? 0) > 0 && ratio(c) > 1)
      .sort((a, b) => ratio(b) - ratio(a));
    sets = ordered.map((_, i) => ordered.slice(0, i + 1));
  }
  let best: { values: string[]; k: number; n: number; share: number; exposure: number; oddsRatio: number } | null = null;
  for (const values of sets) {
    const k = values.reduce((sum, v) => sum + (uses[v] ?? 0), 0);
    const exposure = values.reduce((sum, v) => sum + (exposureMs[v] ?? 0), 0) / total;
    if (k < s.minSupport || exposure <= 0 || exposure >= 1) continue;
    const share = wilsonLowerBound(k, n);
    const oddsRatio = share >= 1 ? Infinity : share / (1 - share) / (exposure / (1 - exposure));
    if (oddsRatio < s.minOddsRatio) continue;
    if (!best || share > best.share) best = { values, k, n, share, exposure, oddsRatio };
  }
  return best;
}
