// Automations for habits tied to the clock: time_based (one time) and day_type (a time per kind of day).

import type { DayGroup } from "../finding-params.js";
import {
  type Condition,
  someoneHome,
  timeTrigger,
  WEEKEND,
  type Weekday,
  WORKDAYS,
  weekdayCondition,
} from "./automation-config.js";
import { actionFor, type DraftRule, isStartingState, type SuggestionContext } from "./automation-draft.js";
import { noSuggestion } from "./no-suggestion.js";
import { capitalize, daysPhrase, hhmm, minutesPhrase, stateLabel } from "./suggestion-wording.js";

const DAYS_OF: Record<DayGroup, readonly Weekday[] | undefined> = {
  daily: undefined,
  weekdays: WORKDAYS,
  weekends: WEEKEND,
};
const UNIT_OF: Record<DayGroup, string> = { daily: "days", weekdays: "weekdays", weekends: "weekend days" };

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

export const timeBasedRule: DraftRule<"time_based"> = (pattern, context) => {
  const entity = pattern.entities[0] ?? noSuggestion("this time_based pattern names no entity");
  const { state, dayType, minuteOfDay: usual, spreadMinutes } = pattern.params;
  const shift = shiftMinutes(spreadMinutes);
  const at = usual + (isStartingState(state) ? -shift : shift);
  const { action, phrase } = actionFor(entity, state, context);
  const days = DAYS_OF[dayType];
  const condition: Condition[] = days ? [weekdayCondition(days)] : [];
  condition.push(...presenceConditions(state, context));
  const who = presenceConditions(state, context).length > 0 ? " when someone is home" : "";
  return {
    alias: `${stateLabel(context, entity, state)} at ${hhmm(at)} ${daysPhrase(days)}`,
    does: `${capitalize(phrase)} at ${hhmm(at)} ${daysPhrase(days)}${who}: ${timeWords(state, usual, shift)}.`,
    evidenceUnit: UNIT_OF[dayType],
    trigger: [timeTrigger(at)],
    condition,
    action: [action],
  };
};

/**
 * day_type "shift" (one time on weekdays, another at weekends): two time triggers, each with an id,
 * and a condition that lets each one through only on its own kind of day. day_type "days" says on
 * which days but not when, so there is no moment to trigger on.
 */
export const dayTypeRule: DraftRule<"day_type"> = (pattern, context) => {
  const entity = pattern.entities[0] ?? noSuggestion("this day_type pattern names no entity");
  const params = pattern.params;
  if (params.kind === "days") {
    noSuggestion(
      `it says on which days this happens (${params.dayType}) but not at what time, so there is no moment to trigger on; its time of day, where there is one, appears as a time_based pattern`,
    );
  }
  const state = params.state;
  const starting = isStartingState(state);
  const at = (usual: number, spreadMinutes: number) => {
    const shift = shiftMinutes(spreadMinutes);
    return { usual, at: usual + (starting ? -shift : shift), shift };
  };
  const weekday = at(params.weekdayMinuteOfDay, params.weekdaySpreadMinutes);
  const weekend = at(params.weekendMinuteOfDay, params.weekendSpreadMinutes);
  const { action, phrase } = actionFor(entity, state, context);
  const condition: Condition[] = [
    {
      condition: "or",
      conditions: [
        { condition: "and", conditions: [{ condition: "trigger", id: "weekdays" }, weekdayCondition(WORKDAYS)] },
        { condition: "and", conditions: [{ condition: "trigger", id: "weekends" }, weekdayCondition(WEEKEND)] },
      ],
    },
    ...presenceConditions(state, context),
  ];
  const who = presenceConditions(state, context).length > 0 ? " when someone is home" : "";
  const how = starting ? "before" : "after";
  return {
    alias: `${stateLabel(context, entity, state)} at ${hhmm(weekday.at)} on weekdays and ${hhmm(weekend.at)} on weekends`,
    does:
      `${capitalize(phrase)} at ${hhmm(weekday.at)} on weekdays and at ${hhmm(weekend.at)} on weekends${who}: ` +
      `${minutesPhrase(weekday.shift)} and ${minutesPhrase(weekend.shift)} ${how} it usually happens (${hhmm(weekday.usual)} and ${hhmm(weekend.usual)}).`,
    evidenceUnit: "days",
    trigger: [timeTrigger(weekday.at, "weekdays"), timeTrigger(weekend.at, "weekends")],
    condition,
    action: [action],
  };
};
