// One sensor per area: activity now as a percentage of its usual level for this hour of the week.
import type { AreaActivityState } from "../ha-state-snapshot.js";
import { type DiscoveredComponent, entityBase, stateKeys, UNKNOWN_STATE } from "./discovered-component.js";
import type { DiscoveryIdentity } from "./discovery-device.js";
import { objectIdPart } from "./discovery-topics.js";

/** Keyed by the HA area id, never its name: renaming an area keeps the entity and its history. */
export function areaActivityObjectId(areaId: string): string {
  return `area_${objectIdPart(areaId)}_activity`;
}

export function areaActivitySensor(identity: DiscoveryIdentity, area: AreaActivityState): DiscoveredComponent {
  const objectId = areaActivityObjectId(area.areaId);
  return {
    component: "sensor",
    objectId,
    config: {
      ...entityBase(identity, "sensor", objectId, `${area.name} activity`),
      ...stateKeys(objectId, true),
      unit_of_measurement: "%",
      state_class: "measurement",
      icon: "mdi:home-analytics",
    },
    // Nothing is usual at this hour: a percentage of zero has no meaning, so the state is unknown.
    state: area.percentOfUsual === null ? UNKNOWN_STATE : String(area.percentOfUsual),
    attributes: { area_id: area.areaId, current: area.current, usual: area.usual },
  };
}
