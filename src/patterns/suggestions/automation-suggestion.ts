// One pattern → one suggested Home Assistant automation (config and YAML), or the reason there is none.
import { createHash } from "node:crypto";
import type { Finding, PatternType } from "../finding.js";
import type { PatternStatus, StoredPattern } from "../pattern-store.js";
import type { SuggestedAutomation } from "./automation-config.js";
import type { AutomationDraft, SuggestionContext } from "./automation-draft.js";
import { automationYaml } from "./automation-yaml.js";
import { contextualRule } from "./context-suggestions.js";
import { durationRule } from "./duration-suggestion.js";
import { coOccurrenceRule, sequenceRule } from "./follower-suggestions.js";
import { NoSuggestion } from "./no-suggestion.js";
import { percent } from "./suggestion-wording.js";
import { dayTypeRule, timeBasedRule } from "./time-suggestions.js";

export interface AutomationSuggestion {
  patternId: number;
  key: string;
  type: PatternType;
  status: PatternStatus;
  summary: string;
  /** The id it is saved under in automations.yaml: stable per pattern, so creating it again replaces it. */
  automationId: string | null;
  alias: string | null;
  /** The JSON the config API takes (POST /api/config/automation/config/<id>). */
  config: SuggestedAutomation | null;
  /** The same automation as YAML, for the panel and for copying into HA. */
  yaml: string | null;
  /** Why there is no automation, in words; null when there is one. */
  reason: string | null;
}

/** The rule of the pattern's type, or undefined for a type that has none. */
function draftOf(pattern: Finding, context: SuggestionContext): AutomationDraft | undefined {
  switch (pattern.type) {
    case "time_based":
      return timeBasedRule(pattern, context);
    case "co_occurrence":
      return coOccurrenceRule(pattern, context);
    case "sequence":
      return sequenceRule(pattern, context);
    case "duration":
      return durationRule(pattern, context);
    case "day_type":
      return dayTypeRule(pattern, context);
    case "contextual":
      return contextualRule(pattern, context);
    default:
      return undefined;
  }
}

/** Types that describe the home rather than a routine one automation could repeat. */
export const NO_AUTOMATION_REASONS: Partial<Record<PatternType, string>> = {
  room_based:
    "Room activity says when an area is usually busy; it names no device to switch, so there is nothing to automate. Its per-area sensors can serve as conditions in your own automations.",
  anomaly:
    "An anomaly is a departure from habit, not a routine to repeat. To react to anomalies, trigger an automation on the home_patterns_anomaly event.",
  session:
    "A session is a burst of activity across the home with a usual start time; it is not one device's routine, so no single automation repeats it.",
  seasonal:
    "A seasonal trend says a device is used more in some months; it has no moment or trigger an automation could act on.",
  automation_quiet:
    "An automation that went quiet is already an automation: check its trigger and conditions in Home Assistant. To be told, trigger on the home_patterns_health event.",
};

/** Statuses whose patterns get a suggestion: the ones the user sees. */
const SUGGESTED_STATUSES: readonly PatternStatus[] = ["active", "accepted"];

export function automationIdFor(patternKey: string): string {
  return `home_patterns_${createHash("sha256").update(patternKey).digest("hex").slice(0, 12)}`;
}

export function suggestAutomation(
  pattern: StoredPattern,
  context: SuggestionContext,
  aliasOverride?: string,
): AutomationSuggestion {
  const base = {
    patternId: pattern.id,
    key: pattern.key,
    type: pattern.type,
    status: pattern.status,
    summary: pattern.summary,
  };
  const none = (reason: string): AutomationSuggestion => ({
    ...base,
    automationId: null,
    alias: null,
    config: null,
    yaml: null,
    reason,
  });

  if (!SUGGESTED_STATUSES.includes(pattern.status))
    return none(`The pattern is ${pattern.status}; only active and accepted patterns get suggestions.`);
  const fixedReason = NO_AUTOMATION_REASONS[pattern.type];
  if (fixedReason) return none(fixedReason);
  if (pattern.automated) {
    return none("Home Assistant already does this: most of its occurrences were caused by an automation or script.");
  }
  let draft: AutomationDraft | undefined;
  try {
    draft = draftOf(pattern, context);
  } catch (err) {
    if (err instanceof NoSuggestion) return none(`${capitalizeFirst(err.message)}.`);
    throw err;
  }
  if (!draft) return none(`Home Patterns has no automation for ${pattern.type} patterns yet.`);
  const alias = aliasOverride ?? draft.alias;
  const config: SuggestedAutomation = {
    alias,
    description: `${draft.does} ${evidenceSentence(pattern, draft.evidenceUnit)}`,
    trigger: draft.trigger,
    ...(draft.condition.length > 0 ? { condition: draft.condition } : {}),
    action: draft.action,
    mode: draft.mode ?? "single",
  };
  return {
    ...base,
    automationId: automationIdFor(pattern.key),
    alias,
    config,
    yaml: automationYaml(config, pattern.key),
    reason: null,
  };
}

/** "Learned by Home Patterns: <summary>. Evidence: 18 of 20 weekdays, confidence 72 %, from 2026-11-02 to 2026-11-27." */
function evidenceSentence(pattern: StoredPattern, unit: string): string {
  const days = [...(pattern.evidence.days ?? [])].sort();
  const span = days.length > 0 ? `, from ${days[0]} to ${days[days.length - 1]}` : "";
  const summary = pattern.summary.replace(/\.$/, "");
  return (
    `Learned by Home Patterns: ${summary}. ` +
    `Evidence: ${pattern.support} of ${pattern.opportunities} ${unit}, confidence ${percent(pattern.confidence)}${span}.`
  );
}

function capitalizeFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
