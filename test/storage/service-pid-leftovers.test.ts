// A claim cut short (kill -9, power cut) can leave service.pid.<pid>.new or .stale beside
// service.pid; the next claim removes those that provably nobody needs, and only those.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { claimDataDir, type ProcessProbe } from "../../src/storage/service-pid-file.js";

function system(pid: number, started: Record<number, string | null>, boot = "boot-a"): ProcessProbe {
  return { pid, alive: (p) => p in started, startTime: (p) => started[p] ?? null, bootId: () => boot };
}

const newDir = () => mkdtempSync(path.join(os.tmpdir(), "hp-leftovers-"));
const leave = (dir: string, files: Record<string, string>) => {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
};

describe("claimDataDir and the temporary files of earlier claims", () => {
  it("removes those of ended processes and of this process's id", () => {
    const dir = newDir();
    leave(dir, {
      "service.pid.40.new": "40 111 boot-a\n",
      "service.pid.41.stale": "12 99 boot-a\n",
      "service.pid.42.new": "",
      "service.pid.100.stale": "12 99 boot-a\n",
    });
    claimDataDir(dir, system(100, { 100: "555" }));
    expect(readdirSync(dir)).toEqual(["service.pid"]);
  });

  it("removes a finished .new file an earlier process with a live id wrote (other start or boot)", () => {
    const dir = newDir();
    leave(dir, {
      "service.pid.7.new": "7 300 boot-a\n",
      "service.pid.8.new": "8 400 boot-old import\n",
    });
    claimDataDir(dir, system(100, { 7: "9000", 8: "400", 100: "555" }));
    expect(readdirSync(dir)).toEqual(["service.pid"]);
  });

  it("leaves those a live process may be writing or using right now", () => {
    const dir = newDir();
    const kept = {
      // Its own claim, just written: the same start time as the live process 200.
      "service.pid.200.new": "200 777 boot-a\n",
      // Still being written.
      "service.pid.201.new": "201 7",
      // A stale file another live process is taking over: its content names the old owner.
      "service.pid.202.stale": "12 99 boot-a\n",
      // Not a claim's file at all.
      "service.pid.bak": "1 2 boot-a\n",
      "service.pid.203.new.orig": "",
    };
    leave(dir, kept);
    claimDataDir(dir, system(100, { 100: "555", 200: "777", 201: "888", 202: "999", 203: "1" }));
    expect(readdirSync(dir).sort()).toEqual(["service.pid", ...Object.keys(kept)].sort());
  });

  it("removes nothing when the data dir is refused", () => {
    const dir = newDir();
    leave(dir, { "service.pid": "200 777 boot-a\n", "service.pid.40.new": "40 111 boot-a\n" });
    expect(() => claimDataDir(dir, system(100, { 100: "555", 200: "777" }))).toThrow("process 200");
    expect(readdirSync(dir).sort()).toEqual(["service.pid", "service.pid.40.new"]);
  });
});
