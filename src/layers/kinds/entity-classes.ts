// Which entities and states describe habits: shared by every kind and detector so they agree.
import { domainOf, type HomeEvent, NON_STATES } from "../../core/home-event.js";

/** Domains a person operates (or an automation would): targets worth suggesting. */
export const CONTROLLABLE_DOMAINS: ReadonlySet<string> = new Set([
  "light",
  "switch",
  "cover",
  "fan",
  "climate",
  "media_player",
  "lock",
  "vacuum",
  "lawn_mower",
  "input_boolean",
  "input_select",
  "select",
  "scene",
  "script",
  "button",
  "input_button",
  "humidifier",
  "water_heater",
  "valve",
  "siren",
  "alarm_control_panel",
  "remote",
]);

/** Domains that only observe the home: a pair of two of them is coincidence, not a habit. */
export const PASSIVE_DOMAINS: ReadonlySet<string> = new Set([
  "binary_sensor",
  "sensor",
  "device_tracker",
  "person",
  "camera",
  "image",
  "event",
]);

/** Domains whose changes are never a person's habit (bookkeeping, the sky, the software). */
export const IGNORED_DOMAINS: ReadonlySet<string> = new Set([
  "sun",
  "weather",
  "zone",
  "update",
  "automation",
  "input_number",
  "number",
  "counter",
  "timer",
  "input_datetime",
  "input_text",
  "text",
  "date",
  "time",
  "datetime",
  "calendar",
  "persistent_notification",
  "conversation",
  "tts",
  "stt",
  "wake_word",
  "assist_satellite",
  "todo",
  "image",
  "group",
]);

/** Domains whose state is the time of the last press or activation, not a state. */
const TRIGGER_DOMAINS: ReadonlySet<string> = new Set(["button", "input_button", "scene", "event"]);

/** States that mean an entity is "on" for durations and on-time. */
export const ACTIVE_STATES: ReadonlySet<string> = new Set([
  "on",
  "open",
  "opening",
  "playing",
  "unlocked",
  "cleaning",
  "mowing",
  "heat",
  "cool",
  "heat_cool",
  "dry",
  "fan_only",
  "running",
  "active",
  "home",
]);

/** A media player that is idle or paused is still on; only these states mean it is off. */
const MEDIA_REST_STATES: ReadonlySet<string> = new Set(["off", "standby"]);

/** Whether a state counts as "on" for durations and on-time (a paused TV is on, a docked vacuum is not). */
export function isActiveState(entity: string, state: string): boolean {
  if (NON_STATES.has(state)) return false;
  if (domainOf(entity) === "media_player") return !MEDIA_REST_STATES.has(state);
  return ACTIVE_STATES.has(state);
}

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/** The state name used for a habit: "triggered" for buttons and scenes, null when the state is a measurement. */
export function habitState(entity: string, state: string): string | null {
  if (NON_STATES.has(state)) return null;
  const domain = domainOf(entity);
  if (IGNORED_DOMAINS.has(domain)) return null;
  if (TRIGGER_DOMAINS.has(domain)) return "triggered";
  if (NUMERIC.test(state) || TIMESTAMP.test(state)) return null;
  return state;
}

export function isControllable(entity: string): boolean {
  return CONTROLLABLE_DOMAINS.has(domainOf(entity));
}

export function isPassive(entity: string): boolean {
  return PASSIVE_DOMAINS.has(domainOf(entity));
}

export function isNumericState(state: string): boolean {
  return NUMERIC.test(state);
}

/**
 * habitState for a whole day's events: the domain is judged once per entity, and a state is only
 * tested against the number and timestamp patterns when it starts like one, so a 200K-event day
 * of power readings costs a map lookup and a character test per event.
 */
export class HabitStates {
  private readonly entities = new Map<string, 0 | 1 | 2>(); // 0 ignored, 1 trigger, 2 ordinary

  of(entity: string, state: string): string | null {
    let kind = this.entities.get(entity);
    if (kind === undefined) {
      const domain = domainOf(entity);
      kind = IGNORED_DOMAINS.has(domain) ? 0 : TRIGGER_DOMAINS.has(domain) ? 1 : 2;
      this.entities.set(entity, kind);
    }
    if (kind === 0 || NON_STATES.has(state)) return null;
    if (kind === 1) return "triggered";
    const c = state.charCodeAt(0);
    const numberLike = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
    if (numberLike && (NUMERIC.test(state) || TIMESTAMP.test(state))) return null;
    return state;
  }
}

/** Key of an (entity, state) row: "light.kitchen|on". Entity ids never contain "|". */
export function entityStateKey(entity: string, state: string): string {
  return `${entity}|${state}`;
}

/**
 * An entity changing more often than this in a day is chatter (a flapping sensor, a media player
 * cycling states): it describes no one's activity. A busy kitchen motion sensor makes about 130.
 */
export const CHATTER_CHANGES_PER_DAY = 300;

/** Entities that changed state more than `limit` times in the day's events. */
export function chatteringEntities(events: Iterable<HomeEvent>, limit = CHATTER_CHANGES_PER_DAY): Set<string> {
  const changes = new Map<string, number>();
  for (const e of events) if (e.previous !== e.state) changes.set(e.entity, (changes.get(e.entity) ?? 0) + 1);
  const out = new Set<string>();
  for (const [entity, n] of changes) if (n > limit) out.add(entity);
  return out;
}
