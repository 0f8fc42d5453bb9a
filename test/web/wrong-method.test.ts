// A route asked with the wrong method (a browser's GET of a POST endpoint) is a 405 naming the
// method it takes, not "no such API endpoint" for an endpoint that exists.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { PatternCatalog } from "../../src/patterns/pattern-catalog.js";
import { createWebApp } from "../../src/web/create-app.js";
import { patternsRoutes } from "../../src/web/routes/patterns-routes.js";
import { MemoryAuditLog } from "../support/memory/memory-audit-log.js";
import { MemoryPatternStore } from "../support/memory/memory-pattern-store.js";

function app() {
  const clock = new ManualClock(Date.UTC(2026, 2, 2));
  const catalog = new PatternCatalog(new MemoryPatternStore(), clock, new MemoryAuditLog());
  return createWebApp({
    routes: [patternsRoutes({ catalog, clock })],
    uiDir: mkdtempSync(path.join(os.tmpdir(), "hp-ui-")),
    logger: createMemoryLogger(),
  });
}

describe("an API route asked with another method", () => {
  it("answers 405 with the method it takes, in the Allow header too", async () => {
    const res = await app().request("/api/patterns/3/accept");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(await res.json()).toEqual({ error: "/api/patterns/3/accept takes POST, not GET" });
    const del = await app().request("/api/patterns", { method: "DELETE" });
    expect(del.status).toBe(405);
    expect(await del.json()).toEqual({ error: "/api/patterns takes GET, not DELETE" });
  });

  it("still answers 404 for a path no route has", async () => {
    const res = await app().request("/api/patterns/3/accepted", { method: "POST" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "no such API endpoint: POST /api/patterns/3/accepted" });
  });
});
