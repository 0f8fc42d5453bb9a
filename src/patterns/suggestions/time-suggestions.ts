// Automations for habits tied to the clock: time_based (one time) and day_type (a time per kind of day).
import { noSuggestion } from "./pattern-params.js";
import { someoneHome, timeTrigger, weekdayCondition, WEEKEND, WORKDAYS, type Condition, type Weekday } from "./automation-config.js";
import { actionFor, isStartingState, type DraftRule, type SuggestionContext } from "./automation-draft.js";
import { capitalize, daysPhrase, hhmm, minutesPhrase, stateLabel } from "./suggestion-wording.js";

const DAY_TYPES = ["daily", "weekdays", "weekends"] as const;
type DayType = (typeof DAY_TYPES)[number];
const DAYS_OF: Record<DayType, readonly Weekday[] | undefined> = { daily: undefined, weekdays: WORKDAYS, weekends: WEEKEND };
const UNIT_OF: Record<DayType, string> = { daily: "days", weekdays: "weekdays", weekends: "weekend days" };

/**
 * How far from the usual time the automation acts: early for something that starts (the light is
 * on before you reach for it), late for something that ends (it only catches the times it was
 * forgotten, never cuts you off). The habit's own spread, in steps of 5 minutes, 5 to 15.
 */
export function shiftMinutes(spreadMinutes: number): number {
  return Math.min(15, Math.max(5, Math.ceil(spreadMinutes / 5) * 5));
}

/** Someone at home, when the action starts something and the household's people are known. */
function presenceConditions(state: string, context: SuggestionContext): Condition[] {
  return isStartingState(state) && context.people.length > 0 ? [someoneHome(context.people)] : [];
}

function timeWords(state: string, usual: number, shift: number): string {
  return isStartingState(state)
    ? `${minutesPhrase(shift)} before it usually happens (${hhmm(usual)}), so it is done before anyone reaches for it`
    : `${minutesPhrase(shift)} after it usually happens (${hhmm(usual)}), so it only catches the times it was forgotten`;
}

export const timeBasedRule: DraftRule = (pattern, params, context) => {
  const entity = pattern.entities[0] ?? noSuggestion("this time_based pattern names no entity");
  const state = params.string("state");
  const dayType = params.oneOf("dayType", DAY_TYPES);
  const usual = params.number("minuteOfDay");
  const shift = shiftMinutes(params.optionalNumber("spreadMinutes") ?? 0);
  const at = usual + (isStartingState(state) ? -shift : shift);
  const { action, phrase } = actionFor(entity, state, context);
  const days = DAYS_OF[dayType];
  const condition: Condition[] = days ? [weekdayCondition(days)] : [];
  condition.push(...presenceConditions(state, context));
  const who = presenceConditions(state, context).length > 0 ? " when someone is home" : "";
  return {
    alias: `${stateLabel(context.nameOf(entity), state)} at ${hhmm(at)} ${daysPhrase(days)}`,
    does: `${capitalize(phrase)} at ${hhmm(at)} ${daysPhrase(days)}${who}: ${timeWords(state, usual, shift)}.`,
    evidenceUnit: UNIT_OF[dayType],
    trigger: [timeTrigger(at)],
    condition,
    action: [action],
  };
};
