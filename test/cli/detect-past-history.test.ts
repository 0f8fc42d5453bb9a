// `home-patterns detect` after importing history that ended weeks ago judges the days that hold it.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { ManualClock } from "../../src/core/clock.js";
import { type DailyChange, dailyHistoryJsonl } from "../support/daily-history-jsonl.js";

/** A kitchen light switched on at 06:30 and off at 07:15, every day of November 2026 up to the 16th. */
function historyJsonl(): string {
  const changes: DailyChange[] = [
    [6, 30, "on", "off"],
    [7, 15, "off", "on"],
  ];
  return dailyHistoryJsonl("light.kitchen", changes, { days: 16 });
}

async function run(dataDir: string, name: string, args: string[], clock: ManualClock) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(name, [...args, "--time-zone", "UTC"], {
    env: { DATA_DIR: dataDir },
    cwd: dataDir,
    clock,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out, err };
}

describe("detect after importing past history", () => {
  it("judges the window that ends on the last day with data and says so", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-past-"));
    const file = path.join(dir, "history.jsonl");
    writeFileSync(file, historyJsonl());
    // Today is 7 December: the history stopped three weeks ago.
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 9));
    expect((await run(dir, "import", ["--format", "jsonl", file], clock)).code).toBe(0);
    expect((await run(dir, "rollup", [], clock)).code).toBe(0);
    const detect = await run(dir, "detect", [], clock);
    expect(detect.code).toBe(0);
    expect(detect.out[0]).toBe(
      "History ends on 2026-11-16: judging the window that ends on that day (--to chooses another).",
    );
    expect(detect.out[1]).toBe("Detection over the window ending 2026-11-16:");
    expect(detect.out.some((l) => l.includes("Kitchen light turns on around 06:30 ± 0 min on 16 of 16 days"))).toBe(
      true,
    );
    expect(detect.out.join("\n")).not.toContain("No patterns yet");
  });

  it("judges yesterday when the history reaches it", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-past-"));
    const file = path.join(dir, "history.jsonl");
    writeFileSync(file, historyJsonl());
    const clock = new ManualClock(Date.UTC(2026, 10, 17, 9));
    await run(dir, "import", ["--format", "jsonl", file], clock);
    await run(dir, "rollup", [], clock);
    const detect = await run(dir, "detect", [], clock);
    expect(detect.out[0]).toBe("Detection over the window ending 2026-11-16:");
  });
});
