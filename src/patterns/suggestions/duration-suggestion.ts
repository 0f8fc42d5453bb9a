// Automation for a duration pattern: switch the entity off once it has been on longer than it usually is.
import { domainOf } from "../../core/home-event.js";
import { stateTrigger } from "./automation-config.js";
import { actionFor, type DraftRule } from "./automation-draft.js";
import { noSuggestion } from "./pattern-params.js";
import { capitalize, secondsPhrase } from "./suggestion-wording.js";

/** The state a duration pattern measures, and the state that ends it, per domain. */
const ON_AND_OFF: Record<string, { on: string; off: string }> = {
  light: { on: "on", off: "off" },
  switch: { on: "on", off: "off" },
  fan: { on: "on", off: "off" },
  input_boolean: { on: "on", off: "off" },
  siren: { on: "on", off: "off" },
  humidifier: { on: "on", off: "off" },
  remote: { on: "on", off: "off" },
  water_heater: { on: "on", off: "off" },
  cover: { on: "open", off: "closed" },
  valve: { on: "open", off: "closed" },
};

/**
 * How long to wait: longer than the upper quartile, not the median, so the automation only ends
 * the times it was left on and never cuts a normal use short. Strictly longer, then rounded up
 * (10 s under two minutes, minutes under an hour, else 5 minutes): a light that is always on for
 * exactly 3 h is switched off after 3 h 5 min, not at the moment its user would.
 */
export function offAfterSeconds(upperQuartileSeconds: number): number {
  const s = Math.max(1, upperQuartileSeconds) + 1;
  const step = s < 120 ? 10 : s < 3600 ? 60 : 300;
  return Math.ceil(s / step) * step;
}

export const durationRule: DraftRule = (pattern, params, context) => {
  const entity = pattern.entities[0] ?? noSuggestion("this duration pattern names no entity");
  const states = ON_AND_OFF[domainOf(entity)];
  if (!states)
    noSuggestion(`a ${domainOf(entity)} has no single "on" state to time and switch off, so ${entity} gets no timer`);
  const median = params.number("medianSeconds");
  // The ceiling is certain where the quartile is interpolated: never cut short what it learned from.
  const wait = offAfterSeconds(
    Math.max(
      params.optionalNumber("upperQuartileSeconds") ?? median,
      params.optionalNumber("upperQuartileCeilingSeconds") ?? 0,
    ),
  );
  const { action, phrase } = actionFor(entity, states.off, context);
  const name = context.nameOf(entity);
  return {
    alias: `${name} ${states.off} after ${secondsPhrase(wait)}`,
    does:
      `${capitalize(phrase)} once it has been ${states.on} for ${secondsPhrase(wait)}: longer than 3 times in 4 ` +
      `(usually about ${secondsPhrase(median)}), so it only ends the times it was left ${states.on}.`,
    evidenceUnit: "times",
    trigger: [stateTrigger(entity, states.on, wait)],
    condition: [],
    action: [action],
  };
};
