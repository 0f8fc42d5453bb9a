// Every command refuses options it does not know and explains itself with --help, touching nothing.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runInFreshDataDir } from "../support/command-in-fresh-data-dir.js";
import { MAIN } from "../support/service-process.js";

const run = (name: string, args: string[]) => runInFreshDataDir("hp-options-", name, args);

describe("command-line options", () => {
  it("refuses an unknown option, naming it and the ones the command takes", async () => {
    const r = await run("detect", ["--jsno"]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(["unknown option: --jsno (this command takes --time-zone, --to, --json, --all, --help)"]);
    expect(r.files).toEqual([]);
  });

  it("names every unknown option at once", async () => {
    const r = await run("rollup", ["--days", "2026-11-20", "--dryrun"]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([
      "unknown options: --days, --dryrun (this command takes --time-zone, --day, --dry-run, --help)",
    ]);
  });

  it("refuses a value on an option that takes none", async () => {
    const r = await run("forget", ["--entity", "light.kitchen", "--yes=no"]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(["--yes takes no value, got --yes=no"]);
  });

  // "--to must be a day YYYY-MM-DD of the calendar, got " ended on nothing.
  it("says an option written with = and nothing after it needs a value, as a missing one does", async () => {
    for (const [name, args, option] of [
      ["detect", ["--to="], "--to"],
      ["rollup", ["--day="], "--day"],
      ["migrate", ["--to="], "--to"],
      ["export", ["--entity="], "--entity"],
      ["detect", ["--time-zone="], "--time-zone"],
    ] as const) {
      const r = await run(name, [...args]);
      expect(r.err, `${name} ${args.join(" ")}`).toEqual([`${option} needs a value`]);
      expect(r.code).toBe(2);
      expect(r.files).toEqual([]);
    }
  });

  it("prints a command's own usage for --help without opening the data dir", async () => {
    const r = await run("detect", ["--help"]);
    expect(r.code).toBe(0);
    expect(r.out.join("\n")).toContain("detect [--json] [--all] [--to YYYY-MM-DD]");
    expect(r.out.join("\n")).not.toContain("rollup");
    expect(r.out.join("\n")).toContain("Every command: --help (or help <command>), --time-zone <IANA zone>;");
    expect(r.out.join("\n")).toContain("Environment: DATA_DIR");
    expect(r.out.join("\n")).toContain("ALLOWED_HOSTS (other host names the panel may be opened by)");
    expect(r.files).toEqual([]);
  });

  it("refuses an unknown option to demo before starting anything", () => {
    expect(existsSync(MAIN), "run `npm run build` first").toBe(true);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-options-"));
    const r = spawnSync(process.execPath, [MAIN, "demo", "--sped", "10"], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, PORT: "0" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "home-patterns cannot start.\nunknown option: --sped (this command takes --time-zone, --seed, --speed, --history-days, --help)\n",
    );
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it("refuses demo speeds and history it cannot play, naming every problem before starting anything", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-options-"));
    const r = spawnSync(process.execPath, [MAIN, "demo", "--speed", "0", "--history-days", "1.5", "--seed", "x"], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, PORT: "99999" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      [
        "home-patterns cannot start.",
        "Invalid configuration:",
        "  - --seed must be a whole number of 0 or more, got x",
        "  - --speed must be a number above 0 (60 plays a simulated minute each second), got 0",
        "  - --history-days must be a whole number of days, 0 or more, got 1.5",
        "  - PORT must be a number from 0 to 65535, got 99999",
        "",
      ].join("\n"),
    );
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
