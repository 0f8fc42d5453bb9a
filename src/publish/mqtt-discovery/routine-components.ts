// One timestamp sensor per top routine: when it is expected to happen next.
import type { RoutineState } from "../ha-state-snapshot.js";
import { type DiscoveredComponent, entityBase, stateKeys, UNKNOWN_STATE } from "./discovered-component.js";
import type { DiscoveryIdentity } from "./discovery-device.js";
import { shortHash } from "./discovery-topics.js";

const MAX_NAME_LENGTH = 60;

/** Keyed by a hash of the pattern's stable key: keys hold entity ids and punctuation, and may be long. */
export function routineObjectId(patternKey: string): string {
  return `routine_${shortHash(patternKey)}`;
}

export function routineNextSensor(identity: DiscoveryIdentity, routine: RoutineState): DiscoveredComponent {
  const objectId = routineObjectId(routine.key);
  return {
    component: "sensor",
    objectId,
    config: {
      ...entityBase(identity, "sensor", objectId, `Next: ${shorten(routine.summary)}`),
      ...stateKeys(objectId, true),
      device_class: "timestamp",
      icon: "mdi:calendar-clock",
    },
    state: routine.nextExpected ?? UNKNOWN_STATE,
    attributes: { pattern_key: routine.key, summary: routine.summary },
  };
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= MAX_NAME_LENGTH ? oneLine : `${oneLine.slice(0, MAX_NAME_LENGTH - 1).trimEnd()}…`;
}
