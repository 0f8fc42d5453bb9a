// A registry for detector tests, built from the in-memory store with a few records.

import type { EntityRecord } from "../../../src/storage/registry-store.js";
import { MemoryRegistryStore } from "../../support/memory/memory-registry-store.js";

export function registryWith(entities: EntityRecord[], areas: string[] = []): MemoryRegistryStore {
  const registry = new MemoryRegistryStore();
  registry.upsertAreas(
    areas.map((areaId) => ({ areaId, name: areaId.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()) })),
  );
  registry.upsertEntities(entities);
  return registry;
}
