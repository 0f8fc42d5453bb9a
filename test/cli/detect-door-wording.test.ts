// A door sensor's habit told in Home Assistant's words: imported state_changed events name its device class.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { ManualClock } from "../../src/core/clock.js";
import { type DailyChange, dailyHistoryJsonl } from "../support/daily-history-jsonl.js";

/** The fridge door opened at 07:10 and closed a minute later, every day of November 2026 up to the 16th. */
function historyJsonl(deviceClass: string | undefined): string {
  const attributes = deviceClass ? { device_class: deviceClass, friendly_name: "Fridge door" } : {};
  const changes: DailyChange[] = [
    [7, 10, "on", "off"],
    [7, 11, "off", "on"],
  ];
  return dailyHistoryJsonl("binary_sensor.fridge_door", changes, { days: 16, attributes });
}

async function detect(deviceClass: string | undefined): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-door-words-"));
  const file = path.join(dir, "history.jsonl");
  writeFileSync(file, historyJsonl(deviceClass));
  const clock = new ManualClock(Date.UTC(2026, 10, 17, 9));
  const out: string[] = [];
  const run = (name: string, args: string[]) =>
    runCommand(name, [...args, "--time-zone", "UTC"], {
      env: { DATA_DIR: dir },
      cwd: dir,
      clock,
      out: (l) => out.push(l),
      err: () => undefined,
    });
  expect(await run("import", ["--format", "jsonl", file])).toBe(0);
  expect(await run("rollup", [])).toBe(0);
  out.length = 0;
  expect(await run("detect", [])).toBe(0);
  return out;
}

describe("a door sensor's pattern", () => {
  it("says the door opens, as Home Assistant shows a door, when its events name device_class door", async () => {
    const out = await detect("door");
    const text = out.join("\n");
    expect(text).toContain("Fridge door opens around 07:10 ± 0 min on 16 of 16 days");
    expect(text).toContain("Fridge door stays open for about 60 s, 16 of 16 times");
    expect(text).not.toContain("turns on");
    expect(text).not.toContain("stays on");
  });

  it("keeps the on/off wording when no device class is known", async () => {
    const out = await detect(undefined);
    const text = out.join("\n");
    expect(text).toContain("Fridge door turns on around 07:10 ± 0 min on 16 of 16 days");
    expect(text).toContain("Fridge door stays on for about 60 s, 16 of 16 times");
  });
});
