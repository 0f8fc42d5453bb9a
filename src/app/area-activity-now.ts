// Each area's activity this hour against its usual level for this hour of the week (the MQTT area sensors).

import type { Clock } from "../core/clock.js";
import type { LocalTime } from "../core/local-time.js";
import { weekdayOf } from "../core/local-time.js";
import { AreaActivityRule, countAreaActivity } from "../layers/kinds/area-activity-rule.js";
import type { AreaActivityReading } from "../publish/ha-state-snapshot.js";
import type { EventStore } from "../storage/event-store.js";
import type { RegistryStore } from "../storage/registry-store.js";
import type { AreaActivityResponse } from "../web/api-types.js";

export interface AreaActivityNowDeps {
  events: EventStore;
  registry: RegistryStore;
  time: LocalTime;
  clock: Clock;
  /** Per area activity per hour of week over the covered days (L2 when rolled up, else L1), by the same rule. */
  profile: () => AreaActivityResponse;
}

/**
 * One reading per area Home Assistant has (a fresh install shows them all at once, usual 0 until
 * days are counted) and per area with counted activity. "Now" counts this local hour's events by
 * AreaActivityRule, with chatter judged over today so far: the rule the usual level is counted by.
 */
export function areaActivityNow(deps: AreaActivityNowDeps): AreaActivityReading[] {
  const now = deps.clock.now();
  const parts = deps.time.parts(now);
  const hourStart = now - (parts.minute * 60_000 + (now % 60_000));
  const today = deps.events.query({ from: deps.time.dayBounds(deps.time.dayOf(now)).start, to: now + 1 });
  const rule = new AreaActivityRule(today, (entity) => deps.registry.areaOf(entity));
  const current = countAreaActivity(
    rule,
    today.filter((e) => e.ts >= hourStart),
  );
  const profile = deps.profile();
  // Usual for this hour of the week: over the days of this weekday that were rolled up, so a
  // stretch without events (rolled up only where it has some) does not dilute or inflate it.
  const weeks = Math.max(1, profile.days.filter((d) => weekdayOf(d) === parts.weekday).length);
  const areas = new Map<string, { name: string; usual: number }>();
  for (const a of deps.registry.listAreas()) areas.set(a.areaId, { name: a.name, usual: 0 });
  for (const a of profile.areas) {
    areas.set(a.areaId, { name: a.name, usual: Math.round((10 * (a.hourOfWeek[parts.hourOfWeek] ?? 0)) / weeks) / 10 });
  }
  return [...areas].map(([areaId, a]) => ({ areaId, name: a.name, now: current.get(areaId) ?? 0, usual: a.usual }));
}
