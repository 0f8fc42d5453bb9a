// The commands that write refuse while the service runs on the same data dir (service.pid), and
// run again once it stopped or when the pid file is stale.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { claimDataDir, dataDirOwner, type ProcessProbe } from "../../src/storage/service-pid-file.js";
import { MAIN, startService } from "../support/service-process.js";

const probe = (alive: Record<number, string>): ProcessProbe => ({
  pid: 100,
  alive: (pid) => pid in alive,
  startTime: (pid) => alive[pid] ?? null,
  bootId: () => "boot-a",
});

function cli(dataDir: string, args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, TZ: "UTC", LOG_LEVEL: "error" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr };
}

describe("service.pid", () => {
  it("names the live owner; ignores a dead one, a reused id and this very process", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-pid-"));
    expect(dataDirOwner(dir, probe({}))).toBe(null);
    const release = claimDataDir(dir, { ...probe({ 100: "555" }), pid: 100 });
    expect(readFileSync(path.join(dir, "service.pid"), "utf8")).toBe("100 555 boot-a\n");
    expect(dataDirOwner(dir, { ...probe({ 100: "555" }), pid: 200 })).toBe(100);
    expect(dataDirOwner(dir, { ...probe({}), pid: 200 })).toBe(null);
    expect(dataDirOwner(dir, { ...probe({ 100: "999" }), pid: 200 })).toBe(null);
    expect(dataDirOwner(dir, probe({ 100: "555" }))).toBe(null);
    // A later owner's file is not removed by the earlier one's release.
    writeFileSync(path.join(dir, "service.pid"), "300 1\n");
    release();
    expect(existsSync(path.join(dir, "service.pid"))).toBe(true);
  });

  it("forget and import refuse while the service runs, and run once it stopped", async () => {
    expect(existsSync(MAIN), "run `npm run build` first").toBe(true);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-pid-"));
    const csv = path.join(dataDir, "history.csv");
    writeFileSync(csv, "entity_id,state,last_changed\nlight.kitchen,on,2026-11-20T06:45:00.000Z\n");
    const service = await startService(["demo", "--history-days", "0"], { DATA_DIR: dataDir, TZ: "UTC" });
    try {
      const owner = Number(readFileSync(path.join(dataDir, "service.pid"), "utf8").split(" ")[0]);
      expect(owner).toBe(service.child.pid);
      const forget = cli(dataDir, ["forget", "--entity", "light.kitchen", "--yes"]);
      expect(forget.code).toBe(1);
      expect(forget.stderr).toBe(
        `the Home Patterns service (process ${owner}) is running on ${dataDir}: stop it first, then run forget again (two writers on one database could lose or mix up data)\n`,
      );
      expect(cli(dataDir, ["import", csv]).code).toBe(1);
      expect(cli(dataDir, ["migrate"]).code).toBe(1);
      // Reading is fine beside the service.
      expect(cli(dataDir, ["migrate", "--dry-run"]).code).toBe(0);
    } finally {
      service.child.kill("SIGTERM");
      expect(await service.exited).toBe(0);
    }
    expect(existsSync(path.join(dataDir, "service.pid"))).toBe(false);
    expect(cli(dataDir, ["forget", "--entity", "light.kitchen", "--yes"]).code).toBe(0);
  });

  it("a second service on the same data dir refuses to start, and the first keeps running", async () => {
    expect(existsSync(MAIN), "run `npm run build` first").toBe(true);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-pid-"));
    const first = await startService(["demo", "--history-days", "0"], { DATA_DIR: dataDir, TZ: "UTC" });
    try {
      const second = spawnSync(process.execPath, [MAIN, "demo", "--history-days", "0"], {
        env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, TZ: "UTC", PORT: "0" },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(
        `home-patterns cannot start.\nanother Home Patterns service (process ${first.child.pid}) is running on ${dataDir}: ` +
          "stop it first, or give this one a data dir of its own (DATA_DIR); two services on one database could lose or mix up data\n",
      );
      expect(first.child.exitCode).toBe(null);
      expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
      expect(readFileSync(path.join(dataDir, "service.pid"), "utf8").split(" ")[0]).toBe(String(first.child.pid));
    } finally {
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
    }
  });

  it("ignores a pid file a killed service left behind", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-pid-"));
    const ended = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    writeFileSync(path.join(dataDir, "service.pid"), `${ended.stdout} 1\n`);
    expect(cli(dataDir, ["migrate"]).code).toBe(0);
  });
});
