// Days on the command line must be days of the calendar, refused before the data dir is touched.
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { ManualClock } from "../../src/core/clock.js";
import { addDays, parseDay } from "../../src/core/local-time.js";

async function run(name: string, args: string[]) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-days-"));
  const err: string[] = [];
  const code = await runCommand(name, args, {
    env: { DATA_DIR: dataDir, TZ: "UTC" },
    cwd: process.cwd(),
    clock: new ManualClock(Date.UTC(2026, 10, 23)),
    out: () => {},
    err: (l) => err.push(l),
  });
  return { code, err, files: readdirSync(dataDir) };
}

describe("days on the command line", () => {
  it("parseDay refuses days the calendar does not have and keeps the ones it has", () => {
    expect(() => parseDay("2026-02-30")).toThrow("not a day of the calendar: 2026-02-30");
    expect(() => parseDay("2026-13-01")).toThrow("not a day of the calendar: 2026-13-01");
    expect(() => parseDay("2026-04-31")).toThrow("not a day of the calendar: 2026-04-31");
    expect(() => parseDay("2025-02-29")).toThrow("not a day of the calendar: 2025-02-29");
    expect(parseDay("2028-02-29")).toEqual([2028, 2, 29]);
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
  });

  it("rollup --day 2026-02-30 exits 2 without creating or migrating a database", async () => {
    const r = await run("rollup", ["--day", "2026-02-30"]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(["not a day: 2026-02-30 (expected YYYY-MM-DD, a day of the calendar)"]);
    expect(r.files).toEqual([]);
  });

  it("rollup refuses a malformed day before opening the data dir too", async () => {
    const r = await run("rollup", ["--day", "yesterday"]);
    expect(r.code).toBe(2);
    expect(r.files).toEqual([]);
  });

  it("detect --to 2026-02-30 exits 2 without creating a database", async () => {
    const r = await run("detect", ["--to", "2026-02-30"]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(["--to must be a day YYYY-MM-DD of the calendar, got 2026-02-30"]);
    expect(r.files).toEqual([]);
  });
});
