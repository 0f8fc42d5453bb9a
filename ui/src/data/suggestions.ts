// GET api/suggestions/:patternId (an automation for a pattern, or why none) and creating it in Home Assistant.
import type { AutomationSuggestion } from "../../../src/patterns/suggestions/automation-suggestion.js";
import type { CreatedAutomationResponse, SuggestionResponse } from "../../../src/web/routes/suggestions-routes.js";
import { getJson, postJson } from "./api-client.js";

export type { AutomationSuggestion, CreatedAutomationResponse, SuggestionResponse };

export function fetchSuggestion(patternId: number, signal?: AbortSignal): Promise<SuggestionResponse> {
  return getJson<SuggestionResponse>(`api/suggestions/${patternId}`, signal);
}

/** Only after the user has seen the YAML and confirmed: the server refuses without {confirm: true}. */
export function createAutomation(patternId: number): Promise<CreatedAutomationResponse> {
  return postJson<CreatedAutomationResponse>(`api/suggestions/${patternId}/create`, { confirm: true });
}
