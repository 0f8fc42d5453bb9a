// Runs the store contracts against the SQLite and in-memory implementations.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { createMemoryLogger } from "../../src/core/logger.js";
import { openSqliteStores, type SqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { MemoryEventStore } from "../support/memory/memory-event-store.js";
import { MemoryRegistryStore } from "../support/memory/memory-registry-store.js";
import { eventStoreContract } from "./event-store.contract.js";
import { registryStoreContract } from "./registry-store.contract.js";

const opened: SqliteStores[] = [];
function sqlite(): SqliteStores {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-store-"));
  const stores = openSqliteStores({ dataDir: dir, logger: createMemoryLogger(), now: () => 0 });
  opened.push(stores);
  return stores;
}
afterAll(() =>
  opened.forEach((s) => {
    s.close();
  }),
);

eventStoreContract("sqlite", () => sqlite().events);
eventStoreContract("memory", () => new MemoryEventStore());
registryStoreContract("sqlite", () => sqlite().registry);
registryStoreContract("memory", () => new MemoryRegistryStore());
