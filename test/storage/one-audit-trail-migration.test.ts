// Upgrading a database that kept feedback in its own table: every piece of feedback ends up once in the audit trail.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrate, readMigrations } from "../../src/storage/migrate.js";
import { SqliteAuditLog } from "../../src/storage/sqlite/sqlite-audit-log.js";
import { openSqlite, type SqliteDb } from "../../src/storage/sqlite/sqlite-database.js";

const MIGRATIONS = readMigrations(path.resolve(import.meta.dirname, "../../migrations"));
/** The last version with a separate feedback table. */
const BEFORE = 4;
const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);

function databaseWithTwoTrails(): SqliteDb {
  const db = openSqlite({ file: ":memory:" });
  migrate(db, MIGRATIONS, { to: BEFORE });
  const feedback = db.prepare(
    "INSERT INTO feedback (ts, target, target_key, action, actor, details) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const audit = db.prepare(
    "INSERT INTO audit_log (ts, actor_id, actor_name, via, action, target, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  // Given before the audit trail existed: only in feedback.
  feedback.run(T0, "pattern", "time_based|light.kitchen", "dismiss", "Anna", "{}");
  // Given through the API later: a feedback row and its audit twin, a millisecond apart.
  feedback.run(T0 + 60_000, "anomaly", "a1", "normal", "u-anna", '{"signature":"unusual_time|light.hall"}');
  audit.run(T0 + 60_001, "u-anna", "Anna", "ingress", "anomaly.normal", "a1", '{"id":1,"from":"open","to":"normal"}');
  // Accepted by creating an automation: the audit trail had only automation.create.
  audit.run(T0 + 120_000, "u-bob", "Bob", "ingress", "automation.create", "time_based|light.hall", "{}");
  feedback.run(T0 + 120_001, "pattern", "time_based|light.hall", "accept", "u-bob", '{"automationId":"hp_1"}');
  return db;
}

describe("migration to one audit trail", () => {
  it("keeps each piece of feedback once, in time order, and drops the feedback table", () => {
    const db = databaseWithTwoTrails();
    migrate(db, MIGRATIONS);
    const trail = new SqliteAuditLog(db).list().reverse();
    expect(trail.map((e) => [e.ts - T0, e.actorName, e.via, e.action, e.target, e.details])).toEqual([
      [0, "Anna", "unknown", "pattern.dismiss", "time_based|light.kitchen", {}],
      [60_001, "Anna", "ingress", "anomaly.normal", "a1", { id: 1, from: "open", to: "normal" }],
      [120_000, "Bob", "ingress", "automation.create", "time_based|light.hall", {}],
      [120_001, "u-bob", "unknown", "pattern.accept", "time_based|light.hall", { automationId: "hp_1" }],
    ]);
    expect(trail.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    const feedbackTable = db.prepare("SELECT name FROM sqlite_master WHERE name = 'feedback'").all();
    expect(feedbackTable).toEqual([]);
  });

  it("rolls back to a feedback table filled from the trail", () => {
    const db = databaseWithTwoTrails();
    migrate(db, MIGRATIONS);
    migrate(db, MIGRATIONS, { to: BEFORE });
    const rows = db.prepare("SELECT ts, target, target_key, action, actor FROM feedback ORDER BY id").all();
    expect(rows).toEqual([
      { ts: T0, target: "pattern", target_key: "time_based|light.kitchen", action: "dismiss", actor: "Anna" },
      { ts: T0 + 60_001, target: "anomaly", target_key: "a1", action: "normal", actor: "u-anna" },
      { ts: T0 + 120_001, target: "pattern", target_key: "time_based|light.hall", action: "accept", actor: "u-bob" },
    ]);
  });
});
