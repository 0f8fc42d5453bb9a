// Each area's activity this hour against its usual level for this hour of the week (the MQTT area sensors).
import type { Clock } from "../core/clock.js";
import { domainOf } from "../core/home-event.js";
import type { LocalTime } from "../core/local-time.js";
import type { AreaActivityReading } from "../publish/ha-state-snapshot.js";
import type { EventStore } from "../storage/event-store.js";
import type { RegistryStore } from "../storage/registry-store.js";
import type { AreaActivityResponse } from "../web/api-types.js";
// Same rule as the panel's room view: changes of these domains mean someone is in the room.
import { PRESENCE_DOMAINS } from "../web/l1-profiles.js";

export interface AreaActivityNowDeps {
  events: EventStore;
  registry: RegistryStore;
  time: LocalTime;
  clock: Clock;
  /** Per area events per hour of week over the covered days (L2 when rolled up, else L1). */
  profile: () => AreaActivityResponse;
}

export function areaActivityNow(deps: AreaActivityNowDeps): AreaActivityReading[] {
  const now = deps.clock.now();
  const parts = deps.time.parts(now);
  const hourStart = now - (parts.minute * 60_000 + (now % 60_000));
  const profile = deps.profile();
  const weeks = Math.max(1, profile.days.length / 7);
  const current = new Map<string, number>();
  for (const e of deps.events.query({ from: hourStart, to: now + 1 })) {
    if (!PRESENCE_DOMAINS.has(domainOf(e.entity))) continue;
    const area = deps.registry.areaOf(e.entity);
    if (area) current.set(area, (current.get(area) ?? 0) + 1);
  }
  return profile.areas.map((a) => ({
    areaId: a.areaId,
    name: a.name,
    now: current.get(a.areaId) ?? 0,
    usual: Math.round((10 * (a.hourOfWeek[parts.hourOfWeek] ?? 0)) / weeks) / 10,
  }));
}
