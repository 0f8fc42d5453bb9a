// Fires home_patterns_anomaly, home_patterns_pattern and home_patterns_health on Home Assistant's bus, holding them while HA is away; a standby instance fires none.
import type { AppEvents } from "../../app-events.js";
import { errorMessage } from "../../core/errors.js";
import type { TypedBus } from "../../core/event-bus.js";
import type { Logger } from "../../core/logger.js";
import { HaCommandError } from "../../sources/ha/ha-connection.js";
import { ALWAYS_WRITE, type WriteGate } from "../write-gate.js";
import {
  ANOMALY_EVENT_TYPE,
  anomalyEventData,
  automationQuietEventData,
  HEALTH_EVENT_TYPE,
  PATTERN_EVENT_TYPE,
  patternEventData,
  serviceHealthEventData,
} from "./ha-event-data.js";

/**
 * While HA is unreachable (a restart, Wi-Fi down) events wait in a queue of this many and go out
 * in order when it is back. Older ones give way to newer ones when it is full: each carries its
 * `ts`/`summary`, so a late event is still true, and a queue that grows without end would only
 * replay a flood into HA after a long outage. The drops are counted in status() and logged.
 * Delivery is at least once: an event whose connection broke mid-send is sent again.
 */
export const DEFAULT_MAX_QUEUED = 100;

export interface HaEventPublisherDeps {
  bus: TypedBus<AppEvents>;
  /** HaSource.fireEvent: fire_event over the add-on's websocket; throws HaCommandError when not connected. */
  fireEvent: (eventType: string, data: Record<string, unknown>) => Promise<void>;
  /** Subscribes to "the connection to Home Assistant is (re)established"; returns the unsubscribe. */
  onConnected: (listener: () => void) => () => void;
  logger: Logger;
  maxQueued?: number;
  /**
   * Which instance on the MQTT broker fires (the instance presence): a standby drops its events,
   * since the publishing instance fires the same ones. Absent: always fires.
   */
  gate?: WriteGate;
}

export interface HaEventPublisherStatus {
  sent: number;
  /** Waiting for Home Assistant to be reachable. */
  queued: number;
  /** Given up because the queue was full. */
  dropped: number;
  /** Refused by Home Assistant (not a connection problem); not retried. */
  failed: number;
  lastError: string | null;
  /** Not fired because another instance publishes to Home Assistant and fires its own. */
  skippedOnStandby: number;
}

export interface HaEventPublisher {
  start(): void;
  /** Stops listening; waits for an event being sent; what is still queued is not sent. */
  stop(): Promise<void>;
  status(): HaEventPublisherStatus;
}

interface QueuedEvent {
  eventType: string;
  data: Record<string, unknown>;
  /** Pattern events are replaced by a newer one for the same key: only the latest state matters. */
  patternKey?: string;
}

