import { describe, expect, it } from "vitest";
import type { AppEvents } from "../../src/app-events.js";
import { ManualClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { createWebApp } from "../../src/web/create-app.js";
import { liveRoutes } from "../../src/web/routes/live-routes.js";

const T = Date.UTC(2024, 0, 15, 12);

async function openLive() {
  const logger = createMemoryLogger();
  const bus = new TypedBus<AppEvents>(logger);
  const subscriptions = { active: 0 };
  const on = bus.on.bind(bus);
  bus.on = ((event, name, fn) => {
    subscriptions.active++;
    const off = on(event, name, fn);
    return () => {
      subscriptions.active--;
      off();
    };
  }) as typeof bus.on;
  const clock = new ManualClock(T);
  const app = createWebApp({ routes: [liveRoutes({ bus, clock, logger })], uiDir: "/nonexistent", logger });
  const res = await app.request("/api/live");
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  /** Reads until the stream has produced `n` blank-line-terminated blocks. */
  const blocks = async (n: number): Promise<string[]> => {
    while (buffered.split("\n\n").length - 1 < n) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value);
    }
    const parts = buffered.split("\n\n");
    const taken = parts.slice(0, n);
    buffered = parts.slice(n).join("\n\n");
    return taken;
  };
  return { res, bus, clock, reader, blocks, subscriptions };
}

const batch = (inserted: number, source: string, newest: number) => ({
  inserted,
  duplicates: 0,
  bySource: { [source]: inserted },
  newest,
});

describe("GET /api/live", () => {
  it("streams with headers that keep proxies from buffering", async () => {
    const { res, reader, blocks } = await openLive();
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    expect(await blocks(1)).toEqual([`event: ready\ndata: {"now":${T},"speed":1}\nretry: 3000`]);
    await reader.cancel();
  });

  it("passes rollups, catalog changes, anomalies and storage through as they happen", async () => {
    const { bus, reader, blocks } = await openLive();
    await blocks(1);
    bus.emit("rolledUp", { days: ["2024-01-14"], durationMs: 420 });
    bus.emit("storage", { usedBytes: 10, budgetBytes: 100, state: "ok" });
    expect(await blocks(2)).toEqual([
      'event: rolledUp\ndata: {"days":["2024-01-14"],"durationMs":420}',
      'event: storage\ndata: {"usedBytes":10,"budgetBytes":100,"state":"ok"}',
    ]);
    await reader.cancel();
  });

  it("sends at most one ingest message a second, summing the batches in between", async () => {
    const { bus, clock, reader, blocks } = await openLive();
    await blocks(1);
    bus.emit("ingested", batch(5, "simulator", T + 1));
    expect(await blocks(1)).toEqual([
      `event: ingested\ndata: {"inserted":5,"duplicates":0,"bySource":{"simulator":5},"newest":${T + 1}}`,
    ]);
    bus.emit("ingested", batch(3, "simulator", T + 2));
    bus.emit("ingested", { inserted: 2, duplicates: 1, bySource: { mqtt: 2 }, newest: T + 3 });
    clock.advance(999);
    bus.emit("anomaly", {
      key: "k",
      kind: "unavailable",
      entity: "light.kitchen",
      area: "kitchen",
      ts: T,
      severity: "low",
      summary: "Kitchen light is unavailable",
      expected: "available",
      details: {},
    });
    // The anomaly is not held back; the summed batches follow when the second is over.
    clock.advance(1);
    const [anomaly, ingested] = await blocks(2);
    expect(anomaly.startsWith("event: anomaly\n")).toBe(true);
    expect(ingested).toBe(
      `event: ingested\ndata: {"inserted":5,"duplicates":1,"bySource":{"simulator":3,"mqtt":2},"newest":${T + 3}}`,
    );
    await reader.cancel();
  });

  it("writes a heartbeat comment every 15 seconds of the injected clock", async () => {
    const { clock, reader, blocks } = await openLive();
    await blocks(1);
    clock.advance(15_000);
    clock.advance(15_000);
    expect(await blocks(2)).toEqual([": heartbeat", ": heartbeat"]);
    await reader.cancel();
  });

  it("lets go of the bus and its timers when the client leaves", async () => {
    const { clock, reader, blocks, subscriptions } = await openLive();
    await blocks(1);
    expect(subscriptions.active).toBe(5);
    expect(clock.pendingTimers()).toBe(1);
    await reader.cancel();
    await new Promise((r) => setImmediate(r));
    expect(subscriptions.active).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });
});
