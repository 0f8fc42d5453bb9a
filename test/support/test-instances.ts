// The two Home Patterns instances the two-instance tests meet on one broker: the old host, still
// running, and the new one a backup was restored on.
import type { InstanceIdentity } from "../../src/publish/instance-presence/presence-message.js";

export function oldHostInstance(startedAt: number, version = "0.1.0"): InstanceIdentity {
  return { id: "a1a1a1a1a1a1", run: "0000aaaa", host: "old-nuc", version, startedAt };
}

export function newHostInstance(startedAt: number, version = "0.1.0"): InstanceIdentity {
  return { id: "b2b2b2b2b2b2", run: "0000bbbb", host: "new-pi", version, startedAt };
}
