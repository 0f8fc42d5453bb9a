// What is only ours to watch while we publish: our retained configs and the availability.
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { MqttConnection } from "../../mqtt/mqtt-connection.js";
import { AVAILABILITY_TOPIC, ownConfigFilter } from "./discovery-topics.js";

export interface PublishingSubscriptions {
  readonly topics: readonly string[];
  /** Taking over (or starting with the gate open). */
  subscribe(): Promise<void>;
  /** Another instance publishes: its configs and availability are not ours to judge. */
  unsubscribe(): void;
}

/** `prefix`: the normalized discovery prefix; `setLastError` hears of a failed subscribe. */
export function createPublishingSubscriptions(
  connection: MqttConnection,
  prefix: string,
  logger: Logger,
  setLastError: (text: string) => void,
): PublishingSubscriptions {
  const topics = [ownConfigFilter(prefix), AVAILABILITY_TOPIC];
  return {
    topics,
    async subscribe() {
      for (const topic of topics) {
        // The connection renews the subscription on every connect, so a failure now is not final;
        // one cut short by the connection closing (a broker restarting) is not even worth a word.
        await connection.subscribe(topic).catch((err) => {
          if (!connection.connected) return;
          setLastError(errorMessage(err));
          logger.error("mqtt discovery subscribe failed", { topic, error: errorMessage(err) });
        });
      }
    },
    unsubscribe() {
      for (const topic of topics) {
        void connection.unsubscribe(topic).catch((err) => {
          // The connection closed meanwhile (a broker restarting closes the gate too): it renews
          // only the subscriptions still wanted, so this one is gone all the same.
          if (connection.connected)
            logger.warn("mqtt discovery unsubscribe failed", { topic, error: errorMessage(err) });
        });
      }
    },
  };
}
