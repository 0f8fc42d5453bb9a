// Automations for "B follows A": co_occurrence pairs and sequence chains, triggered by the first step.
import { type Action, type Condition, clockTime, delayAction, stateTrigger } from "./automation-config.js";
import { actionFor, type DraftRule } from "./automation-draft.js";
import { NoSuggestion, noSuggestion } from "./no-suggestion.js";
import { capitalize, hhmm, secondsPhrase, stateLabel, whenPhrase } from "./suggestion-wording.js";

/** Gaps shorter than this are not worth a delay: the follower's own reaction time covers them. */
const MIN_DELAY_SECONDS = 5;
/** A chain that starts within this spread (minutes) has a time of day worth keeping it to. */
const MAX_TIMED_SPREAD_MINUTES = 90;

export const coOccurrenceRule: DraftRule<"co_occurrence"> = (pattern, context) => {
  const { trigger, follower, windowSeconds } = pattern.params;
  const { action, phrase } = actionFor(follower.entity, follower.state, context);
  const usually = `, as usually happens within ${secondsPhrase(windowSeconds)}`;
  return {
    alias: `${stateLabel(context, follower.entity, follower.state)} after ${stateLabel(context, trigger.entity, trigger.state)}`,
    does: `${capitalize(phrase)} ${whenPhrase(context, trigger.entity, trigger.state)}${usually}.`,
    evidenceUnit: "times",
    trigger: [stateTrigger(trigger.entity, trigger.state)],
    condition: [],
    action: [action],
  };
};

/**
 * The first step triggers; every later step something can switch becomes an action, in order. The
 * first action comes at once (ready before the person gets there), later ones after the chain's
 * usual gap. Sensors in between (hallway motion) only add their gap.
 */
export const sequenceRule: DraftRule<"sequence"> = (pattern, context) => {
  const { steps, meanGapSeconds: gaps, startMinuteOfDay: start, startSpreadMinutes: spread } = pattern.params;
  if (steps.length < 2) noSuggestion("a sequence needs at least two steps");
  const [first, ...rest] = steps;
  const actions: Action[] = [];
  const phrases: string[] = [];
  const refusals: string[] = [];
  let sinceLastAction = 0;
  rest.forEach((step, i) => {
    sinceLastAction += gaps[i] ?? 0;
    if (step.entity === first.entity) return;
    let chosen: ReturnType<typeof actionFor>;
    try {
      chosen = actionFor(step.entity, step.state, context);
    } catch (err) {
      if (err instanceof NoSuggestion) {
        refusals.push(err.message);
        return;
      }
      throw err;
    }
    if (actions.length > 0 && sinceLastAction >= MIN_DELAY_SECONDS) {
      actions.push(delayAction(Math.round(sinceLastAction)));
      phrases.push(`then ${chosen.phrase} ${secondsPhrase(sinceLastAction)} later`);
    } else {
      phrases.push(actions.length > 0 ? `then ${chosen.phrase}` : chosen.phrase);
    }
    actions.push(chosen.action);
    sinceLastAction = 0;
  });
  if (actions.length === 0) {
    noSuggestion(`nothing after the first step can be switched: ${refusals.join("; ")}`);
  }
  const condition: Condition[] = [];
  let around = "";
  if (spread <= MAX_TIMED_SPREAD_MINUTES) {
    // Only around the chain's usual time: the first step alone happens at other times too.
    const half = Math.min(120, Math.max(30, Math.ceil((2 * spread) / 15) * 15));
    const after = Math.floor((start - half) / 5) * 5;
    const before = Math.ceil((start + half) / 5) * 5;
    condition.push({ condition: "time", after: clockTime(after), before: clockTime(before) });
    around = ` between ${hhmm(after)} and ${hhmm(before)}`;
  }
  const targets = rest.filter((s) => actions.some((a) => "target" in a && a.target.entity_id === s.entity));
  return {
    alias: `${targets.map((s) => stateLabel(context, s.entity, s.state)).join(", ")} after ${stateLabel(context, first.entity, first.state)}`,
    does: `${capitalize(phrases.join(", "))}, ${whenPhrase(context, first.entity, first.state)}${around}, as the chain usually continues.`,
    evidenceUnit: "days",
    trigger: [stateTrigger(first.entity, first.state)],
    condition,
    action: actions,
  };
};
