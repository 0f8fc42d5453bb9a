// The homes the prediction replay runs on: simulated homes of each size, and the real annotated homes when given.
import type { HomeEvent } from "../../src/core/home-event.js";
import { addDays, daysBetween, LocalTime } from "../../src/core/local-time.js";
import { createSimulatedHome, type HomeSize } from "../../src/sources/simulator/index.js";
import { MemoryRegistryStore } from "../../test/support/memory/memory-registry-store.js";
import { loadRealHomes } from "../real/datasets.js";
import { exportHome } from "../real/ha-export.js";

export interface ReplayHome {
  name: string;
  kind: "simulated" | "real";
  time: LocalTime;
  areaOf(entity: string): string | null;
  days: { day: string; events: HomeEvent[] }[];
}

const SIMULATED: { name: string; seed: number; size: HomeSize; from: string }[] = [
  { name: "A1 (small)", seed: 1, size: "small", from: "2026-01-12" },
  { name: "A2 (default)", seed: 2, size: "default", from: "2026-03-02" },
  { name: "A4 (large)", seed: 4, size: "large", from: "2026-04-20" },
];

export function simulatedHomes(days: number): ReplayHome[] {
  return SIMULATED.map((s) => {
    const home = createSimulatedHome({ seed: s.seed, size: s.size, anomalies: "none" });
    const registry = new MemoryRegistryStore();
    registry.upsertAreas(home.areas);
    registry.upsertDevices(home.devices);
    registry.upsertEntities(home.entities);
    const list = Array.from({ length: days }, (_, i) => addDays(s.from, i));
    return {
      name: s.name,
      kind: "simulated" as const,
      time: new LocalTime(home.timeZone),
      areaOf: (e: string) => registry.areaOf(e),
      days: list.map((day) => ({ day, events: home.generateDay(day) })),
    };
  });
}

/** Each on-interval as two state changes, as the real-homes evaluation imports them. */
export function realHomes(folder: string, today: string): ReplayHome[] {
  return loadRealHomes(folder).map((home) => {
    const time = new LocalTime(home.timeZone);
    const exported = exportHome(home, time, today);
    const areas = new Map(exported.entities.map((e) => [e.entityId, e.area]));
    const previous = new Map<string, string>();
    const byDay = new Map<string, HomeEvent[]>();
    for (const c of [...exported.changes].sort((a, b) => a.ts - b.ts)) {
      const e: HomeEvent = {
        ts: c.ts,
        entity: c.entity,
        state: c.state,
        previous: previous.get(c.entity),
        source: "import",
      };
      previous.set(c.entity, c.state);
      const day = time.dayOf(c.ts);
      const list = byDay.get(day) ?? [];
      list.push(e);
      byDay.set(day, list);
    }
    const sorted = [...byDay.keys()].sort();
    const first = sorted[0];
    const n = sorted.length === 0 ? 0 : daysBetween(first, sorted[sorted.length - 1]) + 1;
    const days = Array.from({ length: n }, (_, i) => addDays(first, i)).map((day) => ({
      day,
      events: byDay.get(day) ?? [],
    }));
    return { name: home.name, kind: "real" as const, time, areaOf: (e: string) => areas.get(e) ?? null, days };
  });
}
