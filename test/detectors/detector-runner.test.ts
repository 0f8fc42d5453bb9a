// The runner: every detector over its window, a failing one logged by name without stopping the others.
import { describe, expect, it } from "vitest";
import type { AppEvents } from "../../src/app-events.js";
import { ManualClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import { LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { Detector, DetectorInput } from "../../src/detectors/detector.js";
import { DetectorRunner } from "../../src/detectors/detector-runner.js";
import type { WindowReader } from "../../src/layers/aggregate-kind.js";
import { AnomalyLog } from "../../src/patterns/anomaly-log.js";
import type { Anomaly, Finding, PatternType } from "../../src/patterns/finding.js";
import { PatternCatalog } from "../../src/patterns/pattern-catalog.js";
import { MemoryAuditLog } from "../support/memory/memory-audit-log.js";
import { MemoryPatternStore } from "../support/memory/memory-pattern-store.js";
import { MemoryRegistryStore } from "../support/memory/memory-registry-store.js";
import { findingOfType } from "../support/sample-findings.js";

const emptyReader: WindowReader = {
  merged: () => new Map(),
  byDay: () => new Map(),
  byPeriod: () => new Map(),
  coveredDays: () => [],
  rolledUpDays: () => [],
};

const finding = (type: PatternType, entity: string): Finding =>
  findingOfType(type, {
    key: `${type}|${entity}`,
    entities: [entity],
    area: null,
    summary: `${type} ${entity}`,
    confidence: 0.9,
    support: 10,
    opportunities: 14,
    usefulness: 0.5,
    automated: false,
    users: [],
    evidence: { days: [] },
  });

function setup(
  detectors: Detector[],
  anomalyRetentionDays?: number,
  lastDayWithData?: (upTo: string) => string | null,
) {
  // 2026-03-10 09:00 in Berlin: the newest closed day is 2026-03-09.
  const clock = new ManualClock(Date.UTC(2026, 2, 10, 8, 0));
  const store = new MemoryPatternStore();
  const logger = createMemoryLogger();
  const bus = new TypedBus<AppEvents>(logger);
  const heard: { updates: AppEvents["patternsUpdated"][]; anomalies: Anomaly[] } = { updates: [], anomalies: [] };
  bus.on("patternsUpdated", "test", (u) => void heard.updates.push(u));
  bus.on("anomaly", "test", (a) => void heard.anomalies.push(a));
  const refreshed: string[] = [];
  const audit = new MemoryAuditLog();
  const catalog = new PatternCatalog(store, clock, audit);
  const anomalies = new AnomalyLog(store, clock, audit);
  const runner = new DetectorRunner({
    detectors,
    reader: emptyReader,
    catalog,
    anomalies,
    registry: new MemoryRegistryStore(),
    time: new LocalTime("Europe/Berlin"),
    clock,
    logger,
    bus,
    settings: (type) => ({ name: type }),
    monitor: { refreshBaselines: (_reader, to) => void refreshed.push(to) },
    anomalyRetentionDays,
    lastDayWithData,
  });
  return { runner, catalog, logger, heard, refreshed, anomalies, clock };
}

describe("DetectorRunner", () => {
  it("runs each detector over its window ending yesterday, with its own settings", () => {
    const seen: Pick<DetectorInput, "from" | "to" | "settings">[] = [];
    const spy = (type: PatternType, windowDays: number): Detector => ({
      type,
      windowDays,
      detect: ({ from, to, settings }) => {
        seen.push({ from, to, settings });
        return [];
      },
    });
    const { runner } = setup([spy("time_based", 28), spy("seasonal", 365)]);
    expect(runner.run().to).toBe("2026-03-09");
    expect(seen).toEqual([
      { from: "2026-02-10", to: "2026-03-09", settings: { name: "time_based" } },
      { from: "2025-03-10", to: "2026-03-09", settings: { name: "seasonal" } },
    ]);
  });

  it("judges the window ending on the last day with events when the days since recorded none", () => {
    const seen: string[] = [];
    const spy: Detector = {
      type: "time_based",
      windowDays: 28,
      detect: ({ from, to }) => {
        seen.push(`${from}..${to}`);
        return [];
      },
    };
    const asked: string[] = [];
    // History imported up to 2026-03-04 (or a source silent since): 2026-03-05..09 hold nothing.
    const { runner } = setup([spy], undefined, (upTo) => {
      asked.push(upTo);
      return "2026-03-04";
    });
    expect(runner.run().to).toBe("2026-03-04");
    expect(asked).toEqual(["2026-03-09"]);
    expect(runner.run({ to: "2026-03-09" }).to).toBe("2026-03-09");
    expect(seen).toEqual(["2026-02-05..2026-03-04", "2026-02-10..2026-03-09"]);
    // Events up to yesterday, or none at all: yesterday, as every night.
    expect(setup([spy], undefined, () => "2026-03-09").runner.run().to).toBe("2026-03-09");
    expect(setup([spy], undefined, () => null).runner.run().to).toBe("2026-03-09");
  });

  it("logs a failing detector by name and still keeps the others' findings", () => {
    const { runner, catalog, logger, heard } = setup([
      { type: "time_based", windowDays: 28, detect: () => [finding("time_based", "light.a")] },
      {
        type: "sequence",
        windowDays: 28,
        detect: () => {
          throw new Error("sequence_daily row is malformed");
        },
      },
      { type: "duration", windowDays: 28, detect: () => [finding("duration", "light.b")] },
    ]);
    const report = runner.run();
    expect(report.detectors.map((d) => [d.type, d.findings, d.error ?? null])).toEqual([
      ["time_based", 1, null],
      ["sequence", 0, "sequence_daily row is malformed"],
      ["duration", 1, null],
    ]);
    expect(
      catalog
        .list()
        .map((p) => p.key)
        .sort(),
    ).toEqual(["duration|light.b", "time_based|light.a"]);
    expect(logger.lines.filter((l) => l.includes("ERROR"))).toEqual([
      expect.stringContaining(
        'detector failed detector="sequence" from="2026-02-10" to="2026-03-09" error="sequence_daily row is malformed"',
      ),
    ]);
    expect(heard.updates).toHaveLength(1);
    expect(heard.updates[0].active).toBe(2);
    expect(heard.updates[0].changed.map((p) => p.key).sort()).toEqual(["duration|light.b", "time_based|light.a"]);
  });

  it("raises the nightly anomalies once, tells the bus, and refreshes the online baselines", () => {
    const anomaly: Anomaly = {
      key: "missed_routine|area:kitchen|2026-03-09",
      kind: "missed_routine",
      entity: null,
      area: "kitchen",
      ts: Date.UTC(2026, 2, 9, 9, 0),
      severity: "medium",
      summary: "No kitchen activity by 10:00",
      expected: "usually starts before 07:30",
      details: {},
    };
    const detector = { type: "anomaly" as const, windowDays: 28, detect: () => [], detectAnomalies: () => [anomaly] };
    const { runner, heard, refreshed } = setup([detector]);
    expect(runner.run().anomalies.map((a) => a.key)).toEqual([anomaly.key]);
    expect(runner.run().anomalies).toEqual([]);
    expect(heard.anomalies.map((a) => a.key)).toEqual([anomaly.key]);
    expect(refreshed).toEqual(["2026-03-09", "2026-03-09"]);
  });

  it("forgets anomalies older than the retention after each run, but not one the user called normal", () => {
    const old = (key: string, daysAgo: number, entity = "light.porch"): Anomaly => ({
      key,
      kind: "unusual_time",
      entity,
      area: null,
      ts: Date.UTC(2026, 2, 10, 8, 0) - daysAgo * 86_400_000,
      severity: "low",
      summary: key,
      expected: "",
      details: {},
    });
    const { runner, anomalies } = setup([], 90);
    for (const a of [old("long ago", 120), old("normal long ago", 100, "light.garden"), old("last month", 30)])
      anomalies.raise(a);
    const normal = anomalies.list().find((a) => a.key === "normal long ago")!;
    anomalies.markNormal(normal.id, { actorId: null, actorName: "admin", via: "local" });
    runner.run();
    expect(
      anomalies
        .list()
        .map((a) => a.key)
        .sort(),
    ).toEqual(["last month", "normal long ago"]);
  });

  it("drops a finding of another type than the detector's own", () => {
    const { runner, catalog } = setup([
      { type: "session", windowDays: 28, detect: () => [finding("time_based", "light.a")] },
    ]);
    runner.run();
    expect(catalog.list({ statuses: ["active", "stale"] })).toEqual([]);
  });
});
