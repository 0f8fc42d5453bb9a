// GET /api/entities and one entity's timeline, hour-of-week heatmap and on-durations.
import type { Context } from "hono";
import type { Clock } from "../../core/clock.js";
import { HttpError } from "../../core/errors.js";
import { domainOf, isAutomated } from "../../core/home-event.js";
import type { EventStore } from "../../storage/event-store.js";
import type { RegistryStore } from "../../storage/registry-store.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import type { EntitySummary, TimelineResponse } from "../api-types.js";
import type { EntityProfiles } from "../l1-profiles.js";
import { integerParam } from "../query-params.js";
import type { RouteModule } from "../route-module.js";

const HOUR = 3_600_000;

export const ENTITIES_ROUTES = {
  list: apiRoute("GET", "/entities"),
  timeline: apiRoute("GET", "/entities/:id/timeline", {
    hours: integerParam({ min: 1, max: 168, default: 24 }),
    limit: integerParam({ min: 1, max: 5000, default: 500 }),
  }),
  heatmap: apiRoute("GET", "/entities/:id/heatmap"),
  durations: apiRoute("GET", "/entities/:id/durations"),
};

export interface EntitiesDeps {
  registry: RegistryStore;
  events: EventStore;
  clock: Clock;
  /** Heatmap and durations: from L2 when rolled up, else L1 (createL1EntityProfiles). */
  profiles: EntityProfiles;
}

export function listEntities(deps: Pick<EntitiesDeps, "registry" | "events">): EntitySummary[] {
  const counts = deps.events.countByEntity();
  const lastTimes = deps.events.lastEventTimes();
  const areaNames = new Map(deps.registry.listAreas().map((a) => [a.areaId, a.name]));
  const registered = new Map(deps.registry.listEntities().map((e) => [e.entityId, e]));
  const ids = new Set([...registered.keys(), ...Object.keys(counts)]);
  return [...ids].sort().map((entityId) => {
    const record = registered.get(entityId);
    const areaId = deps.registry.areaOf(entityId);
    const lastEventAt = lastTimes.get(entityId) ?? null;
    const last =
      lastEventAt === null
        ? undefined
        : deps.events.query({ from: lastEventAt, to: lastEventAt + 1, entities: [entityId] }).at(-1);
    return {
      entityId,
      name: record?.name ?? null,
      domain: domainOf(entityId),
      areaId,
      areaName: areaId ? (areaNames.get(areaId) ?? null) : null,
      deviceId: record?.deviceId ?? null,
      platform: record?.platform ?? null,
      entityCategory: record?.entityCategory ?? null,
      disabled: record?.disabled ?? false,
      inRegistry: record !== undefined,
      lastEventAt,
      lastState: last?.state ?? null,
      deviceClass: deps.registry.deviceClassOf(entityId),
      unit: deps.registry.unitOf(entityId),
      events: counts[entityId] ?? 0,
    };
  });
}

export function entitiesRoutes(deps: EntitiesDeps): RouteModule {
  const known = (c: Context): string => {
    const id = c.req.param("id") ?? "";
    if (!deps.registry.getEntity(id) && !deps.events.lastEventTimes().has(id)) {
      throw new HttpError(404, `unknown entity: ${id}`);
    }
    return id;
  };

  return (api) => {
    addRoute(api, ENTITIES_ROUTES.list, (c) => c.json(listEntities(deps)));

    addRoute(api, ENTITIES_ROUTES.timeline, (c, { hours, limit }) => {
      const entityId = known(c);
      const to = deps.clock.now() + 1;
      const from = to - hours * HOUR;
      const all = deps.events.query({ from, to, entities: [entityId] });
      const body: TimelineResponse = {
        entityId,
        unit: deps.registry.unitOf(entityId),
        from,
        to,
        events: all.slice(-limit).map((e) => ({
          ts: e.ts,
          state: e.state,
          previous: e.previous ?? null,
          source: e.source,
          user: e.user ?? null,
          automated: isAutomated(e),
        })),
        truncated: all.length > limit,
      };
      return c.json(body);
    });

    addRoute(api, ENTITIES_ROUTES.heatmap, async (c) => c.json(await deps.profiles.heatmap(known(c))));
    addRoute(api, ENTITIES_ROUTES.durations, async (c) => c.json(await deps.profiles.durations(known(c))));
  };
}
