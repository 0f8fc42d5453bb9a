// GET /api/graph: the context graph (people, areas, devices, entities, automations, patterns and their links), whole or for one area.
import { HttpError } from "../../core/errors.js";
import { areaSubgraph } from "../../graph/graph-filter.js";
import type { GraphSnapshot } from "../../graph/graph-types.js";
import type { RouteModule } from "../route-module.js";

export interface GraphRoutesDeps {
  graph: { snapshot(): GraphSnapshot };
}

const PARAMS = new Set(["area"]);

export function graphRoutes(deps: GraphRoutesDeps): RouteModule {
  return (api) => {
    api.get("/graph", (c) => {
      const unknown = Object.keys(c.req.queries()).filter((name) => !PARAMS.has(name));
      if (unknown.length > 0)
        throw new HttpError(400, `unknown parameter ${unknown.join(", ")}; /api/graph takes only area`);
      const areas = c.req.queries("area") ?? [];
      if (areas.length > 1) throw new HttpError(400, "give area once");
      const graph = deps.graph.snapshot();
      const area = areas[0];
      if (area === undefined) return c.json(graph);
      if (area === "") throw new HttpError(400, "area must be an area id, e.g. area=kitchen");
      if (!graph.nodes.some((n) => n.id === `area:${area}`)) throw new HttpError(400, `no area with id "${area}"`);
      return c.json(areaSubgraph(graph, area));
    });
  };
}
