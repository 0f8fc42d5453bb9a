// The instance presence as /api/health shows it: this instance and the others on the MQTT broker.
import type { InstancePresenceStatus } from "../publish/instance-presence/instance-presence.js";
import type { InstancePresence } from "../publish/instance-presence/presence-message.js";
import type { InstanceSummary, InstancesHealth } from "../web/api-types.js";

export function instancesHealth(status: InstancePresenceStatus): InstancesHealth {
  return { self: summary(status), others: status.others.map(summary), broker: status.broker };
}

// The run id stays out: it only tells two runs of one data dir apart on the broker.
function summary(p: InstancePresence): InstanceSummary {
  return { id: p.id, host: p.host, version: p.version, startedAt: p.startedAt, role: p.role };
}
