// GET /api/device-health: devices that drop out again and again, apart from the home's habits.
import type { DeviceProblem } from "../../detectors/device-health.js";
import type { RouteModule } from "../route-module.js";

export interface DeviceHealthRoutesDeps {
  problems(): DeviceProblem[];
}

export function deviceHealthRoutes(deps: DeviceHealthRoutesDeps): RouteModule {
  return (api) => {
    api.get("/device-health", (c) => c.json({ devices: deps.problems() }));
  };
}
