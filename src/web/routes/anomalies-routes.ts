// GET /api/anomalies (open by default, filters) and the feedback that silences them: dismiss and "this is normal".
import type { Context } from "hono";
import { HttpError, InputError } from "../../core/errors.js";
import type { AnomalyLog } from "../../patterns/anomaly-log.js";
import { ANOMALY_KINDS } from "../../patterns/finding.js";
import { ANOMALY_STATUSES, type AnomalyStatus, type StoredAnomaly } from "../../patterns/pattern-store.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import { optionalJsonObjectBody } from "../json-object-body.js";
import { choiceParam, filterParam, integerParam, queryParam, timeParam } from "../query-params.js";
import type { RouteModule } from "../route-module.js";
import { type NamedArea, refuseUnknownArea } from "../unknown-area.js";
import { type KnownEntities, refuseUnknownEntity } from "../unknown-entity.js";
import { feedbackActor } from "./feedback-actor.js";

export const ANOMALIES_ROUTES = {
  list: apiRoute("GET", "/anomalies", {
    kind: choiceParam(ANOMALY_KINDS),
    entity: filterParam("an entity id"),
    area: filterParam("an area id"),
    status: queryParam<AnomalyStatus[] | undefined>({
      expects: `"all" or a comma list of ${ANOMALY_STATUSES.join(", ")} (default open)`,
      absent: ["open"],
      read: statusFilter,
    }),
    since: timeParam(),
    limit: integerParam({ min: 1, max: 1000, default: 200 }),
  }),
  one: apiRoute("GET", "/anomalies/:id"),
  dismiss: apiRoute("POST", "/anomalies/:id/dismiss"),
  normal: apiRoute("POST", "/anomalies/:id/normal"),
};

export interface AnomaliesRoutesDeps {
  anomalies: AnomalyLog;
  /** The home's areas: an `area` filter naming none of them is refused. */
  areas?: () => readonly NamedArea[];
  /** The home's entities: an `entity` filter naming none of them is refused. */
  entities?: KnownEntities;
}

export interface AnomalyListResponse {
  anomalies: StoredAnomaly[];
}

export function anomaliesRoutes(deps: AnomaliesRoutesDeps): RouteModule {
  const find = (c: Context): StoredAnomaly => {
    const raw = c.req.param("id") ?? "";
    if (!/^\d+$/.test(raw)) throw new HttpError(400, `anomaly id must be a positive integer, got "${raw}"`);
    const anomaly = deps.anomalies.get(Number(raw));
    if (!anomaly) throw new HttpError(404, `no anomaly with id ${raw}`);
    return anomaly;
  };

  // The anomaly log records the audit entry in the status change's own transaction.
  const feedback = async (c: Context, action: "dismiss" | "normal") => {
    const before = find(c);
    const note = await optionalNote(c);
    const actor = feedbackActor(c);
    const after =
      action === "dismiss"
        ? deps.anomalies.dismiss(before.id, actor, note)
        : deps.anomalies.markNormal(before.id, actor, note);
    if (!after) throw new HttpError(404, `no anomaly with id ${before.id}`);
    return c.json(after);
  };

  return (api) => {
    addRoute(api, ANOMALIES_ROUTES.list, (c, { kind, entity, area, status, since, limit }) => {
      const body: AnomalyListResponse = {
        anomalies: deps.anomalies.list({ kind, entity, area, statuses: status, since, limit }),
      };
      if (deps.areas && body.anomalies.length === 0)
        refuseUnknownArea(
          area,
          deps.areas(),
          (a) => deps.anomalies.list({ area: a, statuses: [...ANOMALY_STATUSES], limit: 1 }).length > 0,
        );
      if (deps.entities && body.anomalies.length === 0)
        refuseUnknownEntity(
          entity,
          deps.entities,
          (e) => deps.anomalies.list({ entity: e, statuses: [...ANOMALY_STATUSES], limit: 1 }).length > 0,
        );
      return c.json(body);
    });

    addRoute(api, ANOMALIES_ROUTES.one, (c) => c.json(find(c)));
    addRoute(api, ANOMALIES_ROUTES.dismiss, (c) => feedback(c, "dismiss"));
    addRoute(api, ANOMALIES_ROUTES.normal, (c) => feedback(c, "normal"));
  };
}

/** Default "open"; "all", or a comma list of open, dismissed, normal. */
function statusFilter(raw: string, name: string): AnomalyStatus[] | undefined {
  if (raw === "") return ["open"];
  if (raw === "all") return undefined;
  const list = raw.split(",").map((s) => s.trim());
  for (const s of list) {
    if (!(ANOMALY_STATUSES as readonly string[]).includes(s)) {
      throw new InputError(`${name} must be "all" or a comma list of ${ANOMALY_STATUSES.join(", ")}; got "${s}"`);
    }
  }
  return list as AnomalyStatus[];
}

/** An optional {note} body; an empty body is fine, a malformed one or another key is a 400. */
async function optionalNote(c: Context): Promise<string | undefined> {
  const note = (await optionalJsonObjectBody(c, ["note"])).note;
  if (note === undefined) return undefined;
  if (typeof note !== "string" || note.length > 500)
    throw new HttpError(400, "note must be a string of at most 500 characters");
  return note;
}
