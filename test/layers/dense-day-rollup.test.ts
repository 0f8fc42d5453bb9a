// A very busy day rolls up within a small heap: the rollup's working state must not take a kilobyte per chain or pair.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("rollup of a dense day", () => {
  it("rolls 27,400 events of 200 entities up under a 96 MB heap", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-dense-day-"));
    dirs.push(dir);
    const child = spawnSync(
      process.execPath,
      [
        "--max-old-space-size=96",
        path.resolve("node_modules/vite-node/vite-node.mjs"),
        path.resolve("test/layers/dense-day-rollup-child.ts"),
        dir,
        "2026-03-10",
        String(Date.parse("2026-03-12T09:00:00Z")),
        "27400",
      ],
      { encoding: "utf8", timeout: 300_000 },
    );
    expect(child.stderr.slice(-2000)).not.toMatch(/heap out of memory/);
    expect(child.status).toBe(0);
    const done = JSON.parse(child.stdout.trim().split("\n").at(-1)!);
    expect(done.events).toBe(27_400);
    expect(done.rows.sequence_daily).toBe(3000);
    expect(done.rows.co_occurrence_daily).toBeGreaterThan(5000);
  }, 320_000);
});
