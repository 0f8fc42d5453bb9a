// What this instance sends on the broker for the presence protocol: its presence, the roll call, deletions.
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { MqttConnection } from "../../mqtt/mqtt-connection.js";
import {
  formatPresence,
  type InstanceIdentity,
  PRESENCE_PUBLISH,
  type PresenceRole,
  presenceTopic,
  ROLL_CALL_TOPIC,
} from "./presence-message.js";

/** Sends without waiting: a failure is logged, and once stopped (isRunning false) not even that. */
export interface PresenceSender {
  /** Our presence with this role; returns the payload, whose echo shows the broker has it. */
  presence(role: PresenceRole): string;
  /** Asks every other live instance to publish its presence again. */
  rollCall(): void;
  /** Deletes another instance's presence taken as left over. */
  deleteLeftOver(topic: string): void;
}

export function createPresenceSender(
  connection: MqttConnection,
  self: InstanceIdentity,
  logger: Logger,
  isRunning: () => boolean,
): PresenceSender {
  const ownTopic = presenceTopic(self);
  return {
    presence(role) {
      const payload = formatPresence({ ...self, role });
      connection.publish(ownTopic, payload, PRESENCE_PUBLISH).catch((err) => {
        if (isRunning()) logger.warn("cannot publish this instance's presence", { error: errorMessage(err) });
      });
      return payload;
    },
    rollCall() {
      connection.publish(ROLL_CALL_TOPIC, self.run, { retain: false, qos: 1 }).catch((err) => {
        if (isRunning()) logger.warn("cannot ask the other instances to answer", { error: errorMessage(err) });
      });
    },
    deleteLeftOver(topic) {
      connection.publish(topic, "", PRESENCE_PUBLISH).catch((err) => {
        logger.warn("cannot delete a left-over presence", { topic, error: errorMessage(err) });
      });
    },
  };
}
