// GET /api/predictions (what a person will operate next, now and per part of the day) and GET /api/causes.
import type { NextActionService } from "../../predict/next-action-service.js";
import { intParam } from "../query-params.js";
import type { RouteModule } from "../route-module.js";

export function predictionsRoutes(deps: { service: NextActionService }): RouteModule {
  return (api) => {
    api.get("/predictions", (c) =>
      c.json(deps.service.predictions(intParam(c, "limit", { min: 1, max: 20, default: 8 }))),
    );
    api.get("/causes", (c) => c.json(deps.service.causes()));
  };
}
