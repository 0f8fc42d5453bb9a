// `home-patterns migrate`: what a dry run says it would do, and that it changes nothing.
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/commands.js";
import { ManualClock } from "../../src/core/clock.js";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-migrate-"));

async function migrate(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand("migrate", args, {
    env: { DATA_DIR: dataDir, TZ: "UTC" },
    cwd: process.cwd(),
    clock: new ManualClock(Date.UTC(2026, 10, 23)),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out, err };
}

describe("migrate command", () => {
  it("says what a dry run would roll back, and the version it would reach, changing nothing", async () => {
    await migrate(["--to", "10"]);
    const dry = await migrate(["--dry-run", "--to", "8"]);
    expect(dry.code).toBe(0);
    expect(dry.out).toEqual([
      "would roll back 0010_compact_rows",
      "would roll back 0009_automation_runs",
      "dry run: would take the schema from version 10 to 8; nothing was changed",
    ]);
    expect((await migrate(["--dry-run", "--to", "10"])).out).toEqual(["schema is at version 10: nothing to do"]);
  });

  it("names the steps it takes and the version reached", async () => {
    const down = await migrate(["--to", "9"]);
    expect(down.out).toEqual(["rolling back 0010_compact_rows", "schema version 10 → 9"]);
    const up = await migrate(["--to", "10"]);
    expect(up.out).toEqual(["applying 0010_compact_rows", "schema version 9 → 10"]);
  });

  it("puts a bad --to on stderr", async () => {
    const r = await migrate(["--to", "ten"]);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual(["--to needs a migration version number, got ten"]);
  });

  it("previews a new data dir without creating its database", async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "hp-migrate-"));
    const out: string[] = [];
    const code = await runCommand("migrate", ["--dry-run", "--to", "2"], {
      env: { DATA_DIR: empty, TZ: "UTC" },
      cwd: process.cwd(),
      clock: new ManualClock(0),
      out: (l) => out.push(l),
      err: () => {},
    });
    expect(code).toBe(0);
    expect(out).toEqual([
      "would apply 0001_foundation",
      "would apply 0002_layers",
      `dry run: no database yet in ${empty}; would create it at version 2; nothing was changed`,
    ]);
    expect(readdirSync(empty)).toEqual([]);
  });
});
