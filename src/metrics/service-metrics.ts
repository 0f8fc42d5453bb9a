// What the service counts for /api/metrics as it runs: events per source, batch latency, run durations, event-loop delay.
import { type IntervalHistogram, monitorEventLoopDelay } from "node:perf_hooks";
import type { AppEvents } from "../app-events.js";
import type { TypedBus } from "../core/event-bus.js";
import type { HomeEvent } from "../core/home-event.js";
import type { EventSink } from "../sources/event-source.js";
import type { EventStore } from "../storage/event-store.js";
import { Histogram, type MetricFamily, type Sample } from "./prometheus-text.js";
import type { WatchedRun } from "./service-watch.js";

/** Seconds: a batch of a few thousand events commits in milliseconds; a slow disk shows past 1 s. */
const BATCH_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Seconds: a day's rollup or a detection run takes from a fraction of a second to minutes on a Pi. */
const RUN_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export class ServiceMetrics {
  private readonly batchLatency = new Histogram(BATCH_BUCKETS);
  private readonly runs: Record<WatchedRun, Histogram> = {
    rollup: new Histogram(RUN_BUCKETS),
    detection: new Histogram(RUN_BUCKETS),
  };
  private readonly runFailures: Record<WatchedRun, number> = { rollup: 0, detection: 0 };
  private readonly received = new Map<string, number>();
  private readonly committed = new Map<string, number>();
  private loopDelay: IntervalHistogram | null = null;

  /** Starts sampling the event loop's delay (Node's own monitor, 20 ms resolution). */
  start(): void {
    if (this.loopDelay) return;
    this.loopDelay = monitorEventLoopDelay({ resolution: 20 });
    this.loopDelay.enable();
  }

  stop(): void {
    this.loopDelay?.disable();
    this.loopDelay = null;
  }

  /** Counts what each source hands to ingest (events and input it could not read) before any filter. */
  countingSink(sink: EventSink, sourceName: string): EventSink {
    return {
      push: (event: HomeEvent) => {
        const source = typeof event?.source === "string" ? event.source : sourceName;
        this.received.set(source, (this.received.get(source) ?? 0) + 1);
        sink.push(event);
      },
      reject: (source, reason) => {
        this.received.set(source, (this.received.get(source) ?? 0) + 1);
        sink.reject(source, reason);
      },
    };
  }

  /** L1 with each batch's commit timed (ingest's batch latency). */
  timedStore(store: EventStore, monotonicMs: () => number = () => performance.now()): EventStore {
    return new Proxy(store, {
      get: (target, prop, receiver) => {
        if (prop !== "append") {
          const value = Reflect.get(target, prop, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        }
        return (events: readonly HomeEvent[]) => {
          const t0 = monotonicMs();
          try {
            return target.append(events);
          } finally {
            this.batchLatency.observe((monotonicMs() - t0) / 1000);
          }
        };
      },
    });
  }

  /** Counts committed events per source from ingest's batch notices. */
  listen(bus: TypedBus<AppEvents>): () => void {
    return bus.on("ingested", "metrics", ({ bySource }) => {
      for (const [source, n] of Object.entries(bySource))
        this.committed.set(source, (this.committed.get(source) ?? 0) + n);
    });
  }

  recordRun(run: WatchedRun, durationMs: number, error?: string): void {
    this.runs[run].observe(durationMs / 1000);
    if (error !== undefined) this.runFailures[run]++;
  }

  families(): MetricFamily[] {
    const bySource = (m: Map<string, number>): Sample[] =>
      [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([source, value]) => ({ labels: { source }, value }));
    const loop = this.loopDelay;
    const loopSamples: Sample[] = loop
      ? [
          { labels: { quantile: "0.5" }, value: loop.percentile(50) / 1e9 },
          { labels: { quantile: "0.99" }, value: loop.percentile(99) / 1e9 },
          { labels: { quantile: "1" }, value: loop.max / 1e9 },
        ]
      : [];
    return [
      {
        name: "home_patterns_events_received_total",
        help: "Events (and unreadable input) each source handed to ingest, before any filter.",
        type: "counter",
        samples: bySource(this.received),
      },
      {
        name: "home_patterns_events_committed_total",
        help: "Events per source in batches committed to L1 (stored or recognised as already stored).",
        type: "counter",
        samples: bySource(this.committed),
      },
      {
        name: "home_patterns_ingest_batch_seconds",
        help: "Time to commit one ingest batch to L1.",
        type: "histogram",
        samples: this.batchLatency.samples(),
      },
      {
        name: "home_patterns_run_seconds",
        help: "Duration of rollup cycles and detection runs.",
        type: "histogram",
        samples: [...this.runs.rollup.samples({ run: "rollup" }), ...this.runs.detection.samples({ run: "detection" })],
      },
      {
        name: "home_patterns_run_failures_total",
        help: "Rollup cycles and detection runs that failed.",
        type: "counter",
        samples: [
          { labels: { run: "rollup" }, value: this.runFailures.rollup },
          { labels: { run: "detection" }, value: this.runFailures.detection },
        ],
      },
      {
        name: "home_patterns_event_loop_delay_seconds",
        help: "Event-loop delay since start: median, 99th percentile and maximum.",
        type: "gauge",
        samples: loopSamples,
      },
    ];
  }
}
