// The built service against a strict fake Home Assistant: events reach /api/stats, automation runs are counted, SIGTERM is clean, kill -9 loses at most a second.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite } from "../../src/storage/sqlite/sqlite-database.js";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { startService, waitFor } from "../support/service-process.js";

let ha: FakeHomeAssistant;

beforeAll(async () => {
  ha = await FakeHomeAssistant.start({ timeZone: "Europe/Berlin" });
  ha.addArea({ name: "Kitchen" });
  ha.setStates([
    { entity_id: "light.kitchen", state: "off" },
    { entity_id: "binary_sensor.hall_motion", state: "off" },
  ]);
  ha.addEntity({ entity_id: "light.kitchen", area_id: "kitchen" });
});
afterAll(async () => {
  await ha.stop();
});

const env = (dataDir: string) => ({ HA_URL: ha.url, HA_TOKEN: ha.token, DATA_DIR: dataDir, LOG_LEVEL: "info" });
const json = async (url: string) => (await fetch(url)).json() as Promise<Record<string, any>>;

describe("the service against Home Assistant", () => {
  it("shows Home Assistant's events in /api/stats and stops cleanly on SIGTERM", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-e2e-"));
    const service = await startService(["run"], env(dataDir));
    try {
      const health = await json(`${service.url}/api/health`);
      expect(health.sources.map((s: { name: string; state: string }) => [s.name, s.state])).toEqual([
        ["ha", "connected"],
      ]);
      ha.emitStateChange("light.kitchen", "on", { user_id: "u1" });
      ha.emitStateChange("binary_sensor.hall_motion", "on");
      ha.emitStateChange("light.kitchen", "off");
      const stats = await waitFor(
        async () => {
          const s = await json(`${service.url}/api/stats`);
          return s.ingest.stored >= 3 + 2 ? s : undefined;
        },
        10_000,
        "the fake's events in /api/stats",
      );
      expect(stats.bySource.ha).toBeGreaterThanOrEqual(5);
      expect(stats.byDomain).toMatchObject({ light: 3, binary_sensor: 2 });
      const entities = await json(`${service.url}/api/entities`);
      expect(JSON.stringify(entities)).toContain("light.kitchen");
    } finally {
      service.child.kill("SIGTERM");
      // 0 only when the stop finished within the service's own limit (5 s; past it, it exits 1).
      expect(await service.exited).toBe(0);
    }
  });

  it("counts Home Assistant's automation runs per day, for telling an automation that went quiet", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-e2e-runs-"));
    const service = await startService(["run"], env(dataDir));
    const fire = () =>
      ha.home.fire(
        "automation_triggered",
        { name: "Morning lights", entity_id: "automation.morning_lights", source: "time" },
        ha.home.newContext(),
      );
    const file = path.join(dataDir, "home-patterns.sqlite");
    const counted = () => {
      const db = openSqlite({ file, readonly: true });
      try {
        return db.prepare("SELECT automation, name, runs FROM automation_run_days").all();
      } finally {
        db.close();
      }
    };
    try {
      fire();
      fire();
      await waitFor(async () => (counted().length === 1 ? true : undefined), 10_000, "the runs counted");
      expect(counted()).toEqual([{ automation: "automation.morning_lights", name: "Morning lights", runs: 2 }]);
    } finally {
      service.child.kill("SIGTERM");
      expect(await service.exited).toBe(0);
    }
  });

  it("loses at most the last second when killed with SIGKILL during ingestion, and the database stays intact", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-e2e-kill-"));
    const service = await startService(["run"], env(dataDir));
    const emitted: { ts: number; state: string }[] = [];
    let n = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < 20; i++) {
        const state = String(n++);
        ha.emitStateChange("sensor.counter", state);
        emitted.push({ ts: Date.now(), state });
      }
    }, 50);
    await new Promise((r) => setTimeout(r, 3_000));
    service.child.kill("SIGKILL");
    const killedAt = Date.now();
    clearInterval(timer);
    expect(await service.exited).toBe("SIGKILL");

    const db = openSqlite({ file: path.join(dataDir, "home-patterns.sqlite") });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const stored = new Set(
      (
        db
          .prepare(
            "SELECT s.value AS v FROM events e JOIN entities n ON n.id = e.entity JOIN states s ON s.id = e.state WHERE n.entity_id = 'sensor.counter'",
          )
          .all() as { v: string }[]
      ).map((r) => r.v),
    );
    db.close();
    const olderThanASecond = emitted.filter((e) => e.ts < killedAt - 1_200);
    expect(olderThanASecond.length).toBeGreaterThan(500);
    expect(olderThanASecond.filter((e) => !stored.has(e.state))).toEqual([]);
  });
});
