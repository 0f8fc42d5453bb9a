// The automation shape Home Patterns suggests, and builders for its triggers, conditions and actions.
//
// Which keys: config.yaml declares `homeassistant: "2023.12.0"` as the oldest Core the add-on
// supports (the recorded sessions are from 2023.12.4). That Core only knows the list keys
// `trigger:`/`condition:`/`action:`, triggers named by `platform:` and actions by `service:`.
// HA 2024.8 added `action:` for service calls and 2024.10 `triggers:`/`trigger: time`/`actions:`,
// but every later Core still loads the older keys (and its editor shows them converted), so the
// older form is the one that works on every version a user of this add-on runs.
import type { EntityService } from "./entity-services.js";

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
/** 0 = Monday … 6 = Sunday, as LocalTime counts them. */
export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
export const WORKDAYS: readonly Weekday[] = WEEKDAYS.slice(0, 5);
export const WEEKEND: readonly Weekday[] = WEEKDAYS.slice(5);

/** States a device passes through when it drops off or comes back: never a habit's trigger. */
export const NOT_A_CHANGE = ["unavailable", "unknown"];

export type Trigger =
  | { platform: "time"; at: string; id?: string }
  | { platform: "sun"; event: "sunrise" | "sunset"; offset: string }
  | { platform: "state"; entity_id: string | string[]; not_from?: string[]; to: string | string[]; for?: string }
  | { platform: "state"; entity_id: string | string[]; from: string; not_to: string[] }
  | { platform: "numeric_state"; entity_id: string; below?: number; above?: number; for?: string };

export type Condition =
  | { condition: "time"; after?: string; before?: string; weekday?: Weekday[] }
  | { condition: "state"; entity_id: string | string[]; state: string }
  | { condition: "trigger"; id: string }
  | { condition: "sun"; after?: "sunrise" | "sunset"; before?: "sunrise" | "sunset" }
  | { condition: "and" | "or" | "not"; conditions: Condition[] };

export type Action =
  | { service: string; target: { entity_id: string }; data?: Record<string, unknown> }
  | { delay: string };

/** Keys in the order Home Assistant writes them to automations.yaml. A type alias, so it fits HaRestClient's AutomationConfig. */
export type SuggestedAutomation = {
  alias: string;
  description: string;
  trigger: Trigger[];
  condition?: Condition[];
  action: Action[];
  mode: "single" | "restart";
};

/** "HH:MM:SS" for a minute of the day (wrapped into 0..1439). */
export function clockTime(minuteOfDay: number): string {
  const m = ((Math.round(minuteOfDay) % 1440) + 1440) % 1440;
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}:00`;
}

/** "HH:MM:SS" duration, with a leading "-" when negative: the form sun offsets and `for:` take. */
export function duration(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  const text = `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return seconds < 0 && s > 0 ? `-${text}` : text;
}

export function timeTrigger(minuteOfDay: number, id?: string): Trigger {
  return id === undefined
    ? { platform: "time", at: clockTime(minuteOfDay) }
    : { platform: "time", at: clockTime(minuteOfDay), id };
}

export function sunTrigger(event: "sunrise" | "sunset", offsetMinutes: number): Trigger {
  return { platform: "sun", event, offset: duration(offsetMinutes * 60) };
}

/** A change to `to` (a real change: not a device coming back from unavailable), optionally held for a while. */
export function stateTrigger(entity: string | string[], to: string | string[], forSeconds?: number): Trigger {
  const trigger: Trigger = { platform: "state", entity_id: entity, not_from: [...NOT_A_CHANGE], to };
  if (forSeconds !== undefined) trigger.for = duration(forSeconds);
  return trigger;
}

export function weekdayCondition(days: readonly Weekday[]): Condition {
  return { condition: "time", weekday: [...days] };
}

/** Somebody is home: one person's state, or any of several (an `or`, which every version knows). */
export function someoneHome(people: readonly string[]): Condition {
  const each = people.map((p): Condition => ({ condition: "state", entity_id: p, state: "home" }));
  return each.length === 1 ? each[0] : { condition: "or", conditions: each };
}

/** Nobody is home: none of them is "home" (away may be not_home or a zone's name, such as Work). */
export function nobodyHome(people: readonly string[]): Condition {
  return {
    condition: "not",
    conditions: people.map((p): Condition => ({ condition: "state", entity_id: p, state: "home" })),
  };
}

/** Leaving a state (for any other real state): how a person leaves home, to not_home or a zone. */
export function leaveTrigger(entity: string | string[], from: string): Trigger {
  return { platform: "state", entity_id: entity, from, not_to: [...NOT_A_CHANGE] };
}

/** Between sunrise and sunset. */
export function daylight(): Condition {
  return { condition: "sun", after: "sunrise", before: "sunset" };
}

export function numericTrigger(entity: string, bound: { below: number } | { above: number }): Trigger {
  return { platform: "numeric_state", entity_id: entity, ...bound };
}

export function serviceAction(entity: string, call: EntityService): Action {
  const action: Action = { service: call.service, target: { entity_id: entity } };
  if (call.data) action.data = { ...call.data };
  return action;
}

export function delayAction(seconds: number): Action {
  return { delay: duration(seconds) };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
