// The L4 row of /api/storage: the pattern catalog and the anomaly log, as the other layers are shown.
import type { LocalTime } from "../core/local-time.js";
import type { SqliteDb } from "../storage/sqlite/sqlite-database.js";
import { tableBytes } from "../storage/sqlite/sqlite-space.js";
import type { LayerSummary } from "../storage/storage-report.js";

// audit_log keeps the user's feedback on patterns and anomalies (and the automations created from them).
const TABLES = ["patterns", "pattern_entities", "anomalies", "audit_log"] as const;
/** dbstat reads every page: measure at most this often. */
const MEASURE_EVERY_MS = 60_000;

export function catalogLayerSummary(
  db: SqliteDb,
  time: LocalTime,
  now: () => number,
  /** Bytes per table measured elsewhere (the service's worker); default dbstat here, at most once a minute. */
  sizes?: () => Map<string, number> | null,
): () => LayerSummary {
  let measured: { at: number; bytes: Map<string, number> | null } | undefined;
  return () => {
    if (sizes) measured = { at: now(), bytes: sizes() };
    else if (!measured || now() - measured.at > MEASURE_EVERY_MS) measured = { at: now(), bytes: tableBytes(db) };
    const tables = TABLES.map((name) => ({
      name,
      rows: (db.prepare(`SELECT count(*) AS n FROM ${name}`).get() as { n: number }).n,
      bytes: measured!.bytes?.get(name) ?? 0,
    }));
    const span = db.prepare("SELECT min(first_seen) AS oldest, max(last_seen) AS newest FROM patterns").get() as {
      oldest: number | null;
      newest: number | null;
    };
    return {
      name: "L4 patterns",
      // Every table's rows, as the other layers count theirs: the total matches the tables listed under it.
      rows: tables.reduce((n, t) => n + t.rows, 0),
      bytes: tables.reduce((n, t) => n + t.bytes, 0),
      oldestDay: span.oldest === null ? null : time.dayOf(span.oldest),
      newestDay: span.newest === null ? null : time.dayOf(span.newest),
      retentionDays: null,
      retention: "until dismissed or stale",
      tables,
    };
  };
}
