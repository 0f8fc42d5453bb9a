// GET /api/live: the service's AppEvents as Server-Sent Events, ingest throttled to one message a second.
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import type { AppEvents, IngestedBatch } from "../../app-events.js";
import type { Clock, TimerHandle } from "../../core/clock.js";
import type { TypedBus } from "../../core/event-bus.js";
import type { Logger } from "../../core/logger.js";
import { addRoute } from "../add-route.js";
import { apiRoute } from "../api-route.js";
import type { LiveReady } from "../api-types.js";
import type { RouteModule } from "../route-module.js";

export const LIVE_ROUTES = {
  live: apiRoute("GET", "/live"),
};

export interface LiveDeps {
  bus: TypedBus<AppEvents>;
  clock: Clock;
  logger: Logger;
  /** A comment line this often keeps proxies (ingress, nginx) from closing a quiet stream. */
  heartbeatMs?: number;
  /** At most one `ingested` message per this many ms; batches in between are summed. */
  ingestIntervalMs?: number;
}

const PASSED_THROUGH = ["rolledUp", "patternsUpdated", "anomaly", "storage"] as const;

export function mergeBatches(a: IngestedBatch | null, b: IngestedBatch): IngestedBatch {
  if (!a) return { ...b, bySource: { ...b.bySource } };
  const bySource = { ...a.bySource };
  for (const [source, n] of Object.entries(b.bySource)) bySource[source] = (bySource[source] ?? 0) + n;
  const newest = a.newest === null ? b.newest : b.newest === null ? a.newest : Math.max(a.newest, b.newest);
  return { inserted: a.inserted + b.inserted, duplicates: a.duplicates + b.duplicates, bySource, newest };
}

export function liveRoutes(deps: LiveDeps): RouteModule {
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const ingestIntervalMs = deps.ingestIntervalMs ?? 1000;
  let connections = 0;

  return (api) => {
    addRoute(api, LIVE_ROUTES.live, (c) => {
      // Without these a buffering proxy holds the stream back until it closes.
      c.header("X-Accel-Buffering", "no");
      c.header("Cache-Control", "no-cache");
      const id = ++connections;
      return streamSSE(c, async (stream) => {
        await new LiveConnection(stream, deps, `live-sse#${id}`, heartbeatMs, ingestIntervalMs).run(c.req.raw.signal);
      });
    });
  };
}

/** One open stream: its bus subscriptions, its timers, and writes kept in order. */
class LiveConnection {
  private writes: Promise<void> = Promise.resolve();
  private closed = false;
  private finish: () => void = () => {};
  private pendingIngest: IngestedBatch | null = null;
  private ingestWindow: TimerHandle | null = null;
  private heartbeat: TimerHandle | null = null;

  constructor(
    private readonly stream: SSEStreamingApi,
    private readonly deps: LiveDeps,
    private readonly name: string,
    private readonly heartbeatMs: number,
    private readonly ingestIntervalMs: number,
  ) {}

  async run(signal: AbortSignal | undefined): Promise<void> {
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    this.stream.onAbort(() => this.close());
    signal?.addEventListener("abort", () => this.close());
    const ready: LiveReady = { now: this.deps.clock.now(), speed: this.deps.clock.speed ?? 1 };
    this.write(() => this.stream.writeSSE({ event: "ready", data: JSON.stringify(ready), retry: 3000 }));
    const unsubscribe = [
      this.deps.bus.on("ingested", this.name, (batch) => this.onIngested(batch)),
      ...PASSED_THROUGH.map((event) => this.deps.bus.on(event, this.name, (data) => this.send(event, data))),
    ];
    this.scheduleHeartbeat();
    await done;
    unsubscribe.forEach((off) => {
      off();
    });
    this.ingestWindow?.cancel();
    this.heartbeat?.cancel();
  }

  private onIngested(batch: IngestedBatch): void {
    this.pendingIngest = mergeBatches(this.pendingIngest, batch);
    if (!this.ingestWindow) this.flushIngested();
  }

  /** Sends what accumulated, then keeps the window shut for the interval. */
  private flushIngested(): void {
    this.ingestWindow = null;
    if (!this.pendingIngest || this.closed) return;
    this.send("ingested", this.pendingIngest);
    this.pendingIngest = null;
    this.ingestWindow = this.deps.clock.setTimeout(() => this.flushIngested(), this.ingestIntervalMs);
  }

  private scheduleHeartbeat(): void {
    this.heartbeat = this.deps.clock.setTimeout(() => {
      this.write(() => this.stream.write(": heartbeat\n\n").then(() => undefined));
      if (!this.closed) this.scheduleHeartbeat();
    }, this.heartbeatMs);
  }

  private send(event: string, data: unknown): void {
    this.write(() => this.stream.writeSSE({ event, data: JSON.stringify(data) }));
  }

  private write(op: () => Promise<void>): void {
    if (this.closed) return;
    this.writes = this.writes.then(op).catch((err: unknown) => {
      this.deps.logger.debug("live stream write failed; closing it", { stream: this.name, error: String(err) });
      this.close();
    });
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.finish();
  }
}
