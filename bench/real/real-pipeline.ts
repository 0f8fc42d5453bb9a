// Runs one real home through the user's path: `home-patterns import` → `rollup` → `detect` on a data dir.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCommand } from "../../src/cli/commands.js";
import type { Clock } from "../../src/core/clock.js";
import { LocalTime } from "../../src/core/local-time.js";
import type { StoredPattern } from "../../src/patterns/pattern-store.js";
import type { RealHome } from "./datasets.js";
import { type ExportedHome, exportHome, writeAreaMap, writeStateChangedJsonl } from "./ha-export.js";

export interface DetectJson {
  to: string;
  /** detect chose the window's end: the imported history stops before yesterday. */
  historyEnds?: boolean;
  detectors: { type: string; from: string; to: string; findings: number; durationMs: number; error?: string }[];
  patterns: StoredPattern[];
  anomalies: unknown[];
}

export interface PipelineRun {
  exported: ExportedHome;
  detect: DetectJson;
  /** What each command printed, for the report's trail. */
  transcript: string[];
  seconds: { import: number; rollup: number; detect: number };
}

export async function runRealHome(home: RealHome, clock: Clock): Promise<PipelineRun> {
  const time = new LocalTime(home.timeZone);
  const today = time.dayOf(clock.now());
  const exported = exportHome(home, time, today);
  const dir = mkdtempSync(path.join(os.tmpdir(), "home-patterns-real-"));
  const transcript: string[] = [];
  try {
    const events = path.join(dir, "history.jsonl");
    const areas = path.join(dir, "areas.json");
    writeStateChangedJsonl(events, exported);
    writeAreaMap(areas, exported);
    const stdout: string[] = [];
    const run = async (name: string, argv: string[]) => {
      stdout.length = 0;
      const started = performance.now();
      const code = await runCommand(name, [...argv, "--time-zone", home.timeZone], {
        env: { DATA_DIR: path.join(dir, "data") },
        cwd: dir,
        clock,
        out: (line) => stdout.push(line),
        err: (line) => transcript.push(`${name} (stderr): ${line}`),
      });
      const seconds = (performance.now() - started) / 1000;
      if (name !== "detect") transcript.push(...stdout.map((l) => `${name}: ${l}`));
      if (code !== 0)
        throw new Error(`${home.name}: home-patterns ${name} exited ${code}: ${transcript.slice(-5).join(" / ")}`);
      return seconds;
    };
    const importSeconds = await run("import", ["--format", "jsonl", events, "--areas", areas]);
    const rollupSeconds = await run("rollup", []);
    const detectSeconds = await run("detect", ["--json"]);
    const detect = JSON.parse(stdout.join("\n")) as DetectJson;
    return {
      exported,
      detect,
      transcript,
      seconds: { import: importSeconds, rollup: rollupSeconds, detect: detectSeconds },
    };
  } finally {
    // EVAL_REAL_KEEP=1 keeps each home's data directory, to look at it with `detect` and the panel.
    if (process.env.EVAL_REAL_KEEP) process.stderr.write(`${home.name}: data directory kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
