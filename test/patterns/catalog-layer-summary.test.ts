// /api/storage lists the catalog as layer L4, with its rows, days and how it is kept.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalTime } from "../../src/core/local-time.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { catalogLayerSummary } from "../../src/patterns/catalog-layer-summary.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";

describe("catalogLayerSummary", () => {
  it("counts every table's rows, as the tables under it add up, and spans the days patterns were seen", () => {
    const stores = openSqliteStores({
      dataDir: mkdtempSync(path.join(os.tmpdir(), "hp-l4-")),
      logger: createMemoryLogger(),
      now: () => 0,
    });
    const summary = catalogLayerSummary(stores.db, new LocalTime("Europe/Berlin"), () => 0);
    expect(summary()).toMatchObject({
      name: "L4 patterns",
      rows: 0,
      oldestDay: null,
      newestDay: null,
      retention: "until dismissed or stale",
    });
    const insert = stores.db.prepare(
      `INSERT INTO patterns (key, type, entities, area, summary, confidence, support, opportunities, lift, usefulness, automated, users, evidence, params, status, snoozed_until, first_seen, last_seen, updated_at, missed_runs)
       VALUES (?, 'time_based', '["light.a"]', NULL, 's', 0.8, 10, 14, NULL, 0.8, 0, '[]', '{"days":[]}', '{}', 'active', NULL, ?, ?, ?, 0)`,
    );
    insert.run("k1", Date.UTC(2026, 10, 1, 23, 30), Date.UTC(2026, 10, 5, 12), 0); // 00:30 on 2 Nov in Berlin
    insert.run("k2", Date.UTC(2026, 10, 3, 12), Date.UTC(2026, 10, 22, 23, 30), 0); // 00:30 on 23 Nov in Berlin
    stores.db.prepare("INSERT INTO pattern_entities (pattern_id, entity) SELECT id, 'light.a' FROM patterns").run();
    const row = summary();
    expect([row.rows, row.oldestDay, row.newestDay]).toEqual([4, "2026-11-02", "2026-11-23"]);
    expect(row.tables?.map((t) => [t.name, t.rows])).toEqual([
      ["patterns", 2],
      ["pattern_entities", 2],
      ["anomalies", 0],
      ["audit_log", 0],
    ]);
    stores.close();
  });
});
