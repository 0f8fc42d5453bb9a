// A registry that never takes in entities the include/exclude options leave out: excluded means not stored at all.
import type { RegistryStore } from "../storage/registry-store.js";
import type { EntityFilter } from "./entity-filter.js";

/** Sources sync Home Assistant's registry through this; everything else reads and writes the store as is. */
export function excludingRegistry(store: RegistryStore, filter: EntityFilter): RegistryStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "upsertEntities") {
        return (entities: Parameters<RegistryStore["upsertEntities"]>[0]) =>
          target.upsertEntities(entities.filter((e) => filter(e.entityId)));
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
