// This instance and the others on the broker as the presence protocol knows them: the snapshot /api/health shows.
import type { InstanceIdentity, InstancePresence, PresenceRole } from "./presence-message.js";

/**
 * connecting: not reached yet since the start, nothing decided; connected; disconnected: lost
 * after a decision, or given up on at the start (then the instance writes as if alone).
 */
export type BrokerState = "connecting" | "connected" | "disconnected";

export interface InstancePresenceStatus extends InstanceIdentity {
  role: PresenceRole;
  /** The other instances on the broker, the publishing one first. */
  others: InstancePresence[];
  broker: BrokerState;
}

export interface PresenceFacts {
  /** This instance publishes. */
  open: boolean;
  /** What its retained presence says. */
  announced: PresenceRole;
  broker: BrokerState;
  /** The instance whose announcement on Home Assistant's bus fenced this one, while it does. */
  supersededBy: InstanceIdentity | null;
}

export function presenceStatus(
  self: InstanceIdentity,
  others: Iterable<InstancePresence>,
  facts: PresenceFacts,
): InstancePresenceStatus {
  const { open, announced, broker, supersededBy } = facts;
  const listed = [...others];
  // Cut off from the broker, the fenced instance still knows from Home Assistant's bus who publishes.
  if (supersededBy && !listed.some((o) => o.id === supersededBy.id && o.run === supersededBy.run))
    listed.push({ ...supersededBy, role: "publishing" });
  const sorted = listed.sort(
    (a, b) => Number(b.role === "publishing") - Number(a.role === "publishing") || a.startedAt - b.startedAt,
  );
  const role = open ? "publishing" : announced === "standby" || supersededBy ? "standby" : "starting";
  return { ...self, role, others: sorted, broker };
}
