// Hot backups: checkpoint holds the main database file still until resume, or 15 minutes at most.
import { mkdtempSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { BackupHold, HOLD_LIMIT_MS } from "../../src/storage/sqlite/backup-hold.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { createWebApp } from "../../src/web/create-app.js";
import { maintenanceRoutes } from "../../src/web/routes/maintenance-routes.js";

function setup(admin: boolean) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-maint-"));
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 3, 0));
  const logger = createMemoryLogger();
  const stores = openSqliteStores({ dataDir, logger, now: () => clock.now() });
  const hold = new BackupHold(stores.db, clock, logger);
  const app: Hono = createWebApp({
    uiDir: dataDir,
    logger,
    routes: [
      maintenanceRoutes({
        hold,
        admin: async (c, next) =>
          admin ? next() : c.json({ error: "This change needs a Home Assistant administrator." }, 403),
      }),
    ],
  });
  return { app, stores, hold, clock };
}

const event = (i: number) => ({
  ts: Date.UTC(2026, 10, 23, 2, 0, i),
  entity: "light.a",
  state: i % 2 ? "on" : "off",
  source: "t",
});

describe("maintenance routes", () => {
  it("checkpoints, then keeps the main file unchanged while writes continue, until resume", async () => {
    const { app, stores, hold } = setup(true);
    for (let i = 0; i < 200; i++) stores.events.append([event(i)]);
    const res = await app.request("/api/maintenance/checkpoint", { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "held" });
    expect(statSync(`${stores.file}-wal`).size).toBe(0);
    const mainSize = statSync(stores.file).size;
    const mainTime = statSync(stores.file).mtimeMs;
    for (let i = 200; i < 5000; i++) stores.events.append([event(i)]);
    expect([statSync(stores.file).size, statSync(stores.file).mtimeMs]).toEqual([mainSize, mainTime]);
    expect(statSync(`${stores.file}-wal`).size).toBeGreaterThan(0);
    expect(await (await app.request("/api/maintenance/resume", { method: "POST" })).json()).toEqual({
      status: "resumed",
    });
    expect(hold.state()).toEqual({ held: false, since: null });
    stores.close();
  });

  it("releases the hold by itself when backup_post never comes", async () => {
    const { app, stores, hold, clock } = setup(true);
    await app.request("/api/maintenance/checkpoint", { method: "POST" });
    clock.advance(HOLD_LIMIT_MS - 1);
    expect(hold.state().held).toBe(true);
    clock.advance(1);
    expect(hold.state().held).toBe(false);
    expect(stores.db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    stores.close();
  });

  it("refuses a parameter it does not take, and holds nothing", async () => {
    const { app, stores, hold } = setup(true);
    const res = await app.request("/api/maintenance/checkpoint", {
      method: "POST",
      body: JSON.stringify({ seconds: -1 }),
      headers: { "content-type": "application/json" },
    });
    expect([res.status, await res.json()]).toEqual([
      400,
      { error: 'unknown key "seconds": this request takes no parameters' },
    ]);
    expect(hold.state()).toEqual({ held: false, since: null });
    const resume = await app.request("/api/maintenance/resume", { method: "POST", body: "[1]" });
    expect([resume.status, await resume.json()]).toEqual([400, { error: "request body must be a JSON object" }]);
    expect((await app.request("/api/maintenance/checkpoint", { method: "POST", body: "{}" })).status).toBe(200);
    stores.close();
  });

  it("refuses someone who is not an administrator", async () => {
    const { app, stores, hold } = setup(false);
    const res = await app.request("/api/maintenance/checkpoint", { method: "POST" });
    expect(res.status).toBe(403);
    expect(hold.state().held).toBe(false);
    stores.close();
  });
});
