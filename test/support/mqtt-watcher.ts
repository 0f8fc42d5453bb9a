// A second MQTT client that records what the service publishes, the way Home Assistant's MQTT integration sees it.
import { connectMqtt, type MqttConnection } from "../../src/mqtt/mqtt-connection.js";

export interface SeenMessage {
  topic: string;
  payload: string;
  /** True when the broker replayed it as a retained message on subscribe. */
  retain: boolean;
  at: number;
}

export interface MqttWatcher {
  /** Every message in arrival order. */
  readonly messages: SeenMessage[];
  /** The latest message per topic (an empty payload, a removal, included). */
  latest(topic: string): SeenMessage | undefined;
  topics(pattern: RegExp): string[];
  close(): Promise<void>;
}

export async function watchMqtt(url: string, filters: string[]): Promise<MqttWatcher> {
  const connection: MqttConnection = await connectMqtt(url, {
    clientId: `hp-test-watcher-${Math.random().toString(16).slice(2, 8)}`,
  });
  const messages: SeenMessage[] = [];
  const byTopic = new Map<string, SeenMessage>();
  connection.onMessage((m) => {
    const seen = { topic: m.topic, payload: m.payload.toString("utf8"), retain: m.retain, at: Date.now() };
    messages.push(seen);
    byTopic.set(m.topic, seen);
  });
  for (const filter of filters) await connection.subscribe(filter);
  return {
    messages,
    latest: (topic) => byTopic.get(topic),
    topics: (pattern) => [...byTopic.keys()].filter((t) => pattern.test(t) && byTopic.get(t)!.payload !== "").sort(),
    close: () => connection.close(),
  };
}

/**
 * What a client subscribing now gets replayed: the broker's retained messages under the filters.
 * The broker queues them when the subscription is made, so a marker published afterwards to this
 * client arrives after all of them: no waiting on a timer.
 */
export async function readRetained(
  url: string,
  filters: string[],
  timeoutMs = 5_000,
): Promise<Map<string, SeenMessage>> {
  const marker = `hp-test/marker/${Math.random().toString(16).slice(2, 10)}`;
  const connection = await connectMqtt(url, { clientId: `hp-test-retained-${marker.slice(-8)}` });
  const retained = new Map<string, SeenMessage>();
  try {
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the marker ${marker} did not come back in ${timeoutMs} ms`)),
        timeoutMs,
      );
      connection.onMessage((m) => {
        if (m.topic === marker) {
          clearTimeout(timer);
          resolve();
        } else if (m.retain) {
          retained.set(m.topic, { topic: m.topic, payload: m.payload.toString("utf8"), retain: true, at: Date.now() });
        }
      });
    });
    for (const filter of [...filters, marker]) await connection.subscribe(filter);
    await connection.publish(marker, "end", { qos: 1 });
    await done;
  } finally {
    await connection.close();
  }
  return retained;
}
