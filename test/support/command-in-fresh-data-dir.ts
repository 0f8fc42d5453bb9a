// Runs one CLI command in-process on a fresh, empty data dir at a fixed moment, collecting what it
// says and which files it left: the option-refusal tests check it touched nothing.
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCommand } from "../../src/cli/commands.js";
import { ManualClock } from "../../src/core/clock.js";

export async function runInFreshDataDir(prefix: string, name: string, args: string[]) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(name, args, {
    env: { DATA_DIR: dataDir, TZ: "UTC" },
    cwd: process.cwd(),
    clock: new ManualClock(Date.UTC(2026, 10, 23)),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out, err, files: readdirSync(dataDir) };
}
