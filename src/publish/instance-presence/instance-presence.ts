// Which of several Home Patterns instances on one broker publishes to Home Assistant: the first claim the broker delivers.
import type { Clock } from "../../core/clock.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { MqttConnection } from "../../mqtt/mqtt-connection.js";
import type { PublishingGate } from "../mqtt-discovery/publishing-gate.js";
import type { WriteGate } from "../write-gate.js";
import {
  type InstanceIdentity,
  PRESENCE_FILTER,
  PRESENCE_PUBLISH,
  presenceTopic,
  ROLL_CALL_TOPIC,
} from "./presence-message.js";
import { createPresenceProtocol } from "./presence-protocol.js";
import type { InstancePresenceStatus } from "./presence-status.js";

export type { InstancePresenceStatus } from "./presence-status.js";

/**
 * How long a presence the broker replays (retained) may go without its instance answering the roll
 * call before it is taken as left over (a broker restarted with persistence keeps presences whose
 * Last Will it never sent). Long enough for an instance busy with a rollup on a small board.
 */
export const CONFIRM_WITHIN_MS = 30_000;

export interface InstancePresenceDeps {
  /** A connection of its own, created with presenceWill(self): this Will must not touch the entities' availability. */
  connection: MqttConnection;
  self: InstanceIdentity;
  clock: Clock;
  logger: Logger;
  confirmWithinMs?: number;
}

export interface InstancePresenceService extends PublishingGate {
  /** Subscribes to the others' presence; announces this one at every connect. */
  start(): Promise<void>;
  /** Deletes this instance's presence (the others take over at once) and closes the gate. */
  stop(): Promise<void>;
  status(): InstancePresenceStatus;
  /**
   * Whether to write what every instance would write alike (Home Assistant events, Redis, Neo4j).
   * Those need no broker: unlike the entities' gate, the last decision holds while it is away.
   */
  writeGate: WriteGate;
  /**
   * Another instance announced on Home Assistant's bus that the broker's election made it publish
   * (bus-fence.ts): this one stops writing to the write gate's targets until the election opens its
   * gate again. The fence that needs no broker: a publisher cut off from it hears the takeover here.
   */
  supersede(by: InstanceIdentity): void;
  /** A roll call went out on Home Assistant's bus: holds what would be written until an answer, or answerWithinMs. */
  askOnBus(answerWithinMs: number): void;
}

/** The protocol (presence-protocol.ts) on its own connection: subscribes at start, deletes the presence at stop. */
export function createInstancePresence(deps: InstancePresenceDeps): InstancePresenceService {
  const { connection, self } = deps;
  const logger = deps.logger.child("instance-presence");
  const protocol = createPresenceProtocol({
    connection,
    self,
    clock: deps.clock,
    logger,
    confirmWithinMs: deps.confirmWithinMs ?? CONFIRM_WITHIN_MS,
  });
  const unlisten: (() => void)[] = [];

  return {
    isOpen: protocol.isOpen,

    writeGate: {
      mode: protocol.writeMode,
      onChange: protocol.onModeChange,
    },

    onChange: protocol.onOpenChange,

    async start() {
      if (protocol.running()) throw new Error("the instance presence is already started");
      protocol.begin();
      unlisten.push(connection.onMessage(protocol.onMessage), connection.onDisconnect(protocol.onDisconnect));
      for (const topic of [PRESENCE_FILTER, ROLL_CALL_TOPIC]) {
        // Renewed by the connection at every connect: a failure now is not final.
        await connection.subscribe(topic).catch((err) => {
          logger.error("instance presence subscribe failed", { topic, error: errorMessage(err) });
        });
      }
      unlisten.push(connection.onConnect(protocol.announce));
      protocol.waitForBroker();
      logger.info("instance presence started", { instance: self.id, run: self.run, host: self.host });
    },

    async stop() {
      if (!protocol.running()) return;
      for (const off of unlisten.splice(0)) off();
      protocol.end();
      try {
        // Deleted rather than marked offline: nothing of this run is left on the broker.
        if (connection.connected) await connection.publish(presenceTopic(self), "", PRESENCE_PUBLISH);
        await connection.unsubscribe(PRESENCE_FILTER);
        await connection.unsubscribe(ROLL_CALL_TOPIC);
      } catch (err) {
        logger.warn("could not delete this instance's presence", { error: errorMessage(err) });
      }
    },

    status: protocol.status,
    supersede: protocol.supersede,
    askOnBus: protocol.askOnBus,
  };
}
