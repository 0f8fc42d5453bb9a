// What an instance says about itself on Home Assistant's own bus, where every instance of one home listens without the broker.
import type { InstanceIdentity } from "./presence-message.js";

/** Fired over the websocket; every instance subscribes to it. */
export const INSTANCE_EVENT_TYPE = "home_patterns_instance";

/**
 * publishing: the broker's election made this instance publish (said when its gate opens, after
 * each reconnect to Home Assistant while it publishes, and in answer to a roll call); roll_call:
 * an instance that writes without the broker asks whether another one publishes.
 */
export type BusAnnouncementKind = "publishing" | "roll_call";
const KINDS: readonly string[] = ["publishing", "roll_call"];

export interface BusAnnouncement {
  kind: BusAnnouncementKind;
  instance: InstanceIdentity;
}

/** The event data: the presence's fields, so the log can name the other instance as the broker would. */
export function busAnnouncementData(kind: BusAnnouncementKind, self: InstanceIdentity): Record<string, unknown> {
  return {
    kind,
    id: self.id,
    run: self.run,
    host: self.host,
    version: self.version,
    started_at: new Date(self.startedAt).toISOString(),
  };
}

/** The announcement in an event's data; throws saying what is wrong with it. */
export function parseBusAnnouncement(data: unknown): BusAnnouncement {
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new Error("the data is not an object");
  const o = data as Record<string, unknown>;
  for (const key of ["kind", "id", "run", "host", "version", "started_at"]) {
    if (typeof o[key] !== "string" || o[key] === "") throw new Error(`"${key}" is missing or not a text`);
  }
  if (!KINDS.includes(o.kind as string)) throw new Error(`"kind" is not one of ${KINDS.join(", ")}: ${String(o.kind)}`);
  const startedAt = Date.parse(o.started_at as string);
  if (Number.isNaN(startedAt)) throw new Error(`"started_at" is not a date: ${String(o.started_at)}`);
  return {
    kind: o.kind as BusAnnouncementKind,
    instance: {
      id: o.id as string,
      run: o.run as string,
      host: o.host as string,
      version: o.version as string,
      startedAt,
    },
  };
}
