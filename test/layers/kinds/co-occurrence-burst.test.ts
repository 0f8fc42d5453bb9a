// Many entities changing at one instant (a history download's first rows) make a pair for every two of them: the day must still fit a small heap.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("co_occurrence_daily on a burst", () => {
  it("counts the 1.1 million pairs of 1,500 entities changing at once under a 64 MB heap", () => {
    const child = spawnSync(
      process.execPath,
      [
        "--max-old-space-size=64",
        path.resolve("node_modules/vite-node/vite-node.mjs"),
        path.resolve("test/layers/kinds/co-occurrence-burst-child.ts"),
        "2026-03-10",
        "1500",
      ],
      { encoding: "utf8", timeout: 300_000 },
    );
    expect(child.stderr.slice(-2000)).not.toMatch(/heap out of memory/);
    expect(child.status).toBe(0);
    const done = JSON.parse(child.stdout.trim().split("\n").at(-1)!);
    // The day keeps its 5,000 pairs furthest above chance.
    expect(done.pairs).toBe(5000);
  }, 320_000);
});
