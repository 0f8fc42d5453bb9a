// Every entity Home Patterns announces for one snapshot, in the order they are published.
import type { HaStateSnapshot } from "../ha-state-snapshot.js";
import { areaActivitySensor } from "./area-components.js";
import type { DiscoveredComponent } from "./discovered-component.js";
import type { DiscoveryIdentity } from "./discovery-device.js";
import { nextActionSensor } from "./prediction-components.js";
import { routineNextSensor, routineObjectIds } from "./routine-components.js";
import {
  activePatternsSensor,
  anomalies24hSensor,
  anomalyEventEntity,
  anomalyOpenBinarySensor,
  deviceProblemBinarySensor,
  eventsPerHourSensor,
  quietAutomationsSensor,
  serviceProblemBinarySensor,
  storageUsedSensor,
} from "./summary-components.js";

export function publishedComponents(identity: DiscoveryIdentity, snapshot: HaStateSnapshot): DiscoveredComponent[] {
  const routineIds = routineObjectIds(snapshot.routines);
  return [
    activePatternsSensor(identity, snapshot),
    anomalies24hSensor(identity, snapshot),
    storageUsedSensor(identity, snapshot),
    eventsPerHourSensor(identity, snapshot),
    anomalyOpenBinarySensor(identity, snapshot),
    serviceProblemBinarySensor(identity, snapshot),
    anomalyEventEntity(identity),
    deviceProblemBinarySensor(identity, snapshot),
    quietAutomationsSensor(identity, snapshot),
    nextActionSensor(identity, snapshot),
    ...snapshot.areas.map((area) => areaActivitySensor(identity, area)),
    ...snapshot.routines.map((routine, i) => routineNextSensor(identity, routine, routineIds[i])),
  ];
}
