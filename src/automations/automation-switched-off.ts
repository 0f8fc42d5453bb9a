// Whether a user switched an automation off: its newest stored state change says "off".
import type { EventStore } from "../storage/event-store.js";

/**
 * An automation switched off in Home Assistant stops running on purpose; it is not "quiet".
 * Its on/off changes are ordinary state changes in L1, so the newest one kept tells; one
 * switched off longer ago than the raw retention is not known and may still be reported.
 */
export function automationSwitchedOff(events: Pick<EventStore, "lastEventTimes" | "query">) {
  return (automation: string): boolean => {
    const ts = events.lastEventTimes().get(automation);
    if (ts === undefined) return false;
    const newest = events.query({ from: ts, to: ts + 1, entities: [automation] }).at(-1);
    return newest?.state === "off";
  };
}
