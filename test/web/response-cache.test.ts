// Many panels asking the same summary within a second share one answer; a change made through the API is seen at once.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { responseCache } from "../../src/web/response-cache.js";

function app(clock: ManualClock) {
  let computed = 0;
  const api = new Hono();
  api.use("*", responseCache({ clock, ttlMs: 1_000, bypass: ["/api/health"] }));
  api.get("/api/stats", (c) => c.json({ computed: ++computed }));
  api.get("/api/health", (c) => c.json({ computed: ++computed }));
  api.post("/api/patterns/p1/dismiss", (c) => c.json({ status: "dismissed" }));
  api.post("/api/patterns/nope/dismiss", (c) => c.json({ error: "unknown pattern" }, 404));
  return api;
}

const body = async (res: Response) => (await res.json()) as { computed: number };

describe("response cache", () => {
  it("answers the same GET from the first computation for a second, then computes again", async () => {
    const clock = new ManualClock(0);
    const a = app(clock);
    expect(await body(await a.request("/api/stats"))).toEqual({ computed: 1 });
    clock.advance(999);
    const again = await a.request("/api/stats");
    expect(again.headers.get("x-cache")).toBe("hit");
    expect(await body(again)).toEqual({ computed: 1 });
    clock.advance(1);
    expect(await body(await a.request("/api/stats"))).toEqual({ computed: 2 });
  });

  it("never caches the bypassed paths", async () => {
    const a = app(new ManualClock(0));
    await a.request("/api/health");
    expect(await body(await a.request("/api/health"))).toEqual({ computed: 2 });
  });

  it("forgets everything after a write that succeeded, not after one that failed", async () => {
    const clock = new ManualClock(0);
    const a = app(clock);
    await a.request("/api/stats");
    await a.request("/api/patterns/nope/dismiss", { method: "POST" });
    expect(await body(await a.request("/api/stats"))).toEqual({ computed: 1 });
    await a.request("/api/patterns/p1/dismiss", { method: "POST" });
    expect(await body(await a.request("/api/stats"))).toEqual({ computed: 2 });
  });
});
