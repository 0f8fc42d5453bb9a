// This instance and the others on the broker as the presence protocol knows them: the snapshot /api/health shows.
import type { InstanceIdentity, InstancePresence, PresenceRole } from "./presence-message.js";

export interface InstancePresenceStatus extends InstanceIdentity {
  role: PresenceRole;
  /** The other instances on the broker, the publishing one first. */
  others: InstancePresence[];
}

/** `open`: this instance publishes; `announced`: what its retained presence says. */
export function presenceStatus(
  self: InstanceIdentity,
  others: Iterable<InstancePresence>,
  open: boolean,
  announced: PresenceRole,
): InstancePresenceStatus {
  const sorted = [...others].sort(
    (a, b) => Number(b.role === "publishing") - Number(a.role === "publishing") || a.startedAt - b.startedAt,
  );
  return { ...self, role: open ? "publishing" : announced === "standby" ? "standby" : "starting", others: sorted };
}
