// The household facts suggestions need (entity names, people), read from the registry at the moment of asking.
import { entityName } from "../../detectors/scoring/wording.js";
import type { RegistryStore } from "../../storage/registry-store.js";
import type { SuggestionContext } from "./automation-draft.js";

export function suggestionContextFrom(registry: RegistryStore): SuggestionContext {
  const people = registry
    .listEntities()
    .filter((e) => e.entityId.startsWith("person.") && !e.disabled)
    .map((e) => e.entityId)
    .sort();
  return { nameOf: (entity) => entityName(entity, registry), people };
}
