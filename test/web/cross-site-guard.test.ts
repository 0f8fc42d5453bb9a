// Under the Supervisor the ingress proxies pass the browser's Host and Origin on: the panel keeps working, foreign pages do not.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { crossSiteGuard } from "../../src/web/cross-site-guard.js";
import { ingressGuard } from "../../src/web/ingress-guard.js";
import { from } from "./security-app.js";

function ingressApp() {
  const app = new Hono();
  app.use("*", ingressGuard({ ingressOnly: true }));
  app.use("*", crossSiteGuard({ ingressOnly: true, listenHost: "0.0.0.0", allowedHosts: [] }));
  app.get("/api/patterns", (c) => c.json({ patterns: [] }));
  app.post("/api/patterns/:id/dismiss", (c) => c.json({ status: "dismissed" }));
  return app;
}

/** What Home Assistant's ingress view and then the Supervisor's forward for a panel request. */
const panel = {
  Host: "homeassistant.local:8123",
  "X-Forwarded-Host": "homeassistant.local:8123",
  "X-Ingress-Path": "/api/hassio_ingress/Xk3_9a-b",
  "X-Hass-Source": "core.ingress",
};

describe("under the Supervisor", () => {
  const app = ingressApp();
  const post = (headers: Record<string, string>) =>
    app.request("/api/patterns/p1/dismiss", { method: "POST", headers }, from("172.30.32.2"));

  it("serves any Host name: the user reaches Home Assistant by whatever name they like", async () => {
    const res = await app.request(
      "/api/patterns",
      { headers: { ...panel, Host: "ha.example.org" } },
      from("172.30.32.2"),
    );
    expect(res.status).toBe(200);
  });

  it("accepts the panel's POST: same origin as Home Assistant, also behind a proxy that sets X-Forwarded-Host", async () => {
    expect(
      (await post({ ...panel, Origin: "http://homeassistant.local:8123", "Sec-Fetch-Site": "same-origin" })).status,
    ).toBe(200);
    const proxied = { ...panel, Host: "172.30.32.1:8123", "X-Forwarded-Host": "ha.example.org" };
    expect((await post({ ...proxied, Origin: "https://ha.example.org" })).status).toBe(200);
    // A browser without Sec-Fetch-Site and a proxy that rewrote Host: Sec-Fetch-Site decides when present.
    expect((await post({ ...proxied, Origin: "https://other.example", "Sec-Fetch-Site": "same-origin" })).status).toBe(
      200,
    );
  });

  it("refuses a POST that a foreign page made the browser send through the ingress URL", async () => {
    expect((await post({ ...panel, Origin: "http://evil.example", "Content-Type": "text/plain" })).status).toBe(403);
    expect((await post({ ...panel, "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
  });
});
