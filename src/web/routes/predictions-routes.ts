// GET /api/predictions (what a person will operate next, now and per part of the day) and GET /api/causes.
import type { NextActionService } from "../../predict/next-action-service.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import { integerParam } from "../query-params.js";
import type { RouteModule } from "../route-module.js";

export const PREDICTIONS_ROUTES = {
  predictions: apiRoute("GET", "/predictions", { limit: integerParam({ min: 1, max: 20, default: 8 }) }),
  causes: apiRoute("GET", "/causes"),
};

export function predictionsRoutes(deps: { service: NextActionService }): RouteModule {
  return (api) => {
    addRoute(api, PREDICTIONS_ROUTES.predictions, (c, { limit }) => c.json(deps.service.predictions(limit)));
    addRoute(api, PREDICTIONS_ROUTES.causes, (c) => c.json(deps.service.causes()));
  };
}
