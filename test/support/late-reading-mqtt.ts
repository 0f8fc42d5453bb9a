// An MQTT connection whose reader is busy (a blocked event loop): what the broker sends waits,
// unread, until release(), so the reader's timers and its other work can run first.
import type { MqttConnection, MqttMessage } from "../../src/mqtt/mqtt-connection.js";

export interface LateReadingMqtt {
  connection: MqttConnection;
  /** Received from the broker and not yet read, oldest first. */
  held: MqttMessage[];
  /** Reads what is held, in order, and everything after it at once. */
  release(): void;
}

export function readingLate(real: MqttConnection): LateReadingMqtt {
  const held: MqttMessage[] = [];
  const listeners = new Set<(message: MqttMessage) => void>();
  let holding = true;
  real.onMessage((message) => {
    if (holding) held.push(message);
    else for (const fn of listeners) fn(message);
  });
  const connection: MqttConnection = Object.assign(Object.create(real) as MqttConnection, {
    onMessage: (fn: (message: MqttMessage) => void) => {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
  });
  return {
    connection,
    held,
    release() {
      holding = false;
      for (const message of held.splice(0)) for (const fn of listeners) fn(message);
    },
  };
}
