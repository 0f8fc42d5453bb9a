// A writer killed between winning the takeover of a stale service.pid and replacing it leaves its
// marker: the next writer is not blocked by it, and one that is still taking over is not overtaken.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readClaim } from "../../src/storage/claim-files.js";
import { claimDataDir, type ProcessProbe } from "../../src/storage/service-pid-file.js";
import { takeoverMarker } from "../../src/storage/stale-claim-takeover.js";

function system(pid: number, started: Record<number, string>): ProcessProbe {
  return { pid, alive: (p) => p in started, startTime: (p) => started[p] ?? null, bootId: () => "boot-a" };
}

/** A data dir with a stale service.pid (process 50 ended) and the marker of a taker, process 60. */
function staleWithTaker(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-cut-short-"));
  const file = path.join(dir, "service.pid");
  writeFileSync(file, "50 111 boot-a\n");
  const stale = readClaim(file);
  if (!stale) throw new Error("no stale file");
  writeFileSync(takeoverMarker(file, stale), "60 222 boot-a import\n");
  return dir;
}

describe("a takeover of a stale service.pid cut short", () => {
  it("blocks nobody once its taker has died: the next writer takes over and removes the marker", () => {
    const dir = staleWithTaker();
    claimDataDir(dir, system(100, { 100: "555" }));
    expect(readFileSync(path.join(dir, "service.pid"), "utf8")).toBe("100 555 boot-a\n");
    expect(readdirSync(dir)).toEqual(["service.pid"]);
  });

  it("is not overtaken while its taker lives: the writer refuses, naming it", () => {
    const dir = staleWithTaker();
    expect(() => claimDataDir(dir, system(100, { 60: "222", 100: "555" }))).toThrow(
      "`home-patterns import` (process 60) is writing to",
    );
    expect(readFileSync(path.join(dir, "service.pid"), "utf8")).toBe("50 111 boot-a\n");
    expect(readdirSync(dir).length).toBe(2);
  });
});
