// What a per-type rule produces from a pattern, before the alias, description and YAML are put around it.
import type { DeviceClassOf } from "../../core/state-words.js";
import type { FindingOf, PatternType } from "../finding.js";
import { type Action, type Condition, serviceAction, type Trigger } from "./automation-config.js";
import { serviceFor } from "./entity-services.js";
import { noSuggestion } from "./no-suggestion.js";
import { actionPhrase } from "./suggestion-wording.js";

export interface SuggestionContext {
  /** The entity's name as the user knows it (registry name, else words from the id). */
  nameOf(entity: string): string;
  /** The device class of an entity ("door", "motion"), for its states in Home Assistant's words. */
  deviceClassOf?: DeviceClassOf;
  /** The household's person.* entities, for presence triggers and "someone is home" conditions. */
  people: readonly string[];
  /** weather.* entities: the first is the one weather patterns are read against. */
  weatherEntities: readonly string[];
  /** Outside temperature sensors (the ones contextual_daily reads): the first is used. */
  outsideTemperatureSensors: readonly string[];
  /** The unit the first outside sensor reads in, thresholds with it ("°C", "°F"; outsideTemperatureUnit). */
  outsideTemperatureUnit: string;
}

export interface AutomationDraft {
  alias: string;
  /** The description's first sentence: what the automation does and why then, in plain words. */
  does: string;
  /** What `support of opportunities` counts: "weekdays", "times", ... */
  evidenceUnit: string;
  trigger: Trigger[];
  condition: Condition[];
  action: Action[];
  mode?: "single" | "restart";
}

/** The automation for one pattern of type T; throws NoSuggestion with the reason when there is none. */
export type DraftRule<T extends PatternType> = (pattern: FindingOf<T>, context: SuggestionContext) => AutomationDraft;

/** The action that brings `entity` to `state`, and its words; no suggestion when nothing can (or should) do that. */
export function actionFor(
  entity: string,
  state: string,
  context: SuggestionContext,
): { action: Action; phrase: string } {
  const choice = serviceFor(entity, state);
  if (!choice.ok) noSuggestion(choice.reason);
  return {
    action: serviceAction(entity, choice.call),
    phrase: actionPhrase(entity, context.nameOf(entity), choice.call),
  };
}

/** States that start something (lights on, heating on, music playing): worth doing a little early. */
const STARTING_STATES = new Set([
  "on",
  "open",
  "playing",
  "heat",
  "cool",
  "heat_cool",
  "auto",
  "dry",
  "fan_only",
  "cleaning",
  "mowing",
  "triggered",
  "home",
]);

export function isStartingState(state: string): boolean {
  return STARTING_STATES.has(state);
}
