// Everything Home Patterns stores about one entity or person, as one JSON document (export on request).
import type { HomeEvent } from "../core/home-event.js";
import type { AggregateStore } from "../storage/aggregate-store.js";
import type { SqliteDb } from "../storage/sqlite/sqlite-database.js";
import { type AggregateForgetKinds, rowNamesSubject } from "./aggregate-forget.js";
import type { ForgetSubject } from "./forget-subject.js";
import { automationRunDays, rowsNaming } from "./sqlite-forget.js";

export interface ExportDeps {
  db: SqliteDb;
  /** L1 events of the entity, or caused by the person. */
  events(subject: ForgetSubject): HomeEvent[];
  registry: { getEntity(entityId: string): unknown; unitOf(entityId: string): string | null };
  aggregates: AggregateStore;
  kinds: AggregateForgetKinds;
  archive: { rowsWhere(column: "entity" | "user_id", value: string): Promise<Record<string, unknown>[]> };
  now: () => number;
}

export interface SubjectExport {
  subject: ForgetSubject;
  exportedAt: string;
  registry: unknown;
  /** The unit kept for the entity (its states' unit_of_measurement); null for a person or when none is known. */
  unit: string | null;
  rawEvents: HomeEvent[];
  archivedEvents: Record<string, unknown>[];
  aggregates: { kind: string; at: string; key: string; value: unknown }[];
  patterns: Record<string, unknown>[];
  anomalies: Record<string, unknown>[];
  audit: Record<string, unknown>[];
  automationRunDays: Record<string, unknown>[];
}

/** Picks rows with the same judgement forget uses: what is exported is exactly what forget would remove. */
export async function exportSubject(deps: ExportDeps, subject: ForgetSubject): Promise<SubjectExport> {
  const aggregates: SubjectExport["aggregates"] = [];
  const judge = (kind: string, row: { at: string; key: string; value: unknown }) =>
    deps.kinds.rowNames ? deps.kinds.rowNames(kind, row, subject) : rowNamesSubject(row, subject);
  for (const kind of deps.kinds.daily)
    for (const row of deps.aggregates.dayRows(kind, "0000-00-00", "9999-99-99"))
      if (judge(kind, row)) aggregates.push({ kind, ...row });
  for (const kind of deps.kinds.periodic) {
    const periods = deps.aggregates.periodRecords(kind).map((p) => p.period);
    for (const row of deps.aggregates.periodRows(kind, periods))
      if (judge(kind, row)) aggregates.push({ kind, ...row });
  }
  return {
    subject,
    exportedAt: new Date(deps.now()).toISOString(),
    registry: subject.kind === "entity" ? (deps.registry.getEntity(subject.id) ?? null) : null,
    unit: subject.kind === "entity" ? deps.registry.unitOf(subject.id) : null,
    rawEvents: deps.events(subject),
    archivedEvents: await deps.archive.rowsWhere(subject.kind === "entity" ? "entity" : "user_id", subject.id),
    aggregates,
    patterns: rowsNaming(deps.db, "patterns", subject).map(parseJsonColumns),
    anomalies: rowsNaming(deps.db, "anomalies", subject).map(parseJsonColumns),
    audit: rowsNaming(deps.db, "audit_log", subject).map(parseJsonColumns),
    automationRunDays: automationRunDays(deps.db, subject),
  };
}

/** Catalog rows keep lists and evidence as JSON text: exported as the values they are. */
function parseJsonColumns(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === "string" && (v.startsWith("[") || v.startsWith("{"))) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // plain text that happens to start with a bracket
      }
    }
    out[k] = v;
  }
  return out;
}
