// Ingest: malformed input is counted and skipped, batches commit within a second, nothing is lost on a refused write.
import { describe, expect, it } from "vitest";
import type { AppEvents, IngestedBatch } from "../../src/app-events.js";
import { ManualClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import type { HomeEvent } from "../../src/core/home-event.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { createEntityFilter } from "../../src/ingest/entity-filter.js";
import { IngestPipeline } from "../../src/ingest/ingest-pipeline.js";
import { MemoryCursorStore, MemoryEventStore } from "../support/memory/memory-event-store.js";

const T0 = Date.UTC(2026, 10, 20, 7, 0, 0);
const noFilter = createEntityFilter({
  include_domains: [],
  exclude_domains: [],
  include_entities: [],
  exclude_entities: [],
});

function setup(opts: { filter?: typeof noFilter; store?: MemoryEventStore; maxBatch?: number } = {}) {
  const clock = new ManualClock(T0);
  const logger = createMemoryLogger();
  const bus = new TypedBus<AppEvents>(logger);
  const batches: IngestedBatch[] = [];
  bus.on("ingested", "test", (b) => void batches.push(b));
  const store = opts.store ?? new MemoryEventStore();
  const cursors = new MemoryCursorStore();
  const pipeline = new IngestPipeline({
    store,
    cursors,
    clock,
    logger,
    filter: opts.filter ?? noFilter,
    bus,
    maxBatch: opts.maxBatch,
  });
  return { clock, logger, store, cursors, pipeline, batches };
}
const ev = (s: number, entity: string, state: string, source = "ha"): HomeEvent => ({
  ts: T0 + s * 1000,
  entity,
  state,
  source,
});

describe("IngestPipeline", () => {
  it("commits a batch at most one second after its first event", () => {
    const { clock, pipeline, store, batches } = setup();
    pipeline.push(ev(0, "light.kitchen", "on"));
    pipeline.push(ev(1, "light.kitchen", "off"));
    expect(store.stats().total).toBe(0);
    clock.advance(999);
    expect(store.stats().total).toBe(0);
    clock.advance(1);
    expect(store.stats().total).toBe(2);
    expect(batches).toEqual([{ inserted: 2, duplicates: 0, bySource: { ha: 2 }, newest: T0 + 1000 }]);
  });

  it("commits at once when a batch is full", () => {
    const { pipeline, store } = setup({ maxBatch: 3 });
    for (let i = 0; i < 7; i++) pipeline.push(ev(i, "light.a", i % 2 ? "on" : "off"));
    expect(store.stats().total).toBe(6);
    expect(pipeline.counters().pending).toBe(1);
  });

  it("counts and skips malformed events without stopping", () => {
    const { pipeline, logger } = setup();
    pipeline.push({ ts: "yesterday", entity: "light.a", state: "on", source: "mqtt" });
    pipeline.push({ ts: T0, entity: "Light Kitchen", state: "on", source: "mqtt" });
    pipeline.push({ ts: T0, entity: "light.a", state: { on: true }, source: "ha" });
    pipeline.push(null);
    pipeline.push(ev(2, "light.a", "on"));
    pipeline.flush();
    const c = pipeline.counters();
    expect([c.received, c.malformed, c.stored]).toEqual([5, 4, 1]);
    expect(c.malformedBySource).toEqual({ mqtt: 2, ha: 1, unknown: 1 });
    expect(logger.lines.filter((l) => l.includes("malformed event skipped")).length).toBe(4);
  });

  it("applies include and exclude options and drops unchanged states", () => {
    const filter = createEntityFilter({
      include_domains: ["light", "binary_sensor"],
      exclude_domains: [],
      include_entities: [],
      exclude_entities: ["binary_sensor.*_tamper"],
    });
    const { pipeline, store } = setup({ filter });
    pipeline.push(ev(0, "light.a", "on"));
    pipeline.push(ev(1, "sensor.power", "12"));
    pipeline.push(ev(2, "binary_sensor.door_tamper", "on"));
    pipeline.push({ ...ev(3, "binary_sensor.door", "on"), previous: "on" });
    pipeline.flush();
    expect(store.query({ from: 0, to: T0 + 10_000 }).map((e) => e.entity)).toEqual(["light.a"]);
    expect(pipeline.counters()).toMatchObject({ filtered: 2, unchanged: 1, stored: 1 });
  });

  it("keeps a refused batch and stores it once the store accepts writes again", () => {
    const store = new MemoryEventStore();
    let full = true;
    const append = store.append.bind(store);
    store.append = (events) => {
      if (full) throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
      return append(events);
    };
    const { clock, pipeline } = setup({ store });
    pipeline.push(ev(0, "light.a", "on"));
    clock.advance(1000);
    expect(pipeline.counters()).toMatchObject({
      writeErrors: 1,
      pending: 1,
      stored: 0,
      lastError: "database or disk is full",
    });
    full = false;
    clock.advance(1000);
    expect(pipeline.counters()).toMatchObject({ writeErrors: 1, pending: 0, stored: 1, dropped: 0 });
  });

  it("records each source's newest stored time as its cursor", () => {
    const { pipeline, cursors } = setup();
    pipeline.push(ev(5, "light.a", "on", "ha"));
    pipeline.push(ev(3, "light.b", "on", "mqtt"));
    pipeline.flush();
    pipeline.push(ev(1, "light.c", "on", "ha"));
    pipeline.flush();
    expect([cursors.get("ha"), cursors.get("mqtt")]).toEqual([String(T0 + 5000), String(T0 + 3000)]);
  });
});
