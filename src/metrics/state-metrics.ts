// The service's state as Prometheus gauges: ingest counts, layers, budget, queues, engines, sources, self-watching.
import type { ServiceHealthFinding } from "../core/service-health.js";
import { SERVICE_HEALTH_ISSUES } from "../core/service-health.js";
import type { IngestCounters } from "../ingest/ingest-pipeline.js";
import type { EngineState, EngineStatus } from "../publish/engine-status.js";
import type { SourceState, SourceStatus } from "../sources/event-source.js";
import type { LayerSummary, StorageReport } from "../storage/storage-report.js";
import type { MetricFamily, Sample } from "./prometheus-text.js";

export interface StateMetricsDeps {
  ingest(): IngestCounters;
  storage(): Pick<StorageReport, "layers" | "budget">;
  engines(): readonly EngineStatus[];
  sources(): readonly SourceStatus[];
  /** Other queues than ingest's buffer: Home Assistant events waiting for a connection, ... */
  queues(): Record<string, number>;
  serviceHealth(): readonly ServiceHealthFinding[];
}

const ENGINE_STATES: readonly EngineState[] = ["ok", "degraded", "error", "off"];
const SOURCE_STATES: readonly SourceState[] = ["stopped", "starting", "connected", "disconnected", "error", "finished"];

export function stateFamilies(deps: StateMetricsDeps): MetricFamily[] {
  const ingest = deps.ingest();
  const storage = deps.storage();
  const layer = (pick: (l: LayerSummary) => number): Sample[] =>
    storage.layers.map((l) => ({ labels: { layer: l.name }, value: pick(l) }));
  const open = new Set(deps.serviceHealth().map((f) => f.issue));
  const dropped: Sample[] = [
    ...Object.entries(ingest.malformedBySource)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([source, value]) => ({ labels: { reason: "malformed", source }, value })),
    { labels: { reason: "filtered", source: "all" }, value: ingest.filtered },
    { labels: { reason: "unchanged", source: "all" }, value: ingest.unchanged },
    { labels: { reason: "duplicate", source: "all" }, value: ingest.duplicates },
    { labels: { reason: "store_refused", source: "all" }, value: ingest.dropped },
  ];
  return [
    {
      name: "home_patterns_events_stored_total",
      help: "Events stored in L1 since start.",
      type: "counter",
      samples: [{ value: ingest.stored }],
    },
    {
      name: "home_patterns_events_dropped_total",
      help: "Events not stored, by reason (malformed per source; filtered, unchanged, duplicate, refused by the store).",
      type: "counter",
      samples: dropped,
    },
    {
      name: "home_patterns_ingest_write_errors_total",
      help: "Batches the store refused (each retried or dropped).",
      type: "counter",
      samples: [{ value: ingest.writeErrors }],
    },
    {
      name: "home_patterns_queue_depth",
      help: "Items waiting in each queue: ingest's buffer and the publishers' outboxes.",
      type: "gauge",
      samples: Object.entries({ ingest: ingest.pending, ...deps.queues() }).map(([queue, value]) => ({
        labels: { queue },
        value,
      })),
    },
    { name: "home_patterns_layer_rows", help: "Rows held per layer.", type: "gauge", samples: layer((l) => l.rows) },
    {
      name: "home_patterns_layer_bytes",
      help: "Bytes on disk per layer (0 where SQLite cannot measure tables).",
      type: "gauge",
      samples: layer((l) => l.bytes),
    },
    {
      name: "home_patterns_storage_used_bytes",
      help: "Bytes of our own files: SQLite, its WAL and the Parquet archive.",
      type: "gauge",
      samples: [{ value: storage.budget.usedBytes }],
    },
    {
      name: "home_patterns_storage_budget_bytes",
      help: "The storage budget (option storage_budget_mb).",
      type: "gauge",
      samples: [{ value: storage.budget.budgetBytes }],
    },
    {
      name: "home_patterns_storage_budget_used_ratio",
      help: "Share of the storage budget in use.",
      type: "gauge",
      samples: [{ value: storage.budget.budgetBytes > 0 ? storage.budget.usedBytes / storage.budget.budgetBytes : 0 }],
    },
    {
      name: "home_patterns_engine_state",
      help: "1 for the state each optional engine (Redis, InfluxDB, Neo4j) is in, 0 for the others.",
      type: "gauge",
      samples: deps
        .engines()
        .flatMap((e) =>
          ENGINE_STATES.map((state) => ({ labels: { engine: e.name, state }, value: e.state === state ? 1 : 0 })),
        ),
    },
    {
      name: "home_patterns_source_state",
      help: "1 for the state each event source is in, 0 for the others.",
      type: "gauge",
      samples: deps
        .sources()
        .flatMap((s) =>
          SOURCE_STATES.map((state) => ({ labels: { source: s.name, state }, value: s.state === state ? 1 : 0 })),
        ),
    },
    {
      name: "home_patterns_service_health_problem",
      help: "1 while self-watching has this problem of the service open (kind service_health).",
      type: "gauge",
      samples: SERVICE_HEALTH_ISSUES.map((issue) => ({ labels: { issue }, value: open.has(issue) ? 1 : 0 })),
    },
  ];
}
