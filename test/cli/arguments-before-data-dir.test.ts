// A typo on the command line is told at once, also while the service runs on the data dir: not first
// "stop the service", then, once the user has stopped it, "not a day".
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { ManualClock } from "../../src/core/clock.js";
import { claimDataDir, SYSTEM_PROCESSES } from "../../src/storage/service-pid-file.js";

/** A data dir the service holds: the claim names a live process other than this one (vitest's parent). */
function heldDataDir(): string {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-held-"));
  claimDataDir(dataDir, { ...SYSTEM_PROCESSES, pid: process.ppid });
  return dataDir;
}

async function run(dataDir: string, name: string, args: string[]) {
  const err: string[] = [];
  const code = await runCommand(name, args, {
    env: { DATA_DIR: dataDir, TZ: "UTC" },
    cwd: process.cwd(),
    clock: new ManualClock(Date.UTC(2026, 10, 23)),
    out: () => {},
    err: (l) => err.push(l),
  });
  return { code, err: err.join("\n") };
}

describe("arguments are checked before the data dir is claimed", () => {
  it("holds the data dir for a command whose arguments are right", async () => {
    const dataDir = heldDataDir();
    const r = await run(dataDir, "rollup", ["--day", "2026-02-27"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `the Home Patterns service (process ${process.ppid}) is running on ${dataDir}: stop it first, then run rollup again (two writers on one database could lose or mix up data)`,
    );
  });

  it.each([
    ["rollup", ["--day", "2026-02-30"], "not a day: 2026-02-30 (expected YYYY-MM-DD, a day of the calendar)"],
    ["detect", ["--to", "garbage"], "--to must be a day YYYY-MM-DD of the calendar, got garbage"],
    ["migrate", ["--to", "abc"], "--to needs a migration version number, got abc"],
    [
      "import",
      ["--format", "nope", "history.csv"],
      "--format must be one of ha-history-csv, jsonl, ha-recorder, influxdb, influxdb2, ltss, got nope",
    ],
    ["import", ["--format", "jsonl"], "import needs a file: home-patterns import --format ha-history-csv|jsonl <file>"],
    ["forget", ["--entity", "nope", "--yes"], 'not an entity id: "nope" (e.g. light.kitchen)'],
    [
      "forget",
      ["--entity", "light.kitchen"],
      "this removes every event, aggregate, pattern and anomaly naming light.kitchen for good, also from Redis, InfluxDB and Neo4j when set; stop the service first and run again with --yes",
    ],
  ])("%s %j is refused for its arguments while the service runs", async (name, args, message) => {
    const r = await run(heldDataDir(), name, args);
    expect(r.err).toBe(message);
    expect(r.code).toBe(2);
  });

  it("still imports a file whose format its name gives", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-args-"));
    const file = path.join(dataDir, "events.jsonl");
    writeFileSync(file, "");
    const r = await run(path.join(dataDir, "data"), "import", [file]);
    expect(r.err).not.toContain("--format must be");
    expect(r.code).toBe(0);
  });
});
