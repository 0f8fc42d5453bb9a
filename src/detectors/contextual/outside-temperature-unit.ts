// The unit the outside temperature is told in: the outside temperature sensor's own, as Home Assistant shows it.
import { OUTSIDE_TEMPERATURE } from "../../layers/kinds/contextual-daily.js";
import type { RegistryStore } from "../../storage/registry-store.js";

/** What contextual_daily's 5-degree buckets were first made for, and what a sensor without a known unit is read in. */
const ASSUMED = "°C";

/**
 * The unit of the outside temperature sensor (the first by entity id, the one a suggested
 * automation triggers on), whose readings the temperature buckets hold: thresholds are in it, so
 * a sensor in °F gives "below 40 °F". "°C" while no such sensor names a unit.
 */
export function outsideTemperatureUnit(registry: Pick<RegistryStore, "listEntities" | "unitOf">): string {
  const sensor = registry
    .listEntities()
    .filter((e) => !e.disabled && OUTSIDE_TEMPERATURE.test(e.entityId))
    .map((e) => e.entityId)
    .sort()[0];
  return (sensor && registry.unitOf(sensor)) || ASSUMED;
}
