// POST /api/maintenance/checkpoint and /resume: what the add-on's backup_pre and backup_post scripts call.
import type { MiddlewareHandler } from "hono";
import { errorMessage, HttpError } from "../../core/errors.js";
import type { BackupHold } from "../../storage/sqlite/backup-hold.js";
import type { RouteModule } from "../route-module.js";

export interface MaintenanceDeps {
  hold: BackupHold;
  /** Only administrators (and the container itself) may pause checkpoints. */
  admin: MiddlewareHandler;
}

export function maintenanceRoutes(deps: MaintenanceDeps): RouteModule {
  return (api) => {
    api.post("/maintenance/checkpoint", deps.admin, (c) => {
      try {
        const { walFramesCheckpointed } = deps.hold.hold();
        return c.json({ status: "held", walFramesCheckpointed, since: deps.hold.state().since });
      } catch (err) {
        throw new HttpError(503, `checkpoint failed: ${errorMessage(err)}`);
      }
    });
    api.post("/maintenance/resume", deps.admin, (c) => {
      deps.hold.release();
      return c.json({ status: "resumed" });
    });
  };
}
