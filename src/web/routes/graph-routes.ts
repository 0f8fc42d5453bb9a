// GET /api/graph: the context graph (people, areas, devices, entities, automations, patterns and their links), whole or for one area.
import { HttpError, InputError } from "../../core/errors.js";
import { areaSubgraph } from "../../graph/graph-filter.js";
import type { GraphSnapshot } from "../../graph/graph-types.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import { queryParam } from "../query-params.js";
import type { RouteModule } from "../route-module.js";

export interface GraphRoutesDeps {
  graph: { snapshot(): GraphSnapshot };
}

export const GRAPH_ROUTES = {
  graph: apiRoute("GET", "/graph", {
    area: queryParam({
      expects: "an area id (without it, the whole graph)",
      absent: undefined,
      read(raw: string, name: string): string | undefined {
        if (raw === "") throw new InputError(`${name} must be an area id, e.g. ${name}=kitchen`);
        return raw;
      },
    }),
  }),
};

export function graphRoutes(deps: GraphRoutesDeps): RouteModule {
  return (api) => {
    addRoute(api, GRAPH_ROUTES.graph, (c, { area }) => {
      const graph = deps.graph.snapshot();
      if (area === undefined) return c.json(graph);
      if (!graph.nodes.some((n) => n.id === `area:${area}`)) throw new HttpError(400, `no area with id "${area}"`);
      return c.json(areaSubgraph(graph, area));
    });
  };
}
