// Self-watching: a stalled ingest, a failing or dragging run and runaway storage growth raise service_health findings.
import { describe, expect, it } from "vitest";
import type { AppEvents } from "../../src/app-events.js";
import { ManualClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { ServiceHealthChange } from "../../src/core/service-health.js";
import { ServiceWatch } from "../../src/metrics/service-watch.js";
import { serviceHealthEventData } from "../../src/publish/ha-events/ha-event-data.js";

const T0 = Date.UTC(2026, 11, 7, 12);
const MIN = 60_000;
const MB = 1_048_576;

function setup() {
  const clock = new ManualClock(T0);
  const logger = createMemoryLogger("warn");
  const bus = new TypedBus<AppEvents>(logger);
  const changes: ServiceHealthChange[] = [];
  bus.on("serviceHealth", "test", (c) => void changes.push(c));
  const home = { connected: true, lastIngestAt: T0 as number | null, usedBytes: 10 * MB };
  const watch = new ServiceWatch({
    clock,
    logger,
    bus,
    haConnected: () => home.connected,
    lastIngestAt: () => home.lastIngestAt,
    storage: () => ({ usedBytes: home.usedBytes, budgetBytes: 200 * MB }),
    rawRetentionDays: 7,
  });
  watch.start();
  return { clock, watch, home, changes };
}

describe("ServiceWatch", () => {
  it("raises ingest_stalled after an hour without events while Home Assistant is connected, and clears it when events flow", () => {
    const { clock, watch, home, changes } = setup();
    clock.advance(59 * MIN);
    expect(watch.active()).toEqual([]);
    clock.advance(2 * MIN);
    expect(watch.active().map((f) => [f.kind, f.issue, f.severity])).toEqual([
      ["service_health", "ingest_stalled", "error"],
    ]);
    expect(watch.active()[0]!.summary).toBe("No event stored for 60 min while Home Assistant is connected");
    home.lastIngestAt = clock.now();
    clock.advance(MIN);
    expect(watch.active()).toEqual([]);
    expect(changes.map((c) => `${c.change} ${c.finding.issue}`)).toEqual([
      "raised ingest_stalled",
      "cleared ingest_stalled",
    ]);
  });

  it("does not call a disconnected Home Assistant a stall, and counts the quiet time from the reconnect", () => {
    const { clock, watch, home } = setup();
    home.connected = false;
    clock.advance(3 * 60 * MIN);
    expect(watch.active()).toEqual([]);
    home.connected = true;
    clock.advance(30 * MIN);
    expect(watch.active()).toEqual([]);
    clock.advance(31 * MIN);
    expect(watch.active().map((f) => f.issue)).toEqual(["ingest_stalled"]);
  });

  it("raises rollup_failed on a failed run and rollup_slow on a run ten times its usual duration", () => {
    const { watch, home, clock } = setup();
    home.lastIngestAt = null;
    home.connected = false;
    for (const ms of [2_000, 2_200, 1_800, 2_100]) watch.recordRun("rollup", ms);
    expect(watch.active()).toEqual([]);
    watch.recordRun("rollup", 15_000);
    expect(watch.active()).toEqual([]);
    watch.recordRun("rollup", 30_000);
    expect(watch.active().map((f) => [f.issue, f.summary])).toEqual([
      ["rollup_slow", "The nightly rollup took 30.0 s, more than 10× its usual 2.1 s"],
    ]);
    watch.recordRun("rollup", 2_000);
    expect(watch.active()).toEqual([]);
    clock.advance(MIN);
    watch.recordRun("detection", 400, "database is locked");
    const [failed] = watch.active();
    expect([failed!.issue, failed!.summary]).toEqual([
      "detection_failed",
      "Pattern detection failed: database is locked",
    ]);
    expect(serviceHealthEventData({ active: watch.active(), finding: failed!, change: "raised" })).toEqual({
      kind: "service_health",
      issue: "detection_failed",
      change: "raised",
      severity: "error",
      summary: "Pattern detection failed: database is locked",
      since: "2026-12-07T12:01:00.000Z",
      open_problems: ["detection_failed"],
    });
  });

  it("never calls a short run slow", () => {
    const { watch } = setup();
    for (const ms of [3, 4, 3]) watch.recordRun("detection", ms);
    watch.recordRun("detection", 400);
    expect(watch.active()).toEqual([]);
  });

  it("raises storage_growth when a week of raw events at the measured rate would not fit the budget", () => {
    const { clock, watch, home } = setup();
    home.connected = false;
    // 10 MB every 6 hours: 40 MB a day, 280 MB for 7 days, over the 200 MB budget.
    for (let h = 0; h < 7; h++) {
      clock.advance(60 * MIN);
      home.usedBytes += (10 * MB) / 6;
    }
    clock.advance(MIN);
    expect(watch.active().map((f) => f.issue)).toEqual(["storage_growth"]);
    expect(watch.active()[0]!.summary).toBe(
      "Storage grows 40.0 MB a day: 7 days of raw events would need 280.0 MB, more than the 200.0 MB budget",
    );
    // Growth slows to 1 MB in 6 hours: 28 MB a week fits.
    for (let h = 0; h < 7; h++) {
      clock.advance(60 * MIN);
      home.usedBytes += MB / 6;
    }
    expect(watch.active()).toEqual([]);
  });
});
