// The online anomaly monitor: baselines from 28 hand-built days, then a Monday fed event by event on a manual clock.

import { beforeEach, describe, expect, it } from "vitest";
import type { AppEvents } from "../../src/app-events.js";
import { ManualClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import type { HomeEvent } from "../../src/core/home-event.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { OnlineAnomalyMonitor } from "../../src/detectors/anomaly/online-anomaly-monitor.js";
import { areaName, entityName } from "../../src/detectors/scoring/wording.js";
import { AnomalyLog } from "../../src/patterns/anomaly-log.js";
import type { Anomaly } from "../../src/patterns/finding.js";
import { MemoryAuditLog } from "../support/memory/memory-audit-log.js";
import { MemoryPatternStore } from "../support/memory/memory-pattern-store.js";
import { BERLIN, detectorInput, everyDay, plus, TO } from "./support/detector-fixture.js";

const MONDAY = "2026-03-02";
const MIN = 60_000;
const JITTER = [0, 2, -1, 1, -2, 0, 1, -1, 2, 0, -2, 1, 0, -1, 2, 1, -2, 0, 1, -1, 0, 2, -1, 1, 0, -2, 1, 0];

const baseline = everyDay(({ index, at }) => [
  at(plus("06:45", JITTER[index]), "light.bedroom", "on"),
  at(plus("06:50", JITTER[index]), "light.bedroom", "off"),
  at(plus("06:55", JITTER[index]), "light.kitchen", "on"),
  at(plus("07:30", JITTER[index]), "light.kitchen", "off"),
  at("07:00", "switch.bathroom_fan", "on"),
  at(plus("07:15", JITTER[index] / 2), "switch.bathroom_fan", "off"),
]);

const at = (hhmm: string, entity: string, state: string, extra: Partial<HomeEvent> = {}): HomeEvent => {
  const [h, m] = hhmm.split(":").map(Number);
  return { ts: BERLIN.toEpoch(MONDAY, h * 60 + m), entity, state, source: "test", ...extra };
};

describe("online anomaly monitor", () => {
  let clock: ManualClock;
  let log: AnomalyLog;
  let heard: Anomaly[];
  let monitor: OnlineAnomalyMonitor;
  const feed = (...events: HomeEvent[]) =>
    events.flatMap((e) => {
      clock.set(e.ts);
      return monitor.observe([e]);
    });

  beforeEach(() => {
    const input = detectorInput(
      baseline,
      [
        { entityId: "light.bedroom" },
        { entityId: "light.kitchen", areaId: "kitchen" },
        { entityId: "switch.bathroom_fan" },
      ],
      ["kitchen"],
    );
    clock = new ManualClock(BERLIN.toEpoch(MONDAY, 0));
    log = new AnomalyLog(new MemoryPatternStore(), clock, new MemoryAuditLog());
    const bus = new TypedBus<AppEvents>(createMemoryLogger());
    heard = [];
    bus.on("anomaly", "test", (a) => void heard.push(a));
    monitor = new OnlineAnomalyMonitor({
      clock,
      time: BERLIN,
      anomalies: log,
      logger: createMemoryLogger(),
      bus,
      areaOf: (e) => input.registry.areaOf(e),
      nameOf: (e) => entityName(e, input.registry),
      areaName: (a) => areaName(a, input.registry),
      sensitivity: "medium",
      // Nothing happened yet today: the monitor may judge the whole day.
      recentEvents: () => [],
    });
    monitor.refreshBaselines(input.reader, TO);
  });

  it("raises the kitchen light at 03:10 as it happens, once, and tells the bus", () => {
    const raised = feed(
      at("03:10", "light.kitchen", "on"),
      at("03:20", "light.kitchen", "off"),
      at("03:40", "light.kitchen", "on"),
    );
    expect(raised.map((a) => [a.kind, a.severity, a.summary, a.expected])).toEqual([
      [
        "unusual_time",
        "high",
        "Kitchen light went on at 03:10, 4 h from any time it was used in 28 days",
        "used between 06:53 and 06:57",
      ],
    ]);
    expect(raised[0]).toMatchObject({
      key: "unusual_time|light.kitchen|2026-03-02",
      entity: "light.kitchen",
      area: "kitchen",
    });
    expect(heard.map((a) => a.key)).toEqual(["unusual_time|light.kitchen|2026-03-02"]);
  });

  it("stays silent about the same thing once the user said it is normal", () => {
    const [first] = feed(at("03:10", "light.kitchen", "on"));
    log.markNormal(log.list()[0].id, { actorId: "u-anna", actorName: "Anna", via: "ingress" });
    expect(first.kind).toBe("unusual_time");
    clock.set(BERLIN.toEpoch("2026-03-03", 3 * 60 + 5));
    expect(
      monitor.observe([{ ts: clock.now(), entity: "light.kitchen", state: "on", previous: "off", source: "test" }]),
    ).toEqual([]);
  });

  it("raises a fan left on once it passes its usual longest plus a quarter hour, not before", () => {
    feed(
      at("06:45", "light.bedroom", "on"),
      at("06:50", "light.bedroom", "off"),
      at("07:00", "switch.bathroom_fan", "on"),
    );
    clock.set(BERLIN.toEpoch(MONDAY, 7 * 60 + 30));
    expect(log.list({ kind: "unusual_duration" })).toEqual([]);
    clock.set(BERLIN.toEpoch(MONDAY, 7 * 60 + 35));
    expect(log.list({ kind: "unusual_duration" }).map((a) => [a.severity, a.summary])).toEqual([
      ["medium", "Bathroom fan switch on for 31 min since 07:00; its longest in 28 days was 16 min"],
    ]);
  });

  it("survives a full disk when a timer raises an anomaly: no crash, nothing announced", () => {
    feed(at("07:00", "switch.bathroom_fan", "on"));
    log.raise = () => {
      throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    };
    // The timer fires inside the clock: before, the refused write escaped it and ended the process.
    expect(() => clock.set(BERLIN.toEpoch(MONDAY, 7 * 60 + 35))).not.toThrow();
    expect(heard).toEqual([]);
  });

  it("does not raise a fan switched off in time", () => {
    feed(at("07:00", "switch.bathroom_fan", "on"), at("07:20", "switch.bathroom_fan", "off"));
    clock.set(BERLIN.toEpoch(MONDAY, 12 * 60));
    expect(log.list({ kind: "unusual_duration" })).toEqual([]);
  });

  it("raises a routine that did not happen by its deadline, and only that one", () => {
    feed(
      at("06:55", "light.kitchen", "on"),
      at("07:00", "switch.bathroom_fan", "on"),
      at("07:14", "switch.bathroom_fan", "off"),
    );
    feed(at("07:30", "light.kitchen", "off"));
    clock.set(BERLIN.toEpoch(MONDAY, 12 * 60));
    expect(log.list({ kind: "missed_routine" }).map((a) => [a.severity, a.summary])).toEqual([
      ["medium", "No Bedroom light activity by 08:17; it starts by 06:47 on 28 of 28 days"],
    ]);
    expect(heard.map((a) => a.kind)).toEqual(["missed_routine"]);
  });

  it("raises a device unavailable for half an hour, not one back after a minute", () => {
    feed(
      at("06:45", "light.bedroom", "on"),
      at("06:50", "light.bedroom", "off"),
      at("06:55", "light.kitchen", "on"),
      at("07:00", "switch.bathroom_fan", "on"),
    );
    feed(
      at("07:14", "switch.bathroom_fan", "off"),
      at("07:30", "light.kitchen", "off"),
      at("10:00", "light.kitchen", "unavailable"),
      at("10:01", "light.kitchen", "off"),
    );
    feed(at("11:00", "light.bedroom", "unavailable"));
    clock.set(BERLIN.toEpoch(MONDAY, 11 * 60 + 29));
    expect(log.list({ kind: "unavailable" })).toEqual([]);
    clock.set(BERLIN.toEpoch(MONDAY, 11 * 60) + 30 * MIN);
    expect(log.list({ kind: "unavailable" }).map((a) => [a.severity, a.summary])).toEqual([
      ["medium", "Bedroom light unavailable since 11:00 (30 min)"],
    ]);
  });

  it("stops its timers", () => {
    feed(at("07:00", "switch.bathroom_fan", "on"));
    expect(clock.pendingTimers()).toBeGreaterThan(0);
    monitor.stop();
    expect(clock.pendingTimers()).toBe(0);
  });
});
