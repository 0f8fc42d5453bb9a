// The SQLite store's line in /api/health: open or closed, and the rows with unknown ids it removed or skipped.
import type { DanglingRowCounts } from "../storage/sqlite/dangling-rows.js";
import type { StoreHealth } from "../web/api-types.js";

/**
 * Rows with unknown ids do not change the status: those found at open are gone, and readers leave
 * out the others. The counts say an edit by hand, a crash or a bug left some, for whoever runs it.
 */
export function sqliteHealth(open: boolean, dangling: DanglingRowCounts): StoreHealth {
  const removed = Object.values(dangling.removedAtOpen).reduce((a, b) => a + b, 0);
  const notes = [
    ...(removed > 0 ? [`${removed} rows with ids no dictionary has removed at start`] : []),
    ...(dangling.skippedOnRead > 0 ? [`${dangling.skippedOnRead} such rows skipped on read`] : []),
  ];
  return {
    name: "sqlite",
    status: open ? "ok" : "error",
    detail: [open ? "open" : "closed", ...notes].join("; "),
    danglingRows: dangling,
  };
}
