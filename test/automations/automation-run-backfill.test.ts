// Filling automation runs from Home Assistant's history, on the rows a real Home Assistant 2023.12 recorded.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { backfillAutomationRuns, runStarts } from "../../src/automations/automation-run-backfill.js";
import { MemoryAutomationRunStore } from "../../src/automations/automation-run-days.js";
import { ManualClock } from "../../src/core/clock.js";
import { LocalTime } from "../../src/core/local-time.js";
import type { HaHistoryResult } from "../../src/sources/ha/ha-messages.js";

const fixture = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../fixtures/ha-contexts/real-ha-2023.12-contexts.json"), "utf8"),
);
const recorded: HaHistoryResult = fixture.automation_history.result;
const TIME = new LocalTime("Europe/Berlin");

function history(result: HaHistoryResult, live = Object.keys(result)) {
  const asked: { entityIds: readonly string[]; startMs: number }[] = [];
  return {
    asked,
    liveEntities: () => [...live, "light.kitchen"],
    historyWithAttributes: async (entityIds: readonly string[], startMs: number) => {
      asked.push({ entityIds, startMs });
      return Object.fromEntries(Object.entries(result).filter(([e]) => entityIds.includes(e)));
    },
  };
}

describe("automation runs filled from Home Assistant's history", () => {
  it("finds each run in the recorded states, though the recorder keeps no last_triggered", () => {
    const rows = recorded["automation.p2_follow"];
    expect(rows.every((r) => r.a?.last_triggered === undefined)).toBe(true);
    const starts = runStarts(rows).map((ms) => new Date(ms).toISOString());
    // Three runs of an earlier pass, then the two heard live at 03:19:07.369 and 03:19:10.089.
    expect(starts).toEqual([
      "2026-12-07T03:18:19.291Z",
      "2026-12-07T03:18:22.544Z",
      "2026-12-07T03:18:25.259Z",
      "2026-12-07T03:19:07.370Z",
      "2026-12-07T03:19:10.089Z",
    ]);
    expect(fixture.automation_history.runs_heard_live).toEqual([
      "2026-12-07T03:19:07.369954+00:00",
      "2026-12-07T03:19:10.089840+00:00",
    ]);
  });

  it("fills a day nobody counted, once, and leaves counted days alone", async () => {
    const clock = new ManualClock(Date.parse("2026-12-07T12:00:00Z"));
    const runs = new MemoryAutomationRunStore();
    const ha = history(recorded);
    expect(await backfillAutomationRuns({ ha, runs, time: TIME, clock })).toBe(5);
    expect(ha.asked.map((a) => a.entityIds)).toEqual([["automation.p2_follow"]]);
    expect(runs.daysBetween("2026-12-01", "2026-12-31")).toEqual([
      {
        automation: "automation.p2_follow",
        name: "P2 follow",
        day: "2026-12-07",
        runs: 5,
        lastTs: Date.parse("2026-12-07T03:19:10.089Z"),
      },
    ]);
    // After a reconnect the same history is read again: nothing is counted twice.
    expect(await backfillAutomationRuns({ ha, runs, time: TIME, clock })).toBe(0);
    expect(runs.daysBetween("2026-12-01", "2026-12-31")[0].runs).toBe(5);
  });

  it("does not add history to a day already heard live", async () => {
    const clock = new ManualClock(Date.parse("2026-12-07T12:00:00Z"));
    const runs = new MemoryAutomationRunStore();
    runs.record({
      automation: "automation.p2_follow",
      name: "P2 follow",
      day: "2026-12-07",
      ts: Date.parse("2026-12-07T03:19:07.370Z"),
    });
    expect(await backfillAutomationRuns({ ha: history(recorded), runs, time: TIME, clock })).toBe(0);
    expect(runs.daysBetween("2026-12-01", "2026-12-31")[0].runs).toBe(1);
  });
});
