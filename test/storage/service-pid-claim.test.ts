// Only one service writes a data dir: service.pid is claimed exclusively, a live owner is refused,
// and a stale file (ended process, reused id, restarted container or system) is taken over.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/load-config.js";
import { systemClock } from "../../src/core/clock.js";
import { DataDirInUseError } from "../../src/core/errors.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { claimDataDir, type ProcessProbe, SYSTEM_PROCESSES } from "../../src/storage/service-pid-file.js";

/** The processes of one system: their start times by id, this process's id, and the boot. */
function system(pid: number, started: Record<number, string | null>, boot: string | null = "boot-a"): ProcessProbe {
  return {
    pid,
    alive: (p) => p in started,
    startTime: (p) => started[p] ?? null,
    bootId: () => boot,
  };
}

const newDir = () => mkdtempSync(path.join(os.tmpdir(), "hp-claim-"));
const pidFile = (dir: string) => path.join(dir, "service.pid");

describe("claimDataDir", () => {
  it("creates the data dir and service.pid with the process's id, start time and boot", () => {
    const dir = path.join(newDir(), "data");
    const release = claimDataDir(dir, system(100, { 100: "555" }));
    expect(readFileSync(pidFile(dir), "utf8")).toBe("100 555 boot-a\n");
    expect(readdirSync(dir)).toEqual(["service.pid"]);
    release();
    expect(existsSync(pidFile(dir))).toBe(false);
  });

  it("refuses a second service while the first lives, naming its id and the data dir", () => {
    const dir = newDir();
    const processes = { 100: "555", 200: "777" };
    claimDataDir(dir, system(100, processes));
    let refused: unknown;
    try {
      claimDataDir(dir, system(200, processes));
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(DataDirInUseError);
    expect((refused as Error).message).toBe(
      `another Home Patterns service (process 100) is running on ${dir}: stop it first, or give this one a data dir ` +
        "of its own (DATA_DIR); two services on one database could lose or mix up data",
    );
    expect(readFileSync(pidFile(dir), "utf8")).toBe("100 555 boot-a\n");
    expect(readdirSync(dir)).toEqual(["service.pid"]);
  });

  it("refuses a live owner whose start time cannot be read rather than guess", () => {
    const dir = newDir();
    writeFileSync(pidFile(dir), "100 555 boot-a\n");
    expect(() => claimDataDir(dir, system(200, { 100: null, 200: "777" }))).toThrow(DataDirInUseError);
  });

  it.each([
    ["a process that has ended", "100 555 boot-a\n", system(200, { 200: "777" })],
    ["an id another process has since", "100 555 boot-a\n", system(200, { 100: "900", 200: "777" })],
    ["an older service's file without a boot id", "100 555\n", system(200, { 100: "900", 200: "777" })],
    ["this very process's id", "100 555 boot-a\n", system(100, { 100: "900" })],
    // A restarted add-on container: its processes have small ids again, one of which the old file names.
    ["pid 1 of a restarted container", "1 555 boot-a\n", system(7, { 1: "9000", 7: "9010" })],
    ["the old id, now this service in a restarted container", "7 555 boot-a\n", system(7, { 1: "9000", 7: "9010" })],
    // After a reboot a process may have the same id and the same start time by chance.
    ["the same id and start time after a reboot", "7 555 boot-a\n", system(8, { 7: "555", 8: "560" }, "boot-b")],
    ["a file that is not a pid file", "garbage\n", system(200, { 200: "777" })],
  ])("takes over a file left by %s", (_what, left, probe) => {
    const dir = newDir();
    writeFileSync(pidFile(dir), left);
    claimDataDir(dir, probe);
    expect(readFileSync(pidFile(dir), "utf8")).toBe(`${probe.pid} ${probe.startTime(probe.pid)} ${probe.bootId()}\n`);
    expect(readdirSync(dir)).toEqual(["service.pid"]);
  });

  it("of two services taking over one stale file at once, the later one refuses", () => {
    const dir = newDir();
    writeFileSync(pidFile(dir), "50 111 boot-a\n");
    const processes: Record<number, string> = { 100: "555", 200: "777" };
    const first = system(100, processes);
    // The second judges the stale file while the first takes it over and claims the data dir.
    let firstClaimed = false;
    const second: ProcessProbe = {
      ...system(200, processes),
      alive: (pid) => {
        if (pid === 50 && !firstClaimed) {
          firstClaimed = true;
          claimDataDir(dir, first);
        }
        return pid in processes;
      },
    };
    expect(() => claimDataDir(dir, second)).toThrow("another Home Patterns service (process 100)");
    expect(readFileSync(pidFile(dir), "utf8")).toBe("100 555 boot-a\n");
    expect(readdirSync(dir)).toEqual(["service.pid"]);
  });

  it("does not remove a later owner's file when released", () => {
    const dir = newDir();
    const release = claimDataDir(dir, system(100, { 100: "555" }));
    writeFileSync(pidFile(dir), "300 1 boot-a\n");
    release();
    expect(readFileSync(pidFile(dir), "utf8")).toBe("300 1 boot-a\n");
  });
});

describe("startApp on a data dir another service owns", () => {
  it("refuses before it opens or migrates a store", async () => {
    const dataDir = newDir();
    // The test's parent process stands in for the service already running.
    const owner = process.ppid;
    const started = SYSTEM_PROCESSES.startTime(owner) ?? "-";
    writeFileSync(pidFile(dataDir), `${owner} ${started} ${SYSTEM_PROCESSES.bootId() ?? "-"}\n`);
    const config = loadConfig({ env: { DATA_DIR: dataDir, PORT: "0" }, command: "demo", cwd: dataDir });
    await expect(startApp(config, { clock: systemClock, logger: createMemoryLogger("warn") })).rejects.toThrow(
      `another Home Patterns service (process ${owner}) is running on ${dataDir}`,
    );
    expect(readdirSync(dataDir)).toEqual(["service.pid"]);
  });
});
