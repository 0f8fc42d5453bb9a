// Who may connect: only the Supervisor's ingress proxy under the Supervisor, a bearer token standalone.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { baseHrefFromHeader } from "../../src/web/ingress-guard.js";
import { MemoryAuditLog } from "../support/memory/memory-audit-log.js";
import { from, securityApp } from "./security-app.js";

const clock = new ManualClock(Date.UTC(2026, 10, 23, 12));

describe("under the Supervisor (ingress only)", () => {
  const app = securityApp({ ingressOnly: true, audit: new MemoryAuditLog(), clock });

  it("serves the ingress proxy at 172.30.32.2, also in IPv4-mapped form", async () => {
    expect((await app.request("/", {}, from("172.30.32.2"))).status).toBe(200);
    expect((await app.request("/api/whoami", {}, from("::ffff:172.30.32.2"))).status).toBe(200);
  });

  it("refuses every other address with 403, including the Docker gateway of a mapped port", async () => {
    for (const address of ["172.30.32.1", "172.30.33.5", "192.168.1.50", "::1"]) {
      const res = await app.request("/api/whoami", {}, from(address));
      expect(res.status, address).toBe(403);
      expect(await res.json()).toEqual({
        error: "Home Patterns only answers Home Assistant's ingress; open it from the sidebar.",
      });
    }
  });

  it("refuses a request whose peer address is unknown", async () => {
    expect((await app.request("/api/health")).status).toBe(403);
  });

  it("lets the container's own HEALTHCHECK and backup scripts in on loopback, and nothing else", async () => {
    expect((await app.request("/api/health", {}, from("127.0.0.1"))).status).toBe(200);
    expect((await app.request("/api/maintenance/checkpoint", { method: "POST" }, from("127.0.0.1"))).status).toBe(200);
    expect((await app.request("/", {}, from("127.0.0.1"))).status).toBe(403);
    expect((await app.request("/api/whoami", {}, from("127.0.0.1"))).status).toBe(403);
    expect((await app.request("/api/patterns/p1", { method: "DELETE" }, from("127.0.0.1"))).status).toBe(403);
  });

  it("ignores X-Forwarded-For: only the socket's address counts", async () => {
    const res = await app.request("/api/whoami", { headers: { "X-Forwarded-For": "172.30.32.2" } }, from("10.0.0.7"));
    expect(res.status).toBe(403);
  });

  it("gives the page its base href from X-Ingress-Path", async () => {
    const res = await app.request(
      "/",
      { headers: { "X-Ingress-Path": "/api/hassio_ingress/Xk3_9a-b" } },
      from("172.30.32.2"),
    );
    expect(await res.text()).toBe(
      '<!doctype html><base href="/api/hassio_ingress/Xk3_9a-b/"><script src="app.js"></script>',
    );
  });
});

describe("base href", () => {
  it("is / without the header, and never echoes anything that is not a plain path", () => {
    expect(baseHrefFromHeader(undefined)).toBe("/");
    expect(baseHrefFromHeader("")).toBe("/");
    expect(baseHrefFromHeader("/api/hassio_ingress/abc/")).toBe("/api/hassio_ingress/abc/");
    expect(baseHrefFromHeader('/api/hassio_ingress/x"><script>alert(1)</script>')).toBe("/");
    expect(baseHrefFromHeader("https://evil.example/")).toBe("/");
    expect(baseHrefFromHeader("//evil.example")).toBe("/");
  });
});

describe("standalone without API_TOKEN (bound to 127.0.0.1)", () => {
  const app = securityApp({ ingressOnly: false, audit: new MemoryAuditLog(), clock });

  it("serves loopback and refuses any other address", async () => {
    expect((await app.request("/api/whoami", {}, from("127.0.0.1"))).status).toBe(200);
    expect((await app.request("/api/whoami", {}, from("::1"))).status).toBe(200);
    const res = await app.request("/api/whoami", {}, from("192.168.1.23"));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "Set API_TOKEN to allow connections from other machines." });
  });
});

describe("standalone with API_TOKEN (HOST set)", () => {
  const token = "s3cret-token-with-enough-entropy";
  const app = securityApp({ ingressOnly: false, apiToken: token, audit: new MemoryAuditLog(), clock });
  const lan = from("192.168.1.23");

  it("requires the bearer token on /api/*", async () => {
    const missing = await app.request("/api/whoami", {}, lan);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="home-patterns"');
    expect(await missing.json()).toEqual({
      error: "Missing or wrong API token: send Authorization: Bearer <API_TOKEN>.",
    });
    const wrong = await app.request("/api/whoami", { headers: { Authorization: `Bearer ${token}x` } }, lan);
    expect(wrong.status).toBe(401);
    const shorter = await app.request("/api/whoami", { headers: { Authorization: "Bearer s3cret" } }, lan);
    expect(shorter.status).toBe(401);
    const right = await app.request("/api/whoami", { headers: { Authorization: `Bearer ${token}` } }, lan);
    expect(right.status).toBe(200);
    expect(await right.json()).toEqual({ userId: null, name: "API token", via: "api_token" });
  });

  it("leaves /api/health and the static panel open", async () => {
    expect((await app.request("/api/health", {}, lan)).status).toBe(200);
    expect((await app.request("/", {}, lan)).status).toBe(200);
  });

  it("accepts ?access_token= on GET (EventSource cannot send headers) but not on other methods", async () => {
    expect((await app.request(`/api/whoami?access_token=${token}`, {}, lan)).status).toBe(200);
    expect((await app.request(`/api/patterns/p1?access_token=${token}`, { method: "DELETE" }, lan)).status).toBe(401);
  });
});
