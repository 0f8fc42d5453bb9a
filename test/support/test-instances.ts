// The two Home Patterns instances the two-instance tests meet on one broker (the old host, still
// running, and the new one a backup was restored on), and the presence connection each opens.
import { createMqttConnection, type MqttConnection } from "../../src/mqtt/mqtt-connection.js";
import { type InstanceIdentity, presenceWill } from "../../src/publish/instance-presence/presence-message.js";

export function oldHostInstance(startedAt: number, version = "0.1.0"): InstanceIdentity {
  return { id: "a1a1a1a1a1a1", run: "0000aaaa", host: "old-nuc", version, startedAt };
}

export function newHostInstance(startedAt: number, version = "0.1.0"): InstanceIdentity {
  return { id: "b2b2b2b2b2b2", run: "0000bbbb", host: "new-pi", version, startedAt };
}

/** The presence's own connection, with the Last Will that deletes the instance's presence. */
export function presenceConnectionOf(
  brokerUrl: string,
  self: InstanceIdentity,
  options: { clientId?: string; reconnectPeriodMs?: number } = {},
): MqttConnection {
  return createMqttConnection(brokerUrl, {
    clientId: options.clientId ?? `hp-presence-${self.run}`,
    will: presenceWill(self),
    reconnectPeriodMs: options.reconnectPeriodMs ?? 60_000,
  });
}
