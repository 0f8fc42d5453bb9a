// When an automation counts as quiet: most days of its usual weeks, silent for twice its usual gap, heard elsewhere since.
import { describe, expect, it } from "vitest";
import { type AutomationRunDay, MemoryAutomationRunStore } from "../../src/automations/automation-run-days.js";
import { automationSwitchedOff } from "../../src/automations/automation-switched-off.js";
import { addDays, LocalTime } from "../../src/core/local-time.js";
import { quietAutomations, quietSummary } from "../../src/detectors/automation-quiet.js";
import { AutomationQuietDetector } from "../../src/detectors/automation-quiet-detector.js";
import type { WindowReader } from "../../src/layers/aggregate-kind.js";
import { MemoryEventStore } from "../support/memory/memory-event-store.js";
import { MemoryRegistryStore } from "../support/memory/memory-registry-store.js";

const TIME = new LocalTime("Europe/Berlin");
const START = "2026-10-05"; // a Monday

function runs(automation: string, name: string, days: string[]): AutomationRunDay[] {
  const store = new MemoryAutomationRunStore();
  for (const day of days) store.record({ automation, name, day, ts: TIME.toEpoch(day, 7 * 60) });
  return store.daysBetween("2000-01-01", "2100-01-01");
}

const everyDay = (from: string, n: number, step = 1) => Array.from({ length: n }, (_, i) => addDays(from, i * step));

describe("quietAutomations", () => {
  it("reports an automation that ran every other day and has been silent for four days", () => {
    const fish = runs("automation.feed_fish", "Feed fish", everyDay(START, 15, 2)); // last on 2026-11-02
    const other = runs("automation.night_lock", "Night lock", everyDay(START, 33));
    expect(quietAutomations([...fish, ...other], "2026-11-06")).toEqual([
      {
        automation: "automation.feed_fish",
        name: "Feed fish",
        lastRun: TIME.toEpoch("2026-11-02", 7 * 60),
        lastRunDay: "2026-11-02",
        usualGapDays: 2,
        silentDays: 4,
        runDays: 15,
        ofDays: 29,
      },
    ]);
    expect(quietAutomations([...fish, ...other], "2026-11-05")).toEqual([]);
  });

  it("does not count days on which no automation at all was heard (the add-on was stopped)", () => {
    const lights = runs("automation.morning_lights", "Morning lights", everyDay(START, 21));
    const lock = runs("automation.night_lock", "Night lock", everyDay(START, 21));
    expect(quietAutomations([...lights, ...lock], addDays(START, 30))).toEqual([]);
  });

  it("ignores an automation that ran on fewer than half the days of its weeks", () => {
    const rare = runs("automation.rare", "Rare", everyDay(START, 9, 3)); // 9 of 25 days
    const lock = runs("automation.night_lock", "Night lock", everyDay(START, 40));
    expect(quietAutomations([...rare, ...lock], addDays(START, 39))).toEqual([]);
  });

  it("words the last run by weekday within a week and by date after", () => {
    const q = quietAutomations(
      [
        ...runs("automation.morning_lights", "Morning lights", everyDay(START, 21)),
        ...runs("automation.night_lock", "Night lock", everyDay(START, 40)),
      ],
      addDays(START, 39),
    )[0];
    expect(quietSummary(q, TIME)).toBe(
      "Automation 'Morning lights' has not run since 2026-10-25 07:00; it usually runs every day",
    );
    expect(quietSummary({ ...q, silentDays: 3 }, TIME)).toBe(
      "Automation 'Morning lights' has not run since Sun 07:00; it usually runs every day",
    );
  });
});

describe("AutomationQuietDetector", () => {
  const reader = {} as WindowReader; // it reads run days, never the layers
  const input = {
    reader,
    from: START,
    to: "2026-10-28",
    time: TIME,
    registry: new MemoryRegistryStore(),
    settings: {},
  };

  function store() {
    const runs = new MemoryAutomationRunStore();
    for (const day of everyDay(START, 24)) {
      if (day <= "2026-10-25")
        runs.record({
          automation: "automation.morning_lights",
          name: "Morning lights",
          day,
          ts: TIME.toEpoch(day, 420),
        });
      runs.record({ automation: "automation.night_lock", name: "Night lock", day, ts: TIME.toEpoch(day, 1320) });
    }
    return runs;
  }

  it("reports the quiet automation as a finding keyed by its last run day", () => {
    const [finding] = new AutomationQuietDetector(store()).detect(input);
    expect(finding).toMatchObject({
      type: "automation_quiet",
      key: "automation_quiet:automation.morning_lights:2026-10-25",
      entities: ["automation.morning_lights"],
      summary: "Automation 'Morning lights' has not run since Sun 07:00; it usually runs every day",
      support: 21,
      opportunities: 21,
      confidence: 1,
      params: { name: "Morning lights", lastRunDay: "2026-10-25", usualGapDays: 1, silentDays: 3 },
    });
  });

  it("leaves out an automation a user switched off in Home Assistant", () => {
    const events = new MemoryEventStore();
    events.append([
      { ts: TIME.toEpoch("2026-10-25", 600), entity: "automation.morning_lights", state: "off", source: "ha" },
    ]);
    expect(new AutomationQuietDetector(store(), automationSwitchedOff(events)).detect(input)).toEqual([]);
    events.append([
      { ts: TIME.toEpoch("2026-10-26", 600), entity: "automation.morning_lights", state: "on", source: "ha" },
    ]);
    expect(new AutomationQuietDetector(store(), automationSwitchedOff(events)).detect(input)).toHaveLength(1);
  });
});
