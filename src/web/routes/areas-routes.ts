// GET /api/areas and GET /api/areas/activity: the home's rooms, how busy each is by hour of week, and the moves between them.
import type { RegistryStore } from "../../storage/registry-store.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import type { AreaActivityResponse, AreaSummary } from "../api-types.js";
import type { RouteModule } from "../route-module.js";

export interface AreasDeps {
  registry: RegistryStore;
  /** From the room_based L2 rows when rolled up, else L1 (l1AreaActivity). */
  activity: () => AreaActivityResponse | Promise<AreaActivityResponse>;
}

export const AREAS_ROUTES = {
  areas: apiRoute("GET", "/areas"),
  activity: apiRoute("GET", "/areas/activity"),
};

export function listAreas(registry: RegistryStore): AreaSummary[] {
  const perArea = new Map<string, number>();
  for (const e of registry.listEntities()) {
    const area = registry.areaOf(e.entityId);
    if (area) perArea.set(area, (perArea.get(area) ?? 0) + 1);
  }
  return registry
    .listAreas()
    .map((a) => ({ areaId: a.areaId, name: a.name, floorId: a.floorId ?? null, entities: perArea.get(a.areaId) ?? 0 }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function areasRoutes(deps: AreasDeps): RouteModule {
  return (api) => {
    addRoute(api, AREAS_ROUTES.areas, (c) => c.json(listAreas(deps.registry)));
    addRoute(api, AREAS_ROUTES.activity, async (c) => c.json(await deps.activity()));
  };
}
