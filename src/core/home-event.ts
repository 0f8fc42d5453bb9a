// The one event type every source produces and every layer consumes.

/** A normalized state change of one entity, as stored in L1. Times are epoch milliseconds. */
export interface HomeEvent {
  /** When the state changed (Home Assistant's last_changed), epoch ms. */
  ts: number;
  /** Home Assistant style entity id, e.g. "light.kitchen". MQTT devices map to "<domain>.<object>". */
  entity: string;
  /** The new state as a string ("on", "off", "21.5", "unavailable"). */
  state: string;
  /** The state before this change, when known. */
  previous?: string;
  /** Id of the Home Assistant user who caused it (context.user_id), when known. */
  user?: string;
  /**
   * Parent context id (context.parent_id). Set when an automation or script caused the change:
   * such an event is not a manual habit. A script a person ran has no parent in Home Assistant;
   * the HA source sets its own context id here instead.
   */
  parent?: string;
  /** Context id of the change, when the source has one. */
  context?: string;
  /** Which source produced it: "ha", "mqtt", "simulator", "import:csv", ... */
  source: string;
  /**
   * The device_class of the state's attributes ("door", "motion"), when the source had them.
   * Kept per entity (how its states are put in words), never per stored event.
   */
  deviceClass?: string;
  /**
   * The unit_of_measurement of the state's attributes ("°C", "W", "%"), when the source had them.
   * Kept per entity (how its numeric states are shown), never per stored event.
   */
  unit?: string;
}

/** The domain part of an entity id ("light" for "light.kitchen"). */
export function domainOf(entity: string): string {
  const dot = entity.indexOf(".");
  return dot < 0 ? entity : entity.slice(0, dot);
}

/** True when the event was caused by an automation or script rather than a person or device. */
export function isAutomated(event: HomeEvent): boolean {
  return event.parent !== undefined && event.parent !== null && event.parent !== "";
}

/** States that mean "no information" rather than a real state. */
export const NON_STATES: ReadonlySet<string> = new Set(["unavailable", "unknown", ""]);

/** Orders events by time, then entity, so every path sees the same order. */
export function compareEvents(a: HomeEvent, b: HomeEvent): number {
  return a.ts - b.ts || (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0);
}