export function createHaEventPublisher(deps: HaEventPublisherDeps): HaEventPublisher {
  const logger = deps.logger.child("ha-events");
  const maxQueued = Math.max(1, deps.maxQueued ?? DEFAULT_MAX_QUEUED);
  const queue: QueuedEvent[] = [];
  const gate = deps.gate ?? ALWAYS_WRITE;
  const counts = { sent: 0, dropped: 0, failed: 0, skippedOnStandby: 0 };
  let lastError: string | null = null;
  let running = false;
  let sending: Promise<void> | undefined;
  /**
   * True from a send that failed for want of a connection until HA is connected again: events only
   * queue up meanwhile (no retry per event), and the disconnect is logged once.
   */
  let waiting = false;
  /** Counts (re)connects: a send that failed on an older connection is retried at once. */
  let connection = 0;
  let droppedWhileWaiting = 0;
  const unsubscribe: (() => void)[] = [];
  /** Quiet automations already announced: a finding whose wording changes later is not news again. */
  const announced = new Set<string>();

  const enqueue = (event: QueuedEvent) => {
    if (gate.mode() === "drop") {
      counts.skippedOnStandby++;
      return;
    }
    if (event.patternKey !== undefined) {
      // The head may be in flight; any copy behind it is simply superseded.
      const from = sending ? 1 : 0;
      const older = queue.findIndex((q, i) => i >= from && q.patternKey === event.patternKey);
      if (older >= 0) queue.splice(older, 1);
    }
    queue.push(event);
    while (queue.length > maxQueued) {
      // The head may be in flight right now; drop the oldest one behind it.
      queue.splice(sending ? 1 : 0, 1);
      counts.dropped++;
      droppedWhileWaiting++;
      if (droppedWhileWaiting === 1) {
        logger.warn("Home Assistant event queue full; dropping the oldest events until it is reachable", { maxQueued });
      }
    }
    if (!waiting) kick();
  };

  function kick(): void {
    if (!running || sending || queue.length === 0 || gate.mode() !== "write") return;
    sending = drain().finally(() => {
      sending = undefined;
    });
  }

  async function drain(): Promise<void> {
    // Asked before every event: another instance may take over half way.
    while (running && queue.length > 0 && gate.mode() === "write") {
      const head = queue[0];
      const sentOn = connection;
      try {
        await deps.fireEvent(head.eventType, head.data);
      } catch (err) {
        if (isDisconnected(err)) {
          lastError = errorMessage(err);
          // HA came back while this send was failing: the new connection takes it.
          if (sentOn !== connection) continue;
          logger.warn("Home Assistant not connected; holding events until it is back", { error: lastError });
          waiting = true;
          return;
        }
        queue.shift();
        counts.failed++;
        lastError = errorMessage(err);
        logger.error("Home Assistant refused an event", { eventType: head.eventType, error: lastError });
        continue;
      }
      queue.shift();
      counts.sent++;
      if (droppedWhileWaiting > 0) {
        logger.info("Home Assistant reachable again; older held events were dropped", { dropped: droppedWhileWaiting });
        droppedWhileWaiting = 0;
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      unsubscribe.push(
        deps.bus.on("anomaly", "ha-events", (anomaly) => {
          enqueue({ eventType: ANOMALY_EVENT_TYPE, data: anomalyEventData(anomaly) });
        }),
        deps.bus.on("patternsUpdated", "ha-events", ({ changed }) => {
          for (const pattern of changed) {
            const data = patternEventData(pattern);
            enqueue({ eventType: PATTERN_EVENT_TYPE, data, patternKey: pattern.key });
            const health = data.status === "active" ? automationQuietEventData(pattern) : undefined;
            if (health && !announced.has(pattern.key)) {
              announced.add(pattern.key);
              enqueue({ eventType: HEALTH_EVENT_TYPE, data: health });
            }
          }
        }),
        deps.bus.on("serviceHealth", "ha-events", (change) => {
          enqueue({ eventType: HEALTH_EVENT_TYPE, data: serviceHealthEventData(change) });
        }),
        deps.onConnected(() => {
          connection++;
          waiting = false;
          kick();
        }),
        gate.onChange((mode) => {
          if (mode === "write") {
            if (!waiting) kick();
            return;
          }
          if (mode === "hold") return;
          // The publishing instance fires its own of these; the head may be in flight.
          const skipped = queue.splice(sending ? 1 : 0);
          counts.skippedOnStandby += skipped.length;
          if (skipped.length > 0) {
            logger.info("another instance fires Home Assistant events: not firing the ones held here", {
              skipped: skipped.length,
            });
          }
        }),
      );
    },

    async stop() {
      running = false;
      for (const off of unsubscribe.splice(0)) off();
      await sending;
    },

    status() {
      return { ...counts, queued: queue.length, lastError };
    },
  };
}

function isDisconnected(err: unknown): boolean {
  return err instanceof HaCommandError && (err.code === "not_connected" || err.code === "connection_lost");
}
