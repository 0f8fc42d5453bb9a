// Runs the pattern store contract against the SQLite and in-memory implementations.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { AnomalyLog } from "../../src/patterns/anomaly-log.js";
import type { Finding } from "../../src/patterns/finding.js";
import { PatternCatalog } from "../../src/patterns/pattern-catalog.js";
import { SqlitePatternStore } from "../../src/patterns/sqlite-pattern-store.js";
import type { AuditActor, AuditLog } from "../../src/storage/audit-log.js";
import { migrate, readMigrations } from "../../src/storage/migrate.js";
import { SqliteAuditLog } from "../../src/storage/sqlite/sqlite-audit-log.js";
import { openSqlite, type SqliteDb } from "../../src/storage/sqlite/sqlite-database.js";
import { MemoryAuditLog } from "../support/memory/memory-audit-log.js";
import { MemoryPatternStore } from "../support/memory/memory-pattern-store.js";
import { SAMPLE_PARAMS } from "../support/sample-findings.js";
import { type PatternStores, patternStoreContract } from "./pattern-store.contract.js";

const opened: SqliteDb[] = [];
function sqlite(): PatternStores {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-patterns-"));
  const db = openSqlite({ file: path.join(dir, "test.sqlite") });
  migrate(db, readMigrations(path.resolve(import.meta.dirname, "../../migrations")));
  opened.push(db);
  return { store: new SqlitePatternStore(db), audit: new SqliteAuditLog(db) };
}
afterAll(() =>
  opened.forEach((db) => {
    db.close();
  }),
);

patternStoreContract("sqlite", sqlite);
patternStoreContract("memory", () => ({ store: new MemoryPatternStore(), audit: new MemoryAuditLog() }));

describe("feedback on SQLite", () => {
  const anna: AuditActor = { actorId: "u-anna", actorName: "Anna", via: "ingress" };
  const finding: Finding = {
    type: "time_based",
    key: "time_based|light.kitchen|on|07:00",
    entities: ["light.kitchen"],
    area: "kitchen",
    summary: "Kitchen light turns on around 07:00",
    confidence: 0.8,
    support: 20,
    opportunities: 28,
    usefulness: 0.5,
    automated: false,
    users: [],
    evidence: { days: ["2026-03-01"] },
    params: SAMPLE_PARAMS.time_based,
  };

  it("changes the status and writes its audit entry in one transaction: both or neither", () => {
    const { store, audit } = sqlite();
    // The entry is written, then the trail fails (as on a full disk): the insert must not outlive it.
    const failing: AuditLog = {
      record: (entry) => {
        audit.record(entry);
        throw new Error("disk I/O error");
      },
      list: (query) => audit.list(query),
      deleteBefore: (before) => audit.deleteBefore(before),
    };
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 8));
    const catalog = new PatternCatalog(store, clock, failing);
    const [p] = catalog.applyRun(new Map([["time_based", [finding]]])).changed;
    expect(() => catalog.dismiss(p.id, anna)).toThrow("disk I/O error");
    expect([catalog.get(p.id)?.status, audit.list()]).toEqual(["active", []]);
    const anomalies = new AnomalyLog(store, clock, failing);
    const { anomaly } = anomalies.raise({
      key: "a1",
      kind: "unusual_time",
      entity: "light.hall",
      area: "hall",
      ts: clock.now(),
      severity: "medium",
      summary: "Hall light turned on at 03:12",
      expected: "usually on between 18:00 and 23:00",
      details: {},
    })!;
    expect(() => anomalies.markNormal(anomaly.id, anna)).toThrow("disk I/O error");
    expect([anomalies.get(anomaly.id)?.status, audit.list()]).toEqual(["open", []]);
  });
});
