// Home Assistant's usage_prediction ("common controls") as a baseline: counts per fixed part of the day, top 8.
import { domainOf, type HomeEvent, isAutomated } from "../../src/core/home-event.js";
import { dayPartIndex } from "../../src/layers/kinds/day-parts.js";

/**
 * Domains Home Assistant's common_control.py counts (its ALLOWED_DOMAINS): entity platforms
 * and helpers; automation, script and person are not among them.
 */
const ALLOWED_DOMAINS: ReadonlySet<string> = new Set([
  "air_quality",
  "alarm_control_panel",
  "binary_sensor",
  "button",
  "calendar",
  "camera",
  "climate",
  "cover",
  "fan",
  "humidifier",
  "image",
  "lawn_mower",
  "light",
  "lock",
  "media_player",
  "number",
  "scene",
  "select",
  "sensor",
  "siren",
  "switch",
  "text",
  "vacuum",
  "valve",
  "water_heater",
  "counter",
  "group",
  "input_boolean",
  "input_button",
  "input_datetime",
  "input_number",
  "input_select",
  "input_text",
  "schedule",
  "timer",
]);

/** One action as the baselines remember it. */
export interface CountedAction {
  entity: string;
  ts: number;
  hour: number;
  user?: string;
  automated: boolean;
}

export function countedAction(e: HomeEvent, hour: number): CountedAction {
  return { entity: e.entity, ts: e.ts, hour, user: e.user, automated: isAutomated(e) };
}

/**
 * - generous: every manual action counts, whoever or whatever made it (a wall switch, a door),
 *   as if Home Assistant could see them all.
 * - faithful: only what Home Assistant counts: a change a user made through it (the app, the
 *   dashboard, voice; context.user_id set, no parent), in one of its domains. A state change
 *   stands in for the service call behind it: a call that changed nothing is not in our data.
 */
export type HaVariant = "generous" | "faithful";

export function countsFor(variant: HaVariant, a: CountedAction): boolean {
  if (variant === "generous") return true;
  return a.user !== undefined && a.user !== "" && !a.automated && ALLOWED_DOMAINS.has(domainOf(a.entity));
}

/**
 * The four lists (morning, afternoon, evening, night) Home Assistant would show, from the
 * actions of the 30 days before, oldest first. Its Counter.most_common keeps ties in the order
 * first counted, so an entity used earlier in the window ranks first among equals.
 */
export function commonControls(actions: readonly CountedAction[], variant: HaVariant): string[][] {
  const counts = [0, 1, 2, 3].map(() => new Map<string, number>());
  for (const a of actions) {
    if (!countsFor(variant, a)) continue;
    const part = counts[dayPartIndex(a.hour)];
    part.set(a.entity, (part.get(a.entity) ?? 0) + 1);
  }
  // Array.prototype.sort is stable: equal counts keep the Map's first-counted order.
  return counts.map((m) =>
    [...m]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 8)
      .map(([entity]) => entity),
  );
}
