// POST /api/privacy/forget and GET /api/privacy/export: an administrator forgets or exports an entity or a person.
import type { MiddlewareHandler } from "hono";
import { HttpError, InputError } from "../../core/errors.js";
import { type ForgetSubject, forgetSubject } from "../../privacy/forget-subject.js";
import type { Privacy } from "../../privacy/privacy-services.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import { jsonObjectBody } from "../json-object-body.js";
import { textParam } from "../query-params.js";
import type { RouteModule } from "../route-module.js";
import { optionalActor } from "./feedback-actor.js";

export const PRIVACY_ROUTES = {
  forget: apiRoute("POST", "/privacy/forget"),
  /** Exactly one of entity and person. */
  export: apiRoute("GET", "/privacy/export", {
    entity: textParam("an entity id (or person)"),
    person: textParam("a Home Assistant user id (or entity)"),
  }),
};

export interface PrivacyRouteDeps {
  privacy: Privacy;
  /** Forgetting and exporting need a Home Assistant administrator under ingress. */
  admin: MiddlewareHandler;
  /** Runs before forgetting: events of the subject still buffered are stored first, then removed with the rest. */
  beforeForget?: () => void;
}

function subject(kind: unknown, id: unknown): ForgetSubject {
  if (typeof kind !== "string" || typeof id !== "string")
    throw new HttpError(400, 'send {"kind": "entity" | "person", "id": "...", "confirm": "<the same id>"}');
  try {
    return forgetSubject(kind, id);
  } catch (err) {
    if (err instanceof InputError) throw new HttpError(400, err.message);
    throw err;
  }
}

export function privacyRoutes(deps: PrivacyRouteDeps): RouteModule {
  return (api) => {
    addRoute(
      api,
      PRIVACY_ROUTES.forget,
      async (c) => {
        const body = await jsonObjectBody(c, ["kind", "id", "confirm"]);
        const s = subject(body.kind, body.id);
        // Typing the id again is the confirmation: a click alone never forgets.
        if (body.confirm !== s.id) throw new HttpError(400, `confirm by sending "confirm": "${s.id}"`);
        deps.beforeForget?.();
        const actor = optionalActor(c);
        const report = await deps.privacy.forget(s, {
          actorId: actor?.userId ?? null,
          actorName: actor?.name ?? "unknown",
          via: actor?.via ?? "system",
        });
        return c.json(report);
      },
      deps.admin,
    );
    addRoute(
      api,
      PRIVACY_ROUTES.export,
      async (c, { entity, person }) => {
        if ((entity === undefined) === (person === undefined))
          throw new HttpError(400, "give exactly one of ?entity=<entity id> or ?person=<user id>");
        const s = entity !== undefined ? subject("entity", entity) : subject("person", person);
        return c.json(await deps.privacy.export(s));
      },
      deps.admin,
    );
  };
}
