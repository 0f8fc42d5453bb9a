// The household facts suggestions need (entity names, people), read from the registry at the moment of asking.
import { outsideTemperatureUnit } from "../../detectors/contextual/outside-temperature-unit.js";
import { entityName } from "../../detectors/scoring/wording.js";
import { OUTSIDE_TEMPERATURE } from "../../layers/kinds/contextual-daily.js";
import type { RegistryStore } from "../../storage/registry-store.js";
import type { SuggestionContext } from "./automation-draft.js";

export function suggestionContextFrom(registry: RegistryStore): SuggestionContext {
  const entities = registry
    .listEntities()
    .filter((e) => !e.disabled)
    .map((e) => e.entityId)
    .sort();
  return {
    nameOf: (entity) => entityName(entity, registry),
    deviceClassOf: (entity) => registry.deviceClassOf(entity),
    people: entities.filter((e) => e.startsWith("person.")),
    weatherEntities: entities.filter((e) => e.startsWith("weather.")),
    outsideTemperatureSensors: entities.filter((e) => OUTSIDE_TEMPERATURE.test(e)),
    outsideTemperatureUnit: outsideTemperatureUnit(registry),
  };
}
