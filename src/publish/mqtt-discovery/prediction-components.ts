// The next-action sensor: what a person will most likely operate next, the ranked list in its attributes for a dashboard.
import type { HaStateSnapshot } from "../ha-state-snapshot.js";
import { type DiscoveredComponent, entityBase, stateKeys } from "./discovered-component.js";
import type { DiscoveryIdentity } from "./discovery-device.js";

export function nextActionSensor(identity: DiscoveryIdentity, snapshot: HaStateSnapshot): DiscoveredComponent {
  const objectId = "next_action";
  const [first] = snapshot.nextActions;
  return {
    component: "sensor",
    objectId,
    config: {
      ...entityBase(identity, "sensor", objectId, "Next action"),
      ...stateKeys(objectId, true),
      icon: "mdi:gesture-tap-button",
    },
    // The name people know the device by; "none" until a month of actions has been rolled up.
    state: first ? first.name : "none",
    attributes: {
      entity_id: first ? first.entity : null,
      actions: snapshot.nextActions.map((a) => ({
        entity_id: a.entity,
        name: a.name,
        probability: a.probability,
        reason: a.reason,
      })),
    },
  };
}
