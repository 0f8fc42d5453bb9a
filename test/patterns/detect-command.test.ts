// `home-patterns detect`: the detectors over stored windows, the catalog printed as JSON or as a table.
import { describe, expect, it } from "vitest";
import { type DetectCommandDeps, runDetectCommand } from "../../src/cli/detect-command.js";
import { ManualClock } from "../../src/core/clock.js";
import { addDays } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { Detector } from "../../src/detectors/detector.js";
import { catalogSettings, createDetectors, detectorSettings } from "../../src/detectors/registry.js";
import type { Finding } from "../../src/patterns/finding.js";
import { PatternCatalog } from "../../src/patterns/pattern-catalog.js";
import { BERLIN, detectorInput, everyDay, plus, TO } from "../detectors/support/detector-fixture.js";
import { MemoryAuditLog } from "../support/memory/memory-audit-log.js";
import { MemoryPatternStore } from "../support/memory/memory-pattern-store.js";
import { SAMPLE_PARAMS } from "../support/sample-findings.js";

const finding = (summary: string): Finding => ({
  type: "duration",
  key: "duration|switch.fan",
  entities: ["switch.fan"],
  area: null,
  summary,
  confidence: 0.9,
  support: 20,
  opportunities: 28,
  usefulness: 0.8,
  automated: false,
  users: [],
  evidence: { days: [] },
  params: SAMPLE_PARAMS.duration,
});

function deps(detectors: Detector[], extra: Partial<DetectCommandDeps> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const input = detectorInput(
    everyDay(({ index, at }) => [
      at(plus("06:55", index % 3), "light.kitchen", "on"),
      at("07:30", "light.kitchen", "off"),
    ]),
    [{ entityId: "light.kitchen", name: "Kitchen light", areaId: "kitchen" }],
    ["kitchen"],
  );
  const clock = new ManualClock(BERLIN.toEpoch(addDays(TO, 1), 3 * 60));
  const store = new MemoryPatternStore();
  const audit = new MemoryAuditLog();
  const d: DetectCommandDeps = {
    reader: input.reader,
    store,
    audit,
    registry: input.registry,
    detectors,
    settings: detectorSettings({}),
    catalog: new PatternCatalog(store, clock, audit, catalogSettings({ min_confidence: 0.6 })),
    time: BERLIN,
    clock,
    logger: createMemoryLogger(),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    ...extra,
  };
  return { d, out, err };
}

describe("detect command", () => {
  it("prints the catalog as JSON, window ending yesterday", () => {
    const { d, out } = deps(createDetectors({ detectors: ["time_based"] }));
    expect(runDetectCommand({ positionals: [], flags: { json: true } }, d)).toBe(0);
    const printed = JSON.parse(out.join("\n"));
    expect(printed.to).toBe("2026-03-01");
    expect(
      printed.detectors.map((x: { type: string; from: string; findings: number }) => [x.type, x.from, x.findings]),
    ).toEqual([["time_based", "2026-02-02", 2]]);
    expect(printed.catalog).toEqual({ added: 2, updated: 0, staled: 0, removed: 0, active: 2 });
    expect(printed.patterns.map((p: { status: string; summary: string }) => [p.status, p.summary]).sort()).toEqual([
      ["active", "Kitchen light turns off around 07:30 ± 0 min on 28 of 28 days"],
      ["active", "Kitchen light turns on around 06:56 ± 1 min on 28 of 28 days"],
    ]);
  });

  it("prints a table, and exits 1 naming a detector that failed", () => {
    const failing: Detector = {
      type: "sequence",
      windowDays: 28,
      detect: () => {
        throw new Error("sequence_daily is unreadable");
      },
    };
    const fine: Detector = {
      type: "duration",
      windowDays: 28,
      detect: () => [finding("Fan stays on for about 15 min")],
    };
    const { d, out } = deps([failing, fine]);
    expect(runDetectCommand({ positionals: [], flags: {} }, d)).toBe(1);
    expect(out).toEqual([
      "Detection over the window ending 2026-03-01:",
      "  sequence  2026-02-02 → 2026-03-01  FAILED: sequence_daily is unreadable",
      "  duration  2026-02-02 → 2026-03-01  1 finding",
      "Catalog: 1 shown; this run added 1, updated 0, marked 0 stale, removed 0.",
      "",
      "id  type      status  confidence  support  summary",
      " 1  duration  active        0.90    20/28  Fan stays on for about 15 min",
    ]);
  });

  it("keeps the columns aligned for the longest detector and pattern type", () => {
    const quiet: Detector = {
      type: "automation_quiet",
      windowDays: 56,
      detect: () => [
        {
          ...finding("Porch automation has not run for 5 days"),
          type: "automation_quiet",
          key: "automation_quiet|automation.porch",
          params: SAMPLE_PARAMS.automation_quiet,
        },
      ],
    };
    const fine: Detector = {
      type: "duration",
      windowDays: 28,
      detect: () => [finding("Fan stays on for about 15 min")],
    };
    const { d, out } = deps([fine, quiet]);
    expect(runDetectCommand({ positionals: [], flags: {} }, d)).toBe(0);
    expect(out).toEqual([
      "Detection over the window ending 2026-03-01:",
      "  duration          2026-02-02 → 2026-03-01  1 finding",
      "  automation_quiet  2026-01-05 → 2026-03-01  1 finding",
      "Catalog: 2 shown; this run added 2, updated 0, marked 0 stale, removed 0.",
      "",
      "id  type              status  confidence  support  summary",
      " 1  duration          active        0.90    20/28  Fan stays on for about 15 min",
      " 2  automation_quiet  active        0.90    20/28  Porch automation has not run for 5 days",
    ]);
  });

  it("refuses a malformed --to", () => {
    const { d, err } = deps([]);
    expect(runDetectCommand({ positionals: [], flags: { to: "March" } }, d)).toBe(2);
    expect(err).toEqual(["--to must be a day YYYY-MM-DD of the calendar, got March"]);
  });
});

describe("detector registry", () => {
  it("builds the detectors the option lists, in catalog order, and all eleven by default", () => {
    expect(createDetectors({ detectors: ["seasonal", "anomaly"] }).map((d) => d.type)).toEqual(["anomaly", "seasonal"]);
    expect(createDetectors({}).map((d) => [d.type, d.windowDays])).toEqual([
      ["time_based", 28],
      ["co_occurrence", 28],
      ["sequence", 28],
      ["room_based", 28],
      ["duration", 28],
      ["anomaly", 57],
      ["session", 28],
      ["day_type", 56],
      ["contextual", 84],
      ["seasonal", 365],
      ["automation_quiet", 56],
    ]);
  });

  it("passes the anomaly sensitivity and reads the catalog caps from the options", () => {
    expect(detectorSettings({ anomaly_sensitivity: "low" })("anomaly")).toEqual({ sensitivity: "low" });
    expect(detectorSettings({ anomaly_sensitivity: "low" })("session")).toEqual({});
    expect(catalogSettings({ max_patterns: 50, max_patterns_per_entity: 2, min_confidence: 0.7 })).toMatchObject({
      maxPatterns: 50,
      maxPerEntity: 2,
      minConfidence: 0.7,
    });
  });
});
