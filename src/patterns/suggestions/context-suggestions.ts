// Automations for contextual patterns: the sun, people leaving or coming home, the weather, the cold.
import { domainOf } from "../../core/home-event.js";
import { withUnit } from "../../core/state-with-unit.js";
import type { ContextClaimParams } from "../finding-params.js";
import {
  type Condition,
  daylight,
  leaveTrigger,
  nobodyHome,
  numericTrigger,
  someoneHome,
  stateTrigger,
  sunTrigger,
} from "./automation-config.js";
import {
  type AutomationDraft,
  actionFor,
  type DraftRule,
  isStartingState,
  type SuggestionContext,
} from "./automation-draft.js";
import { noSuggestion } from "./no-suggestion.js";
import { capitalize, minutesPhrase, stateLabel } from "./suggestion-wording.js";
import { shiftMinutes } from "./time-suggestions.js";

/** The params of one context ("sunset", "weather", ...). */
type ParamsOf<C extends ContextClaimParams["context"]> = Extract<ContextClaimParams, { context: C }>;

export const contextualRule: DraftRule<"contextual"> = (pattern, context) => {
  const entity = pattern.entities[0] ?? noSuggestion("this contextual pattern names no entity");
  const params = pattern.params;
  const { action, phrase } = actionFor(entity, params.state, context);
  const s = { entity, state: params.state, phrase };
  return { ...bodyFor(s, params, context), action: [action] };
};

function bodyFor(s: Subject, params: ContextClaimParams, context: SuggestionContext): Omit<AutomationDraft, "action"> {
  switch (params.context) {
    case "sunset":
    case "sunrise":
      return sun(s, params, context);
    case "presence_left":
    case "presence_arrived":
      return presence(s, params, context);
    case "weather":
      return weather(s, params, context);
    case "temperature_below":
    case "temperature_above":
      return temperature(s, params, context);
  }
}

interface Subject {
  entity: string;
  state: string;
  /** "turns on Living room light" */
  phrase: string;
}

type ContextBuilder<C extends ContextClaimParams["context"]> = (
  subject: Subject,
  params: ParamsOf<C>,
  context: SuggestionContext,
) => Omit<AutomationDraft, "action">;

/** Someone at home, when the action starts something and the household's people are known. */
function whenSomeoneHome(state: string, context: SuggestionContext): { condition: Condition[]; words: string } {
  return isStartingState(state) && context.people.length > 0
    ? { condition: [someoneHome(context.people)], words: " when someone is home" }
    : { condition: [], words: "" };
}

const sun: ContextBuilder<"sunset" | "sunrise"> = (s, params, context) => {
  const { context: event, offsetMinutes: usual } = params;
  // As for clock times: something that starts a little early, something that ends a little late.
  const shift = shiftMinutes(params.spreadMinutes);
  const offset = usual + (isStartingState(s.state) ? -shift : shift);
  const when =
    offset === 0 ? `at ${event}` : `${minutesPhrase(Math.abs(offset))} ${offset > 0 ? "after" : "before"} ${event}`;
  const usually =
    usual === 0 ? `at ${event}` : `${minutesPhrase(Math.abs(usual))} ${usual > 0 ? "after" : "before"} ${event}`;
  const home = whenSomeoneHome(s.state, context);
  return {
    alias: `${stateLabel(context, s.entity, s.state)} ${when}`,
    does: `${capitalize(s.phrase)} ${when}${home.words}, following the sun rather than the clock: it usually happens ${usually}.`,
    evidenceUnit: "days",
    trigger: [sunTrigger(event, offset)],
    condition: home.condition,
  };
};

const presence: ContextBuilder<"presence_left" | "presence_arrived"> = (s, params, context) => {
  if (context.people.length === 0)
    noSuggestion("no person entities are known, so nothing can tell when people leave or come home");
  const people = context.people.length === 1 ? context.people[0] : [...context.people];
  if (params.context === "presence_left") {
    return {
      alias: `${stateLabel(context, s.entity, s.state)} when everyone has left`,
      does: `${capitalize(s.phrase)} when the last person leaves home, as usually happens within ${minutesPhrase(params.windowMinutes)}.`,
      evidenceUnit: "times",
      trigger: [leaveTrigger(people, "home")],
      condition: [nobodyHome(context.people)],
    };
  }
  return {
    alias: `${stateLabel(context, s.entity, s.state)} when someone comes home`,
    does: `${capitalize(s.phrase)} when someone comes home, as usually happens within ${minutesPhrase(params.windowMinutes)} of the first arrival.`,
    evidenceUnit: "times",
    trigger: [stateTrigger(people, "home")],
    condition: [],
  };
};

const weather: ContextBuilder<"weather"> = (s, params, context) => {
  const source = context.weatherEntities[0] ?? noSuggestion("no weather entity is known to trigger on");
  const states = params.weather;
  if (states.length === 0) noSuggestion("this contextual pattern names no weather");
  const home = whenSomeoneHome(s.state, context);
  // Gloomy weather is a reason for light only while it is day; at night it would switch lights for nothing.
  const condition = domainOf(s.entity) === "light" ? [...home.condition, daylight()] : home.condition;
  const during = domainOf(s.entity) === "light" ? " during the day" : "";
  return {
    alias: `${stateLabel(context, s.entity, s.state)} in ${states.join(" or ")} weather`,
    does: `${capitalize(s.phrase)} when ${context.nameOf(source)} turns ${states.join(" or ")}${during}${home.words}.`,
    evidenceUnit: "times",
    trigger: [stateTrigger(source, states.length === 1 ? states[0] : [...states])],
    condition,
  };
};

const temperature: ContextBuilder<"temperature_below" | "temperature_above"> = (s, params, context) => {
  const sensor =
    context.outsideTemperatureSensors[0] ?? noSuggestion("no outside temperature sensor is known to trigger on");
  const below = params.context === "temperature_below";
  const limit = params.context === "temperature_below" ? params.belowCelsius : params.aboveCelsius;
  // In the sensor's own unit, as numeric_state compares its state.
  const shown = withUnit(String(limit), context.outsideTemperatureUnit);
  const home = whenSomeoneHome(s.state, context);
  return {
    alias: `${stateLabel(context, s.entity, s.state)} ${below ? "below" : "above"} ${shown} outside`,
    does: `${capitalize(s.phrase)} when it gets ${below ? "colder than" : "warmer than"} ${shown} outside (${sensor})${home.words}.`,
    evidenceUnit: "times",
    trigger: [numericTrigger(sensor, below ? { below: limit } : { above: limit })],
    condition: home.condition,
  };
};
