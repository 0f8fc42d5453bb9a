// Writes every committed event and every anomaly to InfluxDB in batches, holding them while it is away.
import type { AppEvents } from "../../app-events.js";
import type { Clock } from "../../core/clock.js";
import type { TypedBus } from "../../core/event-bus.js";
import type { HomeEvent } from "../../core/home-event.js";
import type { Logger } from "../../core/logger.js";
import { type Backoff, DeliveryRejected, EngineOutbox, outboxDetail } from "../engine-outbox.js";
import type { EngineStatus } from "../engine-status.js";
import { type InfluxConnection, InfluxWriteError, toLineProtocol } from "./influx-connection.js";
import { anomalyPoint, eventPoint } from "./influx-points.js";

/** Points held while InfluxDB is away (a line is about 150 bytes: some 8 MB). */
export const DEFAULT_MAX_QUEUED_POINTS = 50_000;
export const DEFAULT_POINTS_PER_WRITE = 5_000;

export interface InfluxWriterDeps {
  connection: InfluxConnection;
  ingest: { onCommitted(name: string, fn: (events: readonly HomeEvent[]) => void): void };
  bus: TypedBus<AppEvents>;
  /** The entity's effective area (RegistryStore.areaOf), for the area tag. */
  areaOf: (entity: string) => string | null;
  clock: Clock;
  logger: Logger;
  maxQueuedPoints?: number;
  pointsPerWrite?: number;
  backoff?: Backoff;
}

export interface InfluxWriter {
  start(): void;
  /** Writes what is queued if InfluxDB is there; nothing more is accepted after. */
  stop(): Promise<void>;
  status(): EngineStatus;
}

export function createInfluxWriter(deps: InfluxWriterDeps): InfluxWriter {
  const { connection } = deps;
  const logger = deps.logger.child("influxdb");
  let running = false;
  const offs: (() => void)[] = [];
  const outbox = new EngineOutbox<string>({
    clock: deps.clock,
    logger,
    backoff: deps.backoff,
    maxQueued: deps.maxQueuedPoints ?? DEFAULT_MAX_QUEUED_POINTS,
    maxBatch: deps.pointsPerWrite ?? DEFAULT_POINTS_PER_WRITE,
    // Wrong credentials, or a database or bucket that does not exist: nothing changes until the user acts.
    needsUser: (err) => err instanceof InfluxWriteError && [401, 403, 404].includes(err.status),
    // HTTP needs no connection of its own: the first write shows whether InfluxDB is there.
    connect: async () => undefined,
    async deliver(lines) {
      try {
        await connection.write(lines);
      } catch (err) {
        // A malformed or oversized batch fails the same way every time.
        if (err instanceof InfluxWriteError && [400, 413, 422].includes(err.status))
          throw new DeliveryRejected(err.message);
        throw err;
      }
    },
  });

  return {
    start() {
      if (running) return;
      running = true;
      deps.ingest.onCommitted("influxdb", (events) => {
        if (!running) return;
        for (const e of events) outbox.push(toLineProtocol(eventPoint(e, deps.areaOf(e.entity))));
      });
      offs.push(deps.bus.on("anomaly", "influxdb", (a) => outbox.push(toLineProtocol(anomalyPoint(a)))));
    },
    async stop() {
      running = false;
      for (const off of offs.splice(0)) off();
      await outbox.flush();
      await outbox.stop();
    },
    status() {
      return {
        name: "influxdb",
        state: outbox.state(),
        detail: outboxDetail(connection.target, outbox.status(), "point"),
      };
    },
  };
}
