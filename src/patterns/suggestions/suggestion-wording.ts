// Plain words for suggested automations: what an action does, state labels, days, minutes.
import { stateLabelInline, stateVerb } from "../../core/state-words.js";
import type { Weekday } from "./automation-config.js";
import type { SuggestionContext } from "./automation-draft.js";
import type { EntityService } from "./entity-services.js";

const SERVICE_VERBS: Record<string, string> = {
  turn_on: "turns on",
  turn_off: "turns off",
  open_cover: "opens",
  close_cover: "closes",
  open_valve: "opens",
  close_valve: "closes",
  lock: "locks",
  media_play: "resumes playing on",
  media_pause: "pauses",
  start: "starts",
  start_mowing: "starts",
  press: "presses",
  alarm_arm_away: "arms (away)",
  alarm_arm_home: "arms (home)",
  alarm_arm_night: "arms (night)",
  alarm_arm_vacation: "arms (vacation)",
};

/** "turns on Kitchen light", "sets Living room thermostat to heat", "activates Movie scene". */
export function actionPhrase(entity: string, name: string, call: EntityService): string {
  const service = call.service.slice(call.service.indexOf(".") + 1);
  if (entity.startsWith("scene.")) return `activates ${name}`;
  if (service === "set_hvac_mode") return `sets ${name} to ${String(call.data?.hvac_mode)}`;
  if (service === "return_to_base" || service === "dock") return `sends ${name} back to its dock`;
  if (service === "select_option") return `sets ${name} to "${String(call.data?.option)}"`;
  return `${SERVICE_VERBS[service] ?? `calls ${call.service} for`} ${name}`;
}

/** What wording needs of the household: names, and device classes for Home Assistant's state words. */
type Words = Pick<SuggestionContext, "nameOf" | "deviceClassOf">;

/** "Kitchen light on", "Front door open", "Doorbell button pressed": for aliases. */
export function stateLabel(words: Words, entity: string, state: string): string {
  return `${words.nameOf(entity)} ${stateLabelInline(entity, state, words.deviceClassOf?.(entity))}`;
}

/** "when Hall motion detects motion", "when Kitchen light turns on": a trigger in words. */
export function whenPhrase(words: Words, entity: string, state: string): string {
  return `when ${words.nameOf(entity)} ${stateVerb(entity, state, words.deviceClassOf?.(entity))}`;
}

/** "on weekdays", "on weekends", "every day". */
export function daysPhrase(days: readonly Weekday[] | undefined): string {
  if (!days || days.length === 7) return "every day";
  if (days.join() === "mon,tue,wed,thu,fri") return "on weekdays";
  if (days.join() === "sat,sun") return "on weekends";
  return `on ${days.join(", ")}`;
}

/** "10 min", "1 h 5 min". */
export function minutesPhrase(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  return m % 60 === 0 ? `${Math.floor(m / 60)} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "45 s", "4 min", "1 h 20 min" (seconds rounded the way a person reads them). */
export function secondsPhrase(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 90) return `${s} s`;
  return minutesPhrase(s / 60);
}

/** "HH:MM" of a minute of the day. */
export function hhmm(minuteOfDay: number): string {
  const m = ((Math.round(minuteOfDay) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)} %`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
