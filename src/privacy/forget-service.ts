// Forgets an entity or a person everywhere Home Patterns keeps data, then leaves an audit record that does not name them.
import type { Clock } from "../core/clock.js";
import type { AggregateStore } from "../storage/aggregate-store.js";
import type { AuditLog } from "../storage/audit-log.js";
import type { SqliteDb } from "../storage/sqlite/sqlite-database.js";
import { type AggregateForgetKinds, forgetInAggregates } from "./aggregate-forget.js";
import { type EngineForget, type EngineForgetResult, forgetInEngines } from "./engine-forget.js";
import { type ForgetSubject, subjectDigest } from "./forget-subject.js";
import { type CatalogForgetCounts, compactSqlite, forgetInCatalog } from "./sqlite-forget.js";

export interface ForgetDeps {
  db: SqliteDb;
  events: { deleteEntity(entityId: string): number; deleteUser(userId: string): number };
  aggregates: AggregateStore;
  kinds: AggregateForgetKinds;
  archive: {
    removeRows(
      column: "entity" | "user_id",
      value: string,
    ): Promise<{ days: { day: string; rows: number; bytes: number }[]; rows: number }>;
  };
  engines: readonly EngineForget[];
  audit: AuditLog;
  clock: Clock;
  /** What else holds it in memory (the context graph): told after the stores. */
  onForgotten?: (subject: ForgetSubject) => void;
}

export interface ForgetActor {
  actorId: string | null;
  actorName: string;
  via: string;
}

export interface ForgetReport {
  /** What the audit trail calls the subject: a digest of its id. */
  subject: string;
  l1Events: number;
  archive: { days: number; rows: number };
  aggregates: Record<string, number>;
  catalog: CatalogForgetCounts;
  engines: EngineForgetResult[];
}

export async function forgetEverywhere(
  deps: ForgetDeps,
  subject: ForgetSubject,
  actor: ForgetActor,
): Promise<ForgetReport> {
  const l1Events =
    subject.kind === "entity" ? deps.events.deleteEntity(subject.id) : deps.events.deleteUser(subject.id);
  const aggregates = forgetInAggregates(deps.aggregates, deps.kinds, subject);
  const catalog = forgetInCatalog(deps.db, subject);
  const archived = await deps.archive.removeRows(subject.kind === "entity" ? "entity" : "user_id", subject.id);
  for (const d of archived.days) deps.aggregates.markArchived(d.day, { bytes: d.bytes, at: deps.clock.now() });
  // Deleted rows stay readable in free pages and the WAL until the file is rewritten.
  compactSqlite(deps.db);
  deps.onForgotten?.(subject);
  const engines = await forgetInEngines(deps.engines, subject);
  const report: ForgetReport = {
    subject: subjectDigest(subject),
    l1Events,
    archive: { days: archived.days.length, rows: archived.rows },
    aggregates,
    catalog,
    engines,
  };
  // A person forgetting themselves is not named by the record of it either.
  const self = actor.actorId !== null && actor.actorId === subject.id;
  deps.audit.record({
    ts: deps.clock.now(),
    ...actor,
    ...(self ? { actorId: null, actorName: "the forgotten person" } : {}),
    action: `${subject.kind}.forget`,
    target: report.subject,
    details: {
      l1Events,
      archiveRows: archived.rows,
      aggregateRows: Object.values(aggregates).reduce((a, b) => a + b, 0),
      ...catalog,
      engines: engines.map((e) => `${e.name}: ${e.ok ? "ok" : "failed"}`),
    },
  });
  return report;
}
