// POST /api/privacy/forget under ingress: only a Home Assistant administrator who confirms, and the audit names who did it.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { L2_KINDS, L3_KINDS } from "../../src/layers/kinds/index.js";
import { createLayerServices } from "../../src/layers/layer-services.js";
import { createPrivacy } from "../../src/privacy/privacy-services.js";
import { SqliteAuditLog } from "../../src/storage/sqlite/sqlite-audit-log.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { createWebApp } from "../../src/web/create-app.js";
import { ingressGuard } from "../../src/web/ingress-guard.js";
import { type HaAuthUser, HomeAssistantUserRoles, remoteUser, requireAdmin } from "../../src/web/remote-user.js";
import { privacyRoutes } from "../../src/web/routes/privacy-routes.js";
import { from } from "../web/security-app.js";

const ADMIN = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const USER = "1b2c3d4e5f60718293a4b5c6d7e8f90a";
const T0 = Date.UTC(2026, 10, 23, 12);
const users: HaAuthUser[] = [
  { id: ADMIN, name: "Alice", username: "alice", is_owner: false, is_active: true, group_ids: ["system-admin"] },
  { id: USER, name: "Bob", username: "bob", is_owner: false, is_active: true, group_ids: ["system-users"] },
];

function setup() {
  const clock = new ManualClock(T0);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-privacy-routes-"));
  const logger = createMemoryLogger("warn");
  const stores = openSqliteStores({ dataDir, logger, now: () => clock.now() });
  stores.events.append([
    { ts: T0 - 60_000, entity: "light.porch", state: "on", source: "ha" },
    { ts: T0 - 30_000, entity: "light.hall", state: "on", source: "ha" },
  ]);
  const options = {
    raw_retention_days: 7,
    daily_retention_days: 90,
    weekly_retention_weeks: 52,
    storage_budget_mb: 500,
  };
  const layers = createLayerServices({
    stores,
    dataDir,
    kinds: L2_KINDS,
    periodKinds: L3_KINDS,
    time: new LocalTime("Europe/Berlin"),
    clock,
    logger,
    options,
  });
  const audit = new SqliteAuditLog(stores.db);
  const privacy = createPrivacy({
    stores,
    layers,
    periodKinds: L3_KINDS.map((k) => k.name),
    options: { log_level: "info", ...options } as never,
    audit,
    clock,
  });
  const roles = new HomeAssistantUserRoles({ clock, listUsers: async () => users });
  // The real app's error boundary turns refusals into JSON with their status.
  const app = createWebApp({
    routes: [privacyRoutes({ privacy, admin: requireAdmin(roles) })],
    uiDir: dataDir,
    logger,
    middleware: [ingressGuard({ ingressOnly: true }), remoteUser({ ingressOnly: true })],
  });
  const forget = (user: string, body: unknown) =>
    app.request(
      "/api/privacy/forget",
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Remote-User-Id": user, "X-Remote-User-Name": "x" },
        body: JSON.stringify(body),
      },
      from("172.30.32.2"),
    );
  const entities = () => stores.events.query({ from: 0, to: Number.MAX_SAFE_INTEGER }).map((e) => e.entity);
  return { forget, entities, audit };
}

describe("POST /api/privacy/forget", () => {
  it("refuses a user who is not an administrator and forgets nothing", async () => {
    const { forget, entities } = setup();
    const res = await forget(USER, { kind: "entity", id: "light.porch", confirm: "light.porch" });
    expect(res.status).toBe(403);
    expect(entities()).toEqual(["light.porch", "light.hall"]);
  });

  it("needs the id typed again and a valid id", async () => {
    const { forget, entities } = setup();
    expect((await forget(ADMIN, { kind: "entity", id: "light.porch", confirm: "light.hall" })).status).toBe(400);
    const bad = await forget(ADMIN, { kind: "entity", id: "porch", confirm: "porch" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'not an entity id: "porch" (e.g. light.kitchen)' });
    expect(entities()).toEqual(["light.porch", "light.hall"]);
  });

  it("forgets for an administrator and audits who did it, naming the entity only by a digest", async () => {
    const { forget, entities, audit } = setup();
    const res = await forget(ADMIN, { kind: "entity", id: "light.porch", confirm: "light.porch" });
    expect(res.status).toBe(200);
    expect(entities()).toEqual(["light.hall"]);
    const [entry] = audit.list({ action: "entity.forget" });
    expect(entry).toMatchObject({ actorId: ADMIN, via: "ingress", target: expect.stringMatching(/^entity:sha256:/) });
    expect(JSON.stringify(entry)).not.toContain("light.porch");
  });
});
