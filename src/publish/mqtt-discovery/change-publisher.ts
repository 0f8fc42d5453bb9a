// Publishes a payload only when it differs from the last one sent on that topic.
import type { MqttConnection, MqttPublishOptions } from "../../mqtt/mqtt-connection.js";

export interface ChangePublisher {
  /**
   * Sends unless the topic's last sent payload is the same (or `force`), or `mayPublish` says no;
   * true when something was sent.
   */
  publish(topic: string, payload: string, options: MqttPublishOptions, force?: boolean): Promise<boolean>;
  /** Forgets a topic, so its next payload is sent whatever it is. */
  forget(topic: string): void;
  /** Messages actually sent, for status. */
  sent(): number;
}

/** `mayPublish`: asked before every message, so a job half way stops the moment another instance publishes. */
export function createChangePublisher(
  connection: MqttConnection,
  mayPublish: () => boolean = () => true,
): ChangePublisher {
  const last = new Map<string, string>();
  let count = 0;
  return {
    async publish(topic, payload, options, force = false) {
      if (!mayPublish()) return false;
      if (!force && last.get(topic) === payload) return false;
      // Remembered only once the broker has it: a failed publish is retried by the next refresh.
      last.delete(topic);
      await connection.publish(topic, payload, options);
      last.set(topic, payload);
      count++;
      return true;
    },
    forget(topic) {
      last.delete(topic);
    },
    sent: () => count,
  };
}
