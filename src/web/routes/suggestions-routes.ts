// GET /api/suggestions (an automation per pattern, or why none) and creating one in Home Assistant once the user confirms.
import type { Context } from "hono";
import type { AppEvents } from "../../app-events.js";
import type { Clock } from "../../core/clock.js";
import { errorMessage, HttpError } from "../../core/errors.js";
import type { TypedBus } from "../../core/event-bus.js";
import type { Logger } from "../../core/logger.js";
import type { PatternCatalog } from "../../patterns/pattern-catalog.js";
import type { StoredPattern } from "../../patterns/pattern-store.js";
import {
  type AutomationWriter,
  type CreatedAutomation,
  createAutomation,
} from "../../patterns/suggestions/automation-creation.js";
import { type AutomationSuggestion, suggestAutomation } from "../../patterns/suggestions/automation-suggestion.js";
import { suggestionContextFrom } from "../../patterns/suggestions/suggestion-context.js";
import { HaRestError } from "../../sources/ha/ha-rest-client.js";
import type { AuditLog } from "../../storage/audit-log.js";
import type { RegistryStore } from "../../storage/registry-store.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import { jsonObjectBody } from "../json-object-body.js";
import type { RouteModule } from "../route-module.js";
import { auditAction, feedbackActor } from "./feedback-actor.js";

const MAX_ALIAS_LENGTH = 200;

export const SUGGESTIONS_ROUTES = {
  list: apiRoute("GET", "/suggestions"),
  one: apiRoute("GET", "/suggestions/:patternId"),
  create: apiRoute("POST", "/suggestions/:patternId/create"),
};

export interface SuggestionsRoutesDeps {
  catalog: PatternCatalog;
  /** Entity names and the household's person.* entities. */
  registry: RegistryStore;
  clock: Clock;
  /** Home Assistant's REST API (HaRestClient); undefined when there is no Home Assistant (demo mode). */
  ha?: AutomationWriter;
  audit?: AuditLog;
  /** Told when a pattern is accepted by creating its automation, so sensors and the panel update. */
  bus?: TypedBus<AppEvents>;
  logger?: Logger;
}

export interface SuggestionListResponse {
  total: number;
  /** How many of them have an automation (the rest say why not). */
  withAutomation: number;
  suggestions: AutomationSuggestion[];
}

/** One pattern's suggestion, and whether this service can create it in Home Assistant (not in the demo). */
export interface SuggestionResponse extends AutomationSuggestion {
  canCreate: boolean;
}

export interface CreatedAutomationResponse extends CreatedAutomation {
  pattern: { id: number; key: string; status: StoredPattern["status"] };
  note: string;
}

export function suggestionsRoutes(deps: SuggestionsRoutesDeps): RouteModule {
  const find = (c: Context): StoredPattern => {
    const raw = c.req.param("patternId") ?? "";
    if (!/^\d+$/.test(raw)) throw new HttpError(400, `pattern id must be a positive integer, got "${raw}"`);
    const pattern = deps.catalog.get(Number(raw));
    if (!pattern) throw new HttpError(404, `no pattern with id ${raw}`);
    return pattern;
  };

  return (api) => {
    addRoute(api, SUGGESTIONS_ROUTES.list, (c) => {
      const context = suggestionContextFrom(deps.registry);
      const suggestions = deps.catalog.list().map((p) => suggestAutomation(p, context));
      const body: SuggestionListResponse = {
        total: suggestions.length,
        withAutomation: suggestions.filter((s) => s.config !== null).length,
        suggestions,
      };
      return c.json(body);
    });

    addRoute(api, SUGGESTIONS_ROUTES.one, (c) => {
      const suggestion = suggestAutomation(find(c), suggestionContextFrom(deps.registry));
      const body: SuggestionResponse = {
        ...suggestion,
        canCreate: deps.ha !== undefined && suggestion.config !== null,
      };
      return c.json(body);
    });

    addRoute(api, SUGGESTIONS_ROUTES.create, async (c) => {
      const body = await jsonObjectBody(c, ["confirm", "alias"]);
      if (body.confirm !== true) {
        throw new HttpError(400, 'confirm the automation first: show the user its YAML, then send {"confirm": true}');
      }
      const alias = aliasOf(body.alias);
      const pattern = find(c);
      const suggestion = suggestAutomation(pattern, suggestionContextFrom(deps.registry), alias);
      if (!suggestion.config || !suggestion.automationId) {
        throw new HttpError(409, `no automation to create for pattern ${pattern.id}: ${suggestion.reason ?? "none"}`);
      }
      if (!deps.ha) {
        throw new HttpError(
          503,
          "Home Patterns is not connected to Home Assistant (demo mode), so it cannot create automations there; copy the YAML into Home Assistant's automation editor instead",
        );
      }
      const created = await createInHa(deps.ha, suggestion.automationId, suggestion.config, deps.logger);
      const actor = feedbackActor(c);
      auditAction(deps.audit, deps.clock, actor, "automation.create", pattern.key, {
        patternId: pattern.id,
        automationId: created.automationId,
        entityId: created.entityId,
        alias: created.alias,
        replaced: created.replaced,
      });
      const accepted =
        deps.catalog.accept(pattern.id, actor, {
          automationId: created.automationId,
          entityId: created.entityId,
        }) ?? pattern;
      deps.bus?.emit("patternsUpdated", { active: deps.catalog.list().length, changed: [accepted] });
      const response: CreatedAutomationResponse = {
        ...created,
        pattern: { id: accepted.id, key: accepted.key, status: accepted.status },
        note: `Home Assistant reloads its automations by itself; ${created.entityId} appears within a few seconds.`,
      };
      return c.json(response, 201);
    });
  };
}

function aliasOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value.trim() === "" || value.trim().length > MAX_ALIAS_LENGTH) {
    throw new HttpError(400, `alias must be a non-empty text of at most ${MAX_ALIAS_LENGTH} characters`);
  }
  return value.trim();
}

/** Home Assistant's refusal is a bad gateway with its own message; not reaching it at all is 503. */
async function createInHa(
  ha: AutomationWriter,
  id: string,
  config: Parameters<AutomationWriter["saveAutomation"]>[1],
  logger?: Logger,
): Promise<CreatedAutomation> {
  try {
    return await createAutomation(ha, id, config);
  } catch (err) {
    if (err instanceof HaRestError) {
      logger?.warn("Home Assistant refused an automation", {
        automationId: id,
        status: err.status,
        message: err.haMessage,
      });
      const what =
        err.status === 401 || err.status === 403 ? "refused Home Patterns' access" : "refused the automation";
      throw new HttpError(502, `Home Assistant ${what} (${err.status}): ${err.haMessage}`);
    }
    logger?.warn("cannot reach Home Assistant to create an automation", { automationId: id, error: errorMessage(err) });
    throw new HttpError(503, `cannot reach Home Assistant to create the automation: ${errorMessage(err)}`);
  }
}
