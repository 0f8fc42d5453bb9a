// Worker thread: measures bytes per table with dbstat on its own read-only connection, off the service's event loop.
import { parentPort, workerData } from "node:worker_threads";
import { openSqlite } from "./sqlite-database.js";
import { tableBytes } from "./sqlite-space.js";

const db = openSqlite({ file: (workerData as { file: string }).file, readonly: true });
try {
  parentPort?.postMessage([...(tableBytes(db) ?? new Map<string, number>())]);
} finally {
  db.close();
}
