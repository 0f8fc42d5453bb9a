// Device health: sensors that drop out again and again. A device problem, not a habit of the home.
import { addDays } from "../core/local-time.js";
import type { WindowReader } from "../layers/aggregate-kind.js";
import { anomalyDaily } from "../layers/kinds/index.js";
import type { RegistryStore } from "../storage/registry-store.js";
import { entityName } from "./scoring/wording.js";

/** Days looked back: the anomaly baseline and the judged day. */
export const DEVICE_HEALTH_DAYS = 57;
/** A device unavailable on more than this share of days is flaky… */
const FLAKY_RATE = 0.05;
/** …and reported once it dropped out on at least this many days. */
const MIN_FLAKY_DAYS = 3;

export interface DeviceProblem {
  entity: string;
  area: string | null;
  kind: "unavailable";
  /** "Garage door went unavailable on 6 of 57 days, last on 2026-11-30". */
  summary: string;
  /** Days it went unavailable, of the days with data in the window. */
  days: number;
  ofDays: number;
  lastDay: string;
  /** How sure it drops out more often than a healthy device (1 in 20 days), 0..1. */
  certainty: number;
}

/** Flaky devices over the DEVICE_HEALTH_DAYS ending on `to`, most often unavailable first. */
export function deviceProblems(reader: WindowReader, registry: RegistryStore, to: string): DeviceProblem[] {
  const from = addDays(to, -(DEVICE_HEALTH_DAYS - 1));
  const n = reader.coveredDays(from, to).length;
  if (n === 0) return [];
  const days = new Map<string, string[]>();
  for (const [day, rows] of reader.byDay(anomalyDaily, from, to)) {
    for (const v of rows.values()) {
      if (v.subject !== "entity" || !(v.days[day]?.unavailable > 0)) continue;
      days.set(v.id, [...(days.get(v.id) ?? []), day]);
    }
  }
  const out: DeviceProblem[] = [];
  for (const [entity, list] of days) {
    const k = list.length;
    if (k < MIN_FLAKY_DAYS) continue;
    const lastDay = [...list].sort()[k - 1];
    out.push({
      entity,
      area: registry.areaOf(entity),
      kind: "unavailable",
      summary: `${entityName(entity, registry)} went unavailable on ${k} of ${n} days, last on ${lastDay}`,
      days: k,
      ofDays: n,
      lastDay,
      certainty: Math.round((1 - binomialTail(n, k, FLAKY_RATE)) * 1000) / 1000,
    });
  }
  return out.sort((a, b) => b.days - a.days || (a.entity < b.entity ? -1 : 1));
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialTail(n: number, k: number, p: number): number {
  let term = (1 - p) ** n; // P(X = 0)
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= ((n - i) / (i + 1)) * (p / (1 - p));
  }
  return Math.max(0, 1 - below);
}
