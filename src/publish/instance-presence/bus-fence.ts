// The fence on Home Assistant's own bus: an instance the broker's election made publish says so there, and one cut off from the broker hears it.
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { HaCommandError } from "../../sources/ha/ha-connection.js";
import type { WriteGate } from "../write-gate.js";
import {
  type BusAnnouncementKind,
  busAnnouncementData,
  INSTANCE_EVENT_TYPE,
  parseBusAnnouncement,
} from "./bus-announcement.js";
import type { InstanceIdentity } from "./presence-message.js";

/** Home Assistant's bus as the fence uses it: the websocket every instance of the home shares. */
export interface InstanceBus {
  /** fire_event; throws HaCommandError when Home Assistant is not connected. */
  fire(eventType: string, data: Record<string, unknown>): Promise<void>;
  /** The data of each INSTANCE_EVENT_TYPE event Home Assistant delivers, this instance's own included. */
  onAnnouncement(listener: (data: unknown) => void): () => void;
  /** After every (re)connect to Home Assistant. */
  onConnected(listener: () => void): () => void;
}

/** What the fence needs of the instance presence. */
export interface FencedPresence {
  isOpen(): boolean;
  onChange(fn: (open: boolean) => void): () => void;
  writeGate: WriteGate;
  supersede(by: InstanceIdentity): void;
  askOnBus(answerWithinMs: number): void;
}

export interface BusFenceDeps {
  bus: InstanceBus;
  presence: FencedPresence;
  self: InstanceIdentity;
  logger: Logger;
}

/**
 * How long an instance that asked on Home Assistant's bus holds what it would write: the answer is
 * two round trips over the websocket; without one it is alone and writes as before.
 */
export const BUS_ANSWER_WITHIN_MS = 5_000;

export interface BusFence {
  start(): void;
  stop(): void;
}

/**
 * The broker's Last Will lets a standby take over from a publisher that lost the broker, but that
 * publisher keeps writing Home Assistant events, Redis and Neo4j, which need no broker. So the
 * instance whose gate opens says so on Home Assistant's bus, and every other instance that hears
 * it stops writing until the broker's election makes it publish again. An instance that writes
 * without the broker asks after each reconnect to Home Assistant (it may have missed the news),
 * holding what it would write until the publishing one answers, or BUS_ANSWER_WITHIN_MS.
 * start() must come before the writers listen to Home Assistant's connects.
 */
export function createBusFence(deps: BusFenceDeps): BusFence {
  const { bus, presence, self } = deps;
  const logger = deps.logger.child("bus-fence");
  const unlisten: (() => void)[] = [];
  let running = false;
  let warnedUnreadable = false;

  function announce(kind: BusAnnouncementKind): void {
    bus.fire(INSTANCE_EVENT_TYPE, busAnnouncementData(kind, self)).catch((err) => {
      if (!running) return;
      const disconnected =
        err instanceof HaCommandError && (err.code === "not_connected" || err.code === "connection_lost");
      // Said again after the next connect to Home Assistant, where it matters.
      if (disconnected) logger.info("Home Assistant not connected; announcing on its bus once it is back", { kind });
      else
        logger.warn("Home Assistant refused this instance's announcement on its bus", {
          kind,
          error: errorMessage(err),
        });
    });
  }

  function onAnnouncement(data: unknown): void {
    let announcement: ReturnType<typeof parseBusAnnouncement>;
    try {
      announcement = parseBusAnnouncement(data);
    } catch (err) {
      if (!warnedUnreadable) {
        warnedUnreadable = true;
        logger.warn(`ignoring an unreadable ${INSTANCE_EVENT_TYPE} event`, { error: errorMessage(err) });
      }
      return;
    }
    const { kind, instance } = announcement;
    if (instance.id === self.id && instance.run === self.run) return;
    if (kind === "publishing") presence.supersede(instance);
    else if (presence.isOpen()) announce("publishing");
  }

  return {
    start() {
      if (running) return;
      running = true;
      unlisten.push(
        bus.onAnnouncement((data) => {
          if (running) onAnnouncement(data);
        }),
        bus.onConnected(() => {
          if (!running) return;
          if (presence.isOpen()) announce("publishing");
          else if (presence.writeGate.mode() === "write") {
            // Held before anything is fired: the fence listens to the connect before the writers.
            presence.askOnBus(BUS_ANSWER_WITHIN_MS);
            announce("roll_call");
          }
        }),
        presence.onChange((open) => {
          if (running && open) announce("publishing");
        }),
      );
    },
    stop() {
      running = false;
      for (const off of unlisten.splice(0)) off();
    },
  };
}
