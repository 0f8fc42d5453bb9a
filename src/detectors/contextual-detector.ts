// Detector 9, contextual: usage that follows the sun, people coming and going, the weather or the cold better than the clock.
import { domainOf } from "../core/home-event.js";
import { type ContextExposureValue, contextualDaily } from "../layers/kinds/contextual-daily.js";
import { isActiveState } from "../layers/kinds/entity-classes.js";
import { type TimeBasedValue, timeBasedDaily } from "../layers/kinds/time-based-daily.js";
import { byDayWhere } from "../layers/window-days.js";
import type { Finding } from "../patterns/finding.js";
import type { Claim } from "./contextual/contextual-claim.js";
import { CONTEXTUAL_DEFAULTS, type ContextualSettings } from "./contextual/contextual-settings.js";
import { outsideTemperatureUnit } from "./contextual/outside-temperature-unit.js";
import { presenceClaim } from "./contextual/presence-claim.js";
import { sunClaim } from "./contextual/sun-claim.js";
import { opportunities, temperatureClaim, weatherClaim } from "./contextual/weather-temperature-claims.js";
import { presenceChanges } from "./contextual-presence.js";
import type { Detector, DetectorInput } from "./detector.js";
import { readSettings } from "./scoring/detector-settings.js";
import { HabitEntities } from "./scoring/habit-entities.js";
import { round3, usefulness } from "./scoring/usefulness.js";
import { entityName, stateVerb, stateWhile } from "./scoring/wording.js";

export { CONTEXTUAL_DEFAULTS, type ContextualSettings };

export class ContextualDetector implements Detector {
  readonly type = "contextual" as const;
  readonly windowDays: number;

  constructor(private readonly defaults: Partial<ContextualSettings> = {}) {
    this.windowDays = defaults.windowDays ?? CONTEXTUAL_DEFAULTS.windowDays;
  }

  detect(input: DetectorInput): Finding[] {
    const s = readSettings({ ...CONTEXTUAL_DEFAULTS, ...this.defaults }, input.settings);
    if (input.reader.coveredDays(input.from, input.to).length === 0) return [];
    const entities = HabitEntities.fromWindow(input.reader, input.from, input.to, input.registry, s);
    // Only rows the claims can read: the entities that may be reported (all their states, for
    // what they were before a change) and the people (for when the home emptied), read day by day
    // so the window's other rows are never all held at once.
    const reportable = (entity: string) =>
      entities.allows(entity) &&
      !["person", "device_tracker"].includes(domainOf(entity)) &&
      (s.includePassive || entities.controllable(entity));
    const timeBased = byDayWhere(
      input.reader,
      timeBasedDaily,
      input.from,
      input.to,
      (_key, v) => domainOf(v.entity) === "person" || reportable(v.entity),
    );
    const exposure = input.reader.merged(contextualDaily, input.from, input.to).get("context") as
      | ContextExposureValue
      | undefined;
    const presence = presenceChanges(timeBased);
    const rows = new Map<string, TimeBasedValue>();
    for (const dayRows of timeBased.values()) for (const [key, v] of dayRows) if (!rows.has(key)) rows.set(key, v);
    const findings: Finding[] = [];
    const temperatureUnit = outsideTemperatureUnit(input.registry);
    for (const [key, v] of rows) {
      if (!reportable(v.entity)) continue;
      const claims: Claim[] = [];
      if (exposure && isActiveState(v.entity, v.state)) {
        for (const event of ["sunset", "sunrise"] as const) {
          const c = sunClaim(key, timeBased, exposure, event, s);
          if (c) claims.push(c);
        }
      }
      for (const kind of ["everyone_left", "first_arrived"] as const) {
        const c = presenceClaim(key, timeBased, presence, kind, s, (state) =>
          stateWhile(v.entity, state, input.registry),
        );
        if (c) claims.push(c);
      }
      // Weather and cold: at the habit's own times on its own weekdays, the days it happened against
      // the days it did not (evenings are warmer than mornings, and a two-day-a-week habit is not
      // missed on the other five).
      if (exposure?.hourly && isActiveState(v.entity, v.state)) {
        const chances = opportunities(key, timeBased, exposure.hourly, s);
        const w = weatherClaim(chances, s);
        if (w) claims.push(w);
        const t = temperatureClaim(chances, s, temperatureUnit);
        if (t) claims.push(t);
      }
      for (const c of claims)
        if (c.confidence >= s.minConfidence) findings.push(this.finding(v, key, c, timeBased, input));
    }
    return findings;
  }

  private finding(
    v: TimeBasedValue,
    key: string,
    c: Claim,
    timeBased: Map<string, Map<string, TimeBasedValue>>,
    input: DetectorInput,
  ): Finding {
    let automatedChanges = 0;
    let changes = 0;
    const users: Record<string, number> = {};
    for (const [day, rows] of timeBased) {
      const d = rows.get(key)?.days[day];
      if (!d) continue;
      changes += d.minutes.length;
      automatedChanges += d.automated.length;
      for (const u of d.users) users[u] = (users[u] ?? 0) + 1;
    }
    const automated = automatedChanges * 2 > changes;
    return {
      type: "contextual",
      key: `contextual|${v.entity}|${v.state}|${c.params.context}`,
      entities: [v.entity],
      area: input.registry.areaOf(v.entity),
      summary: `${entityName(v.entity, input.registry)} ${stateVerb(v.entity, v.state, input.registry)} ${c.summary}${automated ? " (already automated)" : ""}`,
      confidence: round3(c.confidence),
      support: c.support,
      opportunities: c.opportunities,
      lift: round3(c.lift),
      usefulness: usefulness({
        confidence: c.confidence,
        regularity: c.support / Math.max(1, c.opportunities),
        automated,
        actionable: true,
      }),
      automated,
      users: Object.entries(users)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([u]) => u),
      evidence: { days: c.days },
      params: { state: v.state, ...c.params },
    };
  }
}
