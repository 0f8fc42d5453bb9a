// GET /api/anomalies (open by default, filters) and the feedback that silences them: dismiss and "this is normal".
import type { Context } from "hono";
import { HttpError } from "../../core/errors.js";
import type { AnomalyLog } from "../../patterns/anomaly-log.js";
import { ANOMALY_KINDS, type AnomalyKind } from "../../patterns/finding.js";
import { ANOMALY_STATUSES, type AnomalyStatus, type StoredAnomaly } from "../../patterns/pattern-store.js";
import { intParam } from "../query-params.js";
import type { RouteModule } from "../route-module.js";
import { feedbackActor } from "./feedback-actor.js";

export interface AnomaliesRoutesDeps {
  anomalies: AnomalyLog;
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
    api.get("/anomalies", (c) => {
      const kind = c.req.query("kind") || undefined;
      if (kind !== undefined && !(ANOMALY_KINDS as readonly string[]).includes(kind)) {
        throw new HttpError(400, `kind must be one of ${ANOMALY_KINDS.join(", ")}; got "${kind}"`);
      }
      const body: AnomalyListResponse = {
        anomalies: deps.anomalies.list({
          kind: kind as AnomalyKind | undefined,
          entity: c.req.query("entity") || undefined,
          area: c.req.query("area") || undefined,
          statuses: statusFilter(c.req.query("status")),
          since: sinceParam(c.req.query("since")),
          limit: intParam(c, "limit", { min: 1, max: 1000, default: 200 }),
        }),
      };
      return c.json(body);
    });

    api.get("/anomalies/:id", (c) => c.json(find(c)));
    api.post("/anomalies/:id/dismiss", (c) => feedback(c, "dismiss"));
    api.post("/anomalies/:id/normal", (c) => feedback(c, "normal"));
  };
}

/** Default "open"; "all", or a comma list of open, dismissed, normal. */
function statusFilter(raw: string | undefined): AnomalyStatus[] | undefined {
  if (raw === undefined || raw === "") return ["open"];
  if (raw === "all") return undefined;
  const list = raw.split(",").map((s) => s.trim());
  for (const s of list) {
    if (!(ANOMALY_STATUSES as readonly string[]).includes(s)) {
      throw new HttpError(400, `status must be "all" or a comma list of ${ANOMALY_STATUSES.join(", ")}; got "${s}"`);
    }
  }
  return list as AnomalyStatus[];
}

function sinceParam(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(value))
    throw new HttpError(400, `since must be an ISO time or epoch milliseconds, got "${raw}"`);
  return value;
}

/** An optional {note} body; an empty body is fine, a malformed one is a 400. */
async function optionalNote(c: Context): Promise<string | undefined> {
  const text = await c.req.text();
  if (text.trim() === "") return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, "request body must be a JSON object");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new HttpError(400, "request body must be a JSON object");
  const note = (body as { note?: unknown }).note;
  if (note === undefined) return undefined;
  if (typeof note !== "string" || note.length > 500)
    throw new HttpError(400, "note must be a string of at most 500 characters");
  return note;
}
