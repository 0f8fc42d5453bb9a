// The MQTT presence of one running Home Patterns instance: its topic, its payload and its Last Will.
import type { MqttPublishOptions, MqttWill } from "../../mqtt/mqtt-connection.js";
import { ADDON_SLUG } from "../mqtt-discovery/discovery-topics.js";

/** Under our base but four levels deep: never mistaken for `home_patterns/<object_id>/state`. */
const PRESENCE_BASE = `${ADDON_SLUG}/instance/presence`;
/** Every instance's presence, retained: one topic per run. */
export const PRESENCE_FILTER = `${PRESENCE_BASE}/+`;
/** Not retained: each live instance answers by publishing its presence again. */
export const ROLL_CALL_TOPIC = `${ADDON_SLUG}/instance/roll_call`;

/** Presences are retained: an instance that subscribes learns of every other one at once. */
export const PRESENCE_PUBLISH: MqttPublishOptions = { retain: true, qos: 1 };

/** starting: deciding; standby: another instance publishes; publishing: this one announces to Home Assistant. */
export type PresenceRole = "starting" | "standby" | "publishing";
const ROLES: readonly string[] = ["starting", "standby", "publishing"];

/** Who a running instance is; `run` tells two runs of the same data dir (a restored copy) apart. */
export interface InstanceIdentity {
  /** Kept in the data dir across restarts. */
  id: string;
  /** New at every start. */
  run: string;
  host: string;
  version: string;
  /** Epoch ms. */
  startedAt: number;
}

export interface InstancePresence extends InstanceIdentity {
  role: PresenceRole;
}

export function presenceTopic(identity: Pick<InstanceIdentity, "id" | "run">): string {
  return `${PRESENCE_BASE}/${identity.id}-${identity.run}`;
}

export function isPresenceTopic(topic: string): boolean {
  return topic.startsWith(`${PRESENCE_BASE}/`) && topic.split("/").length === 4;
}

export function formatPresence(presence: InstancePresence): string {
  return JSON.stringify({
    id: presence.id,
    run: presence.run,
    host: presence.host,
    version: presence.version,
    started_at: new Date(presence.startedAt).toISOString(),
    role: presence.role,
  });
}

/** The presence in a payload; throws saying what is wrong with it. */
export function parsePresence(payload: string): InstancePresence {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    throw new Error(`not JSON: ${payload.slice(0, 80)}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new Error("not a JSON object");
  const o = raw as Record<string, unknown>;
  for (const key of ["id", "run", "host", "version", "started_at", "role"]) {
    if (typeof o[key] !== "string" || o[key] === "") throw new Error(`"${key}" is missing or not a text`);
  }
  const startedAt = Date.parse(o.started_at as string);
  if (Number.isNaN(startedAt)) throw new Error(`"started_at" is not a date: ${String(o.started_at)}`);
  if (!ROLES.includes(o.role as string)) throw new Error(`"role" is not one of ${ROLES.join(", ")}: ${String(o.role)}`);
  return {
    id: o.id as string,
    run: o.run as string,
    host: o.host as string,
    version: o.version as string,
    startedAt,
    role: o.role as PresenceRole,
  };
}

/**
 * The Last Will of an instance's presence connection: an empty retained message deletes its
 * presence, so an instance that crashed never keeps the others from taking over.
 */
export function presenceWill(identity: Pick<InstanceIdentity, "id" | "run">): MqttWill {
  return { topic: presenceTopic(identity), payload: "", retain: true, qos: 1 };
}
