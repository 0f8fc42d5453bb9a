// POST /api/maintenance/checkpoint and /resume: what the add-on's backup_pre and backup_post scripts call.
import type { MiddlewareHandler } from "hono";
import { errorMessage, HttpError } from "../../core/errors.js";
import type { BackupHold } from "../../storage/sqlite/backup-hold.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import { optionalJsonObjectBody } from "../json-object-body.js";
import type { RouteModule } from "../route-module.js";

/** What the add-on's backup_pre and backup_post scripts call, without parameters. */
export const MAINTENANCE_ROUTES = {
  checkpoint: apiRoute("POST", "/maintenance/checkpoint"),
  resume: apiRoute("POST", "/maintenance/resume"),
};

export interface MaintenanceDeps {
  hold: BackupHold;
  /** Only administrators (and the container itself) may pause checkpoints. */
  admin: MiddlewareHandler;
}

export function maintenanceRoutes(deps: MaintenanceDeps): RouteModule {
  return (api) => {
    addRoute(
      api,
      MAINTENANCE_ROUTES.checkpoint,
      async (c) => {
        await optionalJsonObjectBody(c, []);
        try {
          const { walFramesCheckpointed } = deps.hold.hold();
          return c.json({ status: "held", walFramesCheckpointed, since: deps.hold.state().since });
        } catch (err) {
          throw new HttpError(503, `checkpoint failed: ${errorMessage(err)}`);
        }
      },
      deps.admin,
    );
    addRoute(
      api,
      MAINTENANCE_ROUTES.resume,
      async (c) => {
        await optionalJsonObjectBody(c, []);
        deps.hold.release();
        return c.json({ status: "resumed" });
      },
      deps.admin,
    );
  };
}
