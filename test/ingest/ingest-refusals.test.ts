// Live events get the same refusals as imports, counted by reason; a store that refuses writes is logged once a minute.
import { describe, expect, it } from "vitest";
import type { AppEvents } from "../../src/app-events.js";
import { ManualClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { createEntityFilter } from "../../src/ingest/entity-filter.js";
import { IngestPipeline } from "../../src/ingest/ingest-pipeline.js";
import { MemoryCursorStore, MemoryEventStore } from "../support/memory/memory-event-store.js";

const NOW = Date.UTC(2026, 10, 20, 7, 0, 0);

function pipeline(
  store = new MemoryEventStore(),
  opts: { maxBatch?: number; maxPending?: number; cursors?: MemoryCursorStore } = {},
) {
  const clock = new ManualClock(NOW);
  const logger = createMemoryLogger();
  const ingest = new IngestPipeline({
    store,
    clock,
    logger,
    filter: createEntityFilter({
      include_domains: [],
      exclude_domains: [],
      include_entities: [],
      exclude_entities: [],
    }),
    bus: new TypedBus<AppEvents>(logger),
    ...opts,
    cursors: opts.cursors ?? new MemoryCursorStore(),
  });
  return { clock, logger, store, ingest };
}

describe("ingest refusals", () => {
  it("refuses impossible live events from Home Assistant or MQTT with a reason /api/stats shows", () => {
    const { ingest, store, clock } = pipeline();
    const push = (ts: unknown, entity: string, state: unknown, source = "ha") =>
      ingest.push({ ts, entity, state, source });
    push(0, "light.kitchen", "on");
    push(Date.UTC(1999, 11, 31, 23, 59), "light.kitchen", "on", "mqtt");
    push(Date.UTC(2100, 0, 1), "light.kitchen", "on");
    push(NOW + 25 * 3_600_000, "light.kitchen", "on", "mqtt");
    push("2026-02-30T10:00:00Z", "light.kitchen", "on");
    push("2026-11-20T24:00:00Z", "light.kitchen", "on");
    push(NOW, `sensor.${"x".repeat(4999)}`, "on");
    push(NOW, "sensor.note", "n".repeat(256));
    push(NOW + 23 * 3_600_000, "light.kitchen", "off"); // a clock a little ahead is fine
    push(NOW, "sensor.note", "n".repeat(255));
    ingest.flush();
    clock.advance(1000);
    const c = ingest.counters();
    expect(c.malformed).toBe(8);
    expect(c.malformedByReason).toEqual({
      "time before 2000": 2,
      "time more than a day ahead": 2,
      "impossible time": 2,
      "entity id over 255 characters": 1,
      "state over 255 characters": 1,
    });
    expect(c.malformedBySource).toEqual({ ha: 6, mqtt: 2 });
    expect(c.stored).toBe(2);
    expect(store.query({ from: 0, to: Number.MAX_SAFE_INTEGER }).map((e) => e.state.length)).toEqual([255, 3]);
  });

  it("logs a store that keeps refusing writes at most once a minute, however many events arrive", () => {
    const store = new MemoryEventStore();
    store.append = () => {
      throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    };
    const { ingest, clock, logger } = pipeline(store, { maxBatch: 50, maxPending: 100 });
    // Ten minutes of a busy home: 100 events every second against a full disk.
    for (let s = 0; s < 600; s++) {
      for (let i = 0; i < 100; i++) {
        ingest.push({ ts: clock.now(), entity: `sensor.s${i}`, state: String(s), source: "ha" });
      }
      clock.advance(1000);
    }
    const errors = logger.lines.filter((l) => l.includes("ERROR"));
    // One line for the refused batch and one for the dropped overflow, each once a minute.
    expect(errors.filter((l) => l.includes("storing a batch failed")).length).toBe(10);
    expect(errors.filter((l) => l.includes("oldest events dropped")).length).toBe(10);
    expect(errors.length).toBe(20);
    expect(ingest.counters()).toMatchObject({ pending: 100, dropped: 59_900, stored: 0 });
  });

  it("still tells its listeners about a stored batch when the source cursor cannot be written", () => {
    const cursors = new MemoryCursorStore();
    const { ingest, clock } = pipeline(new MemoryEventStore(), { cursors });
    cursors.set = () => {
      throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    };
    const heard: number[] = [];
    ingest.onCommitted("layers", (events) => void heard.push(events.length));
    ingest.push({ ts: clock.now(), entity: "light.hall", state: "on", source: "ha" });
    expect(ingest.flush()).toBe(true);
    expect(heard).toEqual([1]);
    expect(ingest.counters()).toMatchObject({ stored: 1, writeErrors: 0, pending: 0 });
  });

  it("counts the minute in real time when the service runs on the demo's fast clock", () => {
    const store = new MemoryEventStore();
    store.append = () => {
      throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    };
    const clock = new ManualClock(NOW);
    const wallClock = new ManualClock(NOW);
    const logger = createMemoryLogger();
    const ingest = new IngestPipeline({
      store,
      cursors: new MemoryCursorStore(),
      clock,
      wallClock,
      logger,
      filter: createEntityFilter({
        include_domains: [],
        exclude_domains: [],
        include_entities: [],
        exclude_entities: [],
      }),
      bus: new TypedBus<AppEvents>(logger),
      maxBatch: 50,
    });
    // An hour of the simulated home passes in one real minute.
    for (let s = 0; s < 60; s++) {
      ingest.push({ ts: clock.now(), entity: "sensor.s", state: String(s), source: "simulator" });
      clock.advance(60_000);
      wallClock.advance(1_000);
    }
    expect(logger.lines.filter((l) => l.includes("storing a batch failed")).length).toBe(1);
  });
});
