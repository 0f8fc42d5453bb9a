// The patterns and anomalies routes over memory stores, with the home's areas and entities as a
// filter test gives them: what the unknown-area and unknown-entity tests ask.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ManualClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { AnomalyLog } from "../../src/patterns/anomaly-log.js";
import { PatternCatalog } from "../../src/patterns/pattern-catalog.js";
import { createWebApp } from "../../src/web/create-app.js";
import { anomaliesRoutes } from "../../src/web/routes/anomalies-routes.js";
import { type PatternsRoutesDeps, patternsRoutes } from "../../src/web/routes/patterns-routes.js";
import { MemoryAuditLog } from "../support/memory/memory-audit-log.js";
import { MemoryPatternStore } from "../support/memory/memory-pattern-store.js";

export function filterRoutesApp(now: number, home: Pick<PatternsRoutesDeps, "areas" | "entities">) {
  const clock = new ManualClock(now);
  const store = new MemoryPatternStore();
  const audit = new MemoryAuditLog();
  const catalog = new PatternCatalog(store, clock, audit);
  const anomalies = new AnomalyLog(store, clock, audit);
  const app = createWebApp({
    routes: [patternsRoutes({ catalog, clock, ...home }), anomaliesRoutes({ anomalies, ...home })],
    uiDir: mkdtempSync(path.join(os.tmpdir(), "hp-ui-")),
    logger: createMemoryLogger(),
  });
  const get = async (url: string) => {
    const res = await app.request(url);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { catalog, anomalies, get };
}
