// Where hard links are not allowed (a file system without them, an AppArmor profile without l), the
// service still claims its data dir, with an exclusive create, and still refuses a second service.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { DataDirInUseError } from "../../src/core/errors.js";
import { claimDataDir, type ProcessProbe } from "../../src/storage/service-pid-file.js";

vi.mock("node:fs", async (original) => ({
  ...(await original<typeof import("node:fs")>()),
  linkSync: () => {
    throw Object.assign(new Error("EACCES: permission denied, link"), { code: "EACCES" });
  },
}));

const processes: Record<number, string> = { 100: "555", 200: "777" };
const probe = (pid: number): ProcessProbe => ({
  pid,
  alive: (p) => p in processes,
  startTime: (p) => processes[p] ?? null,
  bootId: () => "boot-a",
});

describe("claimDataDir without hard links", () => {
  it("claims with an exclusive create and refuses the second service", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-claim-nolink-"));
    const release = claimDataDir(dir, probe(100));
    expect(readFileSync(path.join(dir, "service.pid"), "utf8")).toBe("100 555 boot-a\n");
    expect(() => claimDataDir(dir, probe(200))).toThrow(DataDirInUseError);
    expect(readdirSync(dir)).toEqual(["service.pid"]);
    release();
    expect(readdirSync(dir)).toEqual([]);
  });
});
