// GET /api/device-health: devices that drop out again and again, apart from the home's habits.
import type { DeviceProblem } from "../../detectors/device-health.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import type { RouteModule } from "../route-module.js";

export const DEVICE_HEALTH_ROUTES = {
  devices: apiRoute("GET", "/device-health"),
};

export interface DeviceHealthRoutesDeps {
  problems(): DeviceProblem[];
}

export function deviceHealthRoutes(deps: DeviceHealthRoutesDeps): RouteModule {
  return (api) => {
    addRoute(api, DEVICE_HEALTH_ROUTES.devices, (c) => c.json({ devices: deps.problems() }));
  };
}
