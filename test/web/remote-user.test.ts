// Who did it: X-Remote-User-* believed only from the Supervisor; destructive changes need an HA admin.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { type HaAuthUser, HomeAssistantUserRoles } from "../../src/web/remote-user.js";
import { MemoryAuditLog } from "../support/memory/memory-audit-log.js";
import { from, securityApp } from "./security-app.js";

const ADMIN = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const USER = "1b2c3d4e5f60718293a4b5c6d7e8f90a";
const OWNER = "2c3d4e5f60718293a4b5c6d7e8f90a1b";
const RETIRED_ADMIN = "3d4e5f60718293a4b5c6d7e8f90a1b2c";

const users: HaAuthUser[] = [
  { id: ADMIN, name: "Alice", username: "alice", is_owner: false, is_active: true, group_ids: ["system-admin"] },
  { id: USER, name: "Bob", username: "bob", is_owner: false, is_active: true, group_ids: ["system-users"] },
  { id: OWNER, name: "Olga", username: "olga", is_owner: true, is_active: true, group_ids: [] },
  { id: RETIRED_ADMIN, name: "Rita", username: "rita", is_owner: false, is_active: false, group_ids: ["system-admin"] },
];

function setup(listUsers: () => Promise<HaAuthUser[]> = async () => users) {
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 12));
  const audit = new MemoryAuditLog();
  let calls = 0;
  const roles = new HomeAssistantUserRoles({
    clock,
    listUsers: () => {
      calls++;
      return listUsers();
    },
  });
  const app = securityApp({ ingressOnly: true, roles, audit, clock });
  return { app, audit, clock, roles, calls: () => calls };
}

const supervisor = from("172.30.32.2");
const as = (id: string, name: string, display: string) => ({
  "X-Remote-User-Id": id,
  "X-Remote-User-Name": name,
  "X-Remote-User-Display-Name": display,
});

describe("remote user under ingress", () => {
  it("records the Home Assistant user who accepted a pattern", async () => {
    const { app, audit, clock } = setup();
    const res = await app.request(
      "/api/patterns/time_based:light.kitchen/accept",
      { method: "POST", headers: as(USER, "bob", "Bob Builder") },
      supervisor,
    );
    expect(res.status).toBe(200);
    expect(audit.list()).toEqual([
      {
        id: 1,
        ts: clock.now(),
        actorId: USER,
        actorName: "Bob Builder",
        via: "ingress",
        action: "pattern.accept",
        target: "time_based:light.kitchen",
        details: null,
      },
    ]);
  });

  it("falls back to the user name when there is no display name", async () => {
    const { app } = setup();
    const res = await app.request(
      "/api/whoami",
      { headers: { "X-Remote-User-Id": USER, "X-Remote-User-Name": "bob" } },
      supervisor,
    );
    expect(await res.json()).toEqual({ userId: USER, name: "bob", via: "ingress" });
  });

  it("lets an administrator delete, and records it", async () => {
    const { app, audit } = setup();
    const res = await app.request(
      "/api/patterns/p1",
      { method: "DELETE", headers: as(ADMIN, "alice", "Alice") },
      supervisor,
    );
    expect(res.status).toBe(200);
    expect(audit.list().map((e) => [e.actorName, e.action, e.target])).toEqual([["Alice", "pattern.delete", "p1"]]);
  });

  it("treats the owner as an administrator", async () => {
    const { app } = setup();
    expect(
      (await app.request("/api/patterns/p1", { method: "DELETE", headers: as(OWNER, "olga", "Olga") }, supervisor))
        .status,
    ).toBe(200);
  });

  it("refuses a delete by a non-admin, a deactivated admin, or a session without a user, and records nothing", async () => {
    const { app, audit } = setup();
    for (const headers of [as(USER, "bob", "Bob"), as(RETIRED_ADMIN, "rita", "Rita"), {}]) {
      const res = await app.request("/api/patterns/p1", { method: "DELETE", headers }, supervisor);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: "This change needs a Home Assistant administrator." });
    }
    expect(audit.list()).toEqual([]);
  });

  it("fails closed when Home Assistant cannot be asked", async () => {
    const { app } = setup(async () => {
      throw new Error("not connected");
    });
    expect(
      (await app.request("/api/patterns/p1", { method: "DELETE", headers: as(ADMIN, "alice", "Alice") }, supervisor))
        .status,
    ).toBe(403);
  });

  it("refuses destructive changes when no role source is wired", async () => {
    const clock = new ManualClock(0);
    const app = securityApp({ ingressOnly: true, audit: new MemoryAuditLog(), clock });
    expect(
      (await app.request("/api/patterns/p1", { method: "DELETE", headers: as(ADMIN, "alice", "Alice") }, supervisor))
        .status,
    ).toBe(403);
  });

  it("lets the container's backup script checkpoint without a user", async () => {
    const { app } = setup();
    const res = await app.request(
      "/api/maintenance/checkpoint",
      { method: "POST", headers: as(USER, "bob", "Forged") },
      from("127.0.0.1"),
    );
    expect(res.status).toBe(200);
  });
});

describe("forged X-Remote-User headers", () => {
  it("are ignored from any address but the Supervisor's", async () => {
    const clock = new ManualClock(0);
    const audit = new MemoryAuditLog();
    const app = securityApp({ ingressOnly: false, apiToken: "tok", audit, clock });
    const res = await app.request(
      "/api/patterns/p9/accept",
      { method: "POST", headers: { Authorization: "Bearer tok", ...as(ADMIN, "alice", "Alice") } },
      from("192.168.1.23"),
    );
    expect(res.status).toBe(200);
    expect(audit.list().map((e) => [e.actorId, e.actorName, e.via])).toEqual([[null, "API token", "api_token"]]);
    const local = securityApp({ ingressOnly: false, audit, clock });
    const who = await local.request("/api/whoami", { headers: as(ADMIN, "alice", "Alice") }, from("127.0.0.1"));
    expect(await who.json()).toEqual({ userId: null, name: "local user", via: "local" });
  });
});

describe("HomeAssistantUserRoles", () => {
  it("asks Home Assistant once per minute, and again at once for a user it has not seen", async () => {
    const { roles, clock, calls } = setup();
    expect(await roles.isAdmin(ADMIN)).toBe(true);
    expect(await roles.isAdmin(USER)).toBe(false);
    expect(calls()).toBe(1);
    clock.advance(59_000);
    expect(await roles.isAdmin(ADMIN)).toBe(true);
    expect(calls()).toBe(1);
    clock.advance(1_000);
    expect(await roles.isAdmin(ADMIN)).toBe(true);
    expect(calls()).toBe(2);
    expect(await roles.isAdmin("ffffffffffffffffffffffffffffffff")).toBe(false);
    expect(calls()).toBe(3);
  });

  it("shares one request between concurrent checks", async () => {
    const { roles, calls } = setup();
    expect(await Promise.all([roles.isAdmin(ADMIN), roles.isAdmin(USER), roles.isAdmin(OWNER)])).toEqual([
      true,
      false,
      true,
    ]);
    expect(calls()).toBe(1);
  });

  it("sees a demotion once the cached list expires", async () => {
    let list = users;
    const { roles, clock } = setup(async () => list);
    expect(await roles.isAdmin(ADMIN)).toBe(true);
    list = users.map((u) => (u.id === ADMIN ? { ...u, group_ids: ["system-users"] } : u));
    clock.advance(60_000);
    expect(await roles.isAdmin(ADMIN)).toBe(false);
  });
});
