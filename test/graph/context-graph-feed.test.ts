// The graph after a restart (seeded from L1) and as it runs (committed batches, HA contexts, catalog changes, people).
import { describe, expect, it } from "vitest";
import type { AppEvents } from "../../src/app-events.js";
import { ManualClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { ContextGraph } from "../../src/graph/context-graph.js";
import { createGraphFeed } from "../../src/graph/context-graph-feed.js";
import type { GraphPattern } from "../../src/graph/graph-types.js";
import { IngestPipeline } from "../../src/ingest/ingest-pipeline.js";
import type { HaContextEvent } from "../../src/sources/ha/ha-event-mapping.js";
import { MemoryCursorStore, MemoryEventStore } from "../support/memory/memory-event-store.js";
import { CONTEXT_EVENTS, homeRegistry, PATTERNS, PEOPLE, T0 } from "./graph-fixture.js";

const DAY = 86_400_000;

describe("context graph feed", () => {
  it("counts stored changes at start, then each committed batch, exactly once", async () => {
    const clock = new ManualClock(T0);
    const logger = createMemoryLogger();
    const bus = new TypedBus<AppEvents>(logger);
    const events = new MemoryEventStore();
    // Within the raw retention (3 days here), and one older than it.
    events.append([
      { ts: T0 - 2 * DAY, entity: "light.kitchen", state: "on", source: "ha", user: "u-anna" },
      { ts: T0 - 1000, entity: "light.kitchen", state: "off", source: "ha", user: "u-anna" },
      { ts: T0 - 5 * DAY, entity: "light.kitchen", state: "on", source: "ha", user: "u-anna" },
    ]);
    const ingest = new IngestPipeline({
      store: events,
      cursors: new MemoryCursorStore(),
      clock,
      logger,
      filter: () => true,
      bus,
    });
    const graph = new ContextGraph({ registry: homeRegistry() });
    const catalog = { patterns: [] as GraphPattern[], list: () => catalog.patterns };
    const contextListeners: ((e: HaContextEvent) => void)[] = [];
    const reconnected: (() => void)[] = [];
    let peopleReads = 0;
    const feed = createGraphFeed({
      graph,
      ingest,
      bus,
      catalog,
      contextEvents: (listener) => {
        contextListeners.push(listener);
        return () => contextListeners.splice(contextListeners.indexOf(listener), 1);
      },
      people: {
        list: async () => (++peopleReads === 1 ? [] : PEOPLE),
        onChanged: (listener) => {
          reconnected.push(listener);
          return () => undefined;
        },
      },
      events,
      clock,
      logger,
      seedDays: 3,
    });
    feed.start();
    const caused = () => graph.snapshot().edges.filter((e) => e.type === "CAUSED");
    expect(caused()).toEqual([
      {
        type: "CAUSED",
        from: "person:u-anna",
        to: "entity:light.kitchen",
        properties: { count: 2, lastAt: T0 - 1000 },
      },
    ]);

    for (const c of CONTEXT_EVENTS) for (const l of contextListeners) l(c);
    ingest.push({ ts: T0 + 1000, entity: "light.kitchen", state: "on", source: "ha", user: "u-anna" });
    ingest.push({
      ts: T0 + 2000,
      entity: "light.hall",
      state: "on",
      source: "ha",
      context: "ctx-run",
      parent: "ctx-motion",
    });
    clock.advance(1000);
    expect(caused()[0]!.properties).toEqual({ count: 3, lastAt: T0 + 1000 });
    expect(
      graph
        .snapshot()
        .edges.filter((e) => e.type === "CONTROLS")
        .map((e) => `${e.from} → ${e.to}`),
    ).toEqual(["automation:automation.hall_light → entity:light.hall"]);

    catalog.patterns = PATTERNS;
    bus.emit("patternsUpdated", { active: 1, changed: [] });
    expect(
      graph
        .snapshot()
        .nodes.filter((n) => n.kind === "pattern")
        .map((n) => n.name),
    ).toEqual(["Kitchen light on around 06:55"]);

    // Names come in when Home Assistant (re)connects.
    await Promise.resolve();
    expect(graph.snapshot().nodes.find((n) => n.id === "person:u-anna")?.name).toBe("u-anna");
    for (const l of reconnected) l();
    await new Promise((r) => setImmediate(r));
    expect(graph.snapshot().nodes.find((n) => n.id === "person:u-anna")?.name).toBe("Anna");

    feed.stop();
    ingest.push({ ts: T0 + 3000, entity: "light.kitchen", state: "off", source: "ha", user: "u-anna" });
    clock.advance(1000);
    expect(caused()[0]!.properties).toEqual({ count: 3, lastAt: T0 + 1000 });
    expect(contextListeners).toEqual([]);
  });
});
