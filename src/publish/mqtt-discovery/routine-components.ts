// One timestamp sensor per top routine: when it is expected to happen next.
import type { RoutineState } from "../ha-state-snapshot.js";
import { type DiscoveredComponent, entityBase, stateKeys, UNKNOWN_STATE } from "./discovered-component.js";
import type { DiscoveryIdentity } from "./discovery-device.js";

/**
 * Its entity, state and part of the day: short, readable, and the same for the routine's whole
 * life (its time, spread and counts change every night; a hash of the summary would move with
 * them). "light.kitchen" on weekday mornings → routine_light_kitchen_on_weekday_mornings.
 */
export function routineObjectId(routine: Pick<RoutineState, "entity" | "state" | "when">): string {
  return `routine_${slug(routine.entity)}_${slug(routine.state)}_${slug(routine.when)}`;
}

export function routineNextSensor(
  identity: DiscoveryIdentity,
  routine: RoutineState,
  objectId = routineObjectId(routine),
): DiscoveredComponent {
  return {
    component: "sensor",
    objectId,
    config: {
      ...entityBase(identity, "sensor", objectId, `Next ${routine.label}`),
      ...stateKeys(objectId, true),
      device_class: "timestamp",
      icon: "mdi:calendar-clock",
    },
    state: routine.nextExpected ?? UNKNOWN_STATE,
    attributes: { pattern_key: routine.key, summary: routine.summary },
  };
}

/**
 * Object ids for routines in publishing order: a second routine with the same entity, state and
 * part of day (two evening habits) gets "_2", and so on.
 */
export function routineObjectIds(routines: readonly RoutineState[]): string[] {
  const used = new Map<string, number>();
  return routines.map((r) => {
    const base = routineObjectId(r);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "") || "x"
  );
}
