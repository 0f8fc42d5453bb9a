// Automations for contextual patterns: the sun, people leaving or coming home, the weather, the cold.
import { domainOf } from "../../core/home-event.js";
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
import { noSuggestion, type PatternParams } from "./pattern-params.js";
import { capitalize, minutesPhrase, stateLabel } from "./suggestion-wording.js";
import { shiftMinutes } from "./time-suggestions.js";

const CONTEXTS = [
  "sunset",
  "sunrise",
  "presence_left",
  "presence_arrived",
  "weather",
  "temperature_below",
  "temperature_above",
] as const;
type ContextKind = (typeof CONTEXTS)[number];

export const contextualRule: DraftRule = (pattern, params, context) => {
  const entity = pattern.entities[0] ?? noSuggestion("this contextual pattern names no entity");
  const state = params.string("state");
  const kind = params.oneOf("context", CONTEXTS);
  const { action, phrase } = actionFor(entity, state, context);
  const draft = { entity, state, phrase, name: context.nameOf(entity) };
  const body = BUILDERS[kind](draft, params, context, kind);
  return { ...body, action: [action] };
};

interface Subject {
  entity: string;
  state: string;
  /** "turns on Living room light" */
  phrase: string;
  name: string;
}

type ContextBuilder = (
  subject: Subject,
  params: PatternParams,
  context: SuggestionContext,
  kind: ContextKind,
) => Omit<AutomationDraft, "action">;

/** Someone at home, when the action starts something and the household's people are known. */
function whenSomeoneHome(state: string, context: SuggestionContext): { condition: Condition[]; words: string } {
  return isStartingState(state) && context.people.length > 0
    ? { condition: [someoneHome(context.people)], words: " when someone is home" }
    : { condition: [], words: "" };
}

const sun: ContextBuilder = (s, params, context, kind) => {
  const event = kind as "sunset" | "sunrise";
  const usual = params.number("offsetMinutes");
  // As for clock times: something that starts a little early, something that ends a little late.
  const shift = shiftMinutes(params.optionalNumber("spreadMinutes") ?? 0);
  const offset = usual + (isStartingState(s.state) ? -shift : shift);
  const when =
    offset === 0 ? `at ${event}` : `${minutesPhrase(Math.abs(offset))} ${offset > 0 ? "after" : "before"} ${event}`;
  const usually =
    usual === 0 ? `at ${event}` : `${minutesPhrase(Math.abs(usual))} ${usual > 0 ? "after" : "before"} ${event}`;
  const home = whenSomeoneHome(s.state, context);
  return {
    alias: `${stateLabel(s.name, s.state)} ${when}`,
    does: `${capitalize(s.phrase)} ${when}${home.words}, following the sun rather than the clock: it usually happens ${usually}.`,
    evidenceUnit: "days",
    trigger: [sunTrigger(event, offset)],
    condition: home.condition,
  };
};

const presence: ContextBuilder = (s, params, context, kind) => {
  if (context.people.length === 0)
    noSuggestion("no person entities are known, so nothing can tell when people leave or come home");
  const people = context.people.length === 1 ? context.people[0] : [...context.people];
  if (kind === "presence_left") {
    return {
      alias: `${stateLabel(s.name, s.state)} when everyone has left`,
      does: `${capitalize(s.phrase)} when the last person leaves home, as usually happens within ${minutesPhrase(params.optionalNumber("windowMinutes") ?? 20)}.`,
      evidenceUnit: "times",
      trigger: [leaveTrigger(people, "home")],
      condition: [nobodyHome(context.people)],
    };
  }
  return {
    alias: `${stateLabel(s.name, s.state)} when someone comes home`,
    does: `${capitalize(s.phrase)} when someone comes home, as usually happens within ${minutesPhrase(params.optionalNumber("windowMinutes") ?? 20)} of the first arrival.`,
    evidenceUnit: "times",
    trigger: [stateTrigger(people, "home")],
    condition: [],
  };
};

const weather: ContextBuilder = (s, params, context) => {
  const source = context.weatherEntities[0] ?? noSuggestion("no weather entity is known to trigger on");
  const states = params.strings("weather");
  if (states.length === 0) noSuggestion("this contextual pattern names no weather");
  const home = whenSomeoneHome(s.state, context);
  // Gloomy weather is a reason for light only while it is day; at night it would switch lights for nothing.
  const condition = domainOf(s.entity) === "light" ? [...home.condition, daylight()] : home.condition;
  const during = domainOf(s.entity) === "light" ? " during the day" : "";
  return {
    alias: `${stateLabel(s.name, s.state)} in ${states.join(" or ")} weather`,
    does: `${capitalize(s.phrase)} when ${context.nameOf(source)} turns ${states.join(" or ")}${during}${home.words}.`,
    evidenceUnit: "times",
    trigger: [stateTrigger(source, states.length === 1 ? states[0] : [...states])],
    condition,
  };
};

const temperature: ContextBuilder = (s, params, context, kind) => {
  const sensor =
    context.outsideTemperatureSensors[0] ?? noSuggestion("no outside temperature sensor is known to trigger on");
  const below = kind === "temperature_below";
  const limit = params.number(below ? "belowCelsius" : "aboveCelsius");
  const home = whenSomeoneHome(s.state, context);
  return {
    alias: `${stateLabel(s.name, s.state)} ${below ? "below" : "above"} ${limit} °C outside`,
    does: `${capitalize(s.phrase)} when it gets ${below ? "colder than" : "warmer than"} ${limit} °C outside (${sensor})${home.words}.`,
    evidenceUnit: "times",
    trigger: [numericTrigger(sensor, below ? { below: limit } : { above: limit })],
    condition: home.condition,
  };
};

const BUILDERS: Record<ContextKind, ContextBuilder> = {
  sunset: sun,
  sunrise: sun,
  presence_left: presence,
  presence_arrived: presence,
  weather,
  temperature_below: temperature,
  temperature_above: temperature,
};
