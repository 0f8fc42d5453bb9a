// The user's feedback on patterns and anomalies in SQLite (table from migration 0003): the feedback part of SqlitePatternStore.
import type { SqliteDb } from "../storage/sqlite/sqlite-database.js";
import type { FeedbackEntry, PatternStore } from "./pattern-store.js";

export class SqliteFeedbackTable implements Pick<PatternStore, "addFeedback" | "listFeedback"> {
  constructor(private readonly db: SqliteDb) {}

  addFeedback(e: FeedbackEntry): void {
    this.db
      .prepare("INSERT INTO feedback (ts, target, target_key, action, actor, details) VALUES (?, ?, ?, ?, ?, ?)")
      .run(e.ts, e.target, e.targetKey, e.action, e.actor, JSON.stringify(e.details));
  }

  listFeedback(targetKey?: string): FeedbackEntry[] {
    const rows = (
      targetKey === undefined
        ? this.db.prepare("SELECT * FROM feedback ORDER BY ts, id").all()
        : this.db.prepare("SELECT * FROM feedback WHERE target_key = ? ORDER BY ts, id").all(targetKey)
    ) as { ts: number; target: string; target_key: string; action: string; actor: string | null; details: string }[];
    return rows.map((r) => ({
      ts: r.ts,
      target: r.target as FeedbackEntry["target"],
      targetKey: r.target_key,
      action: r.action as FeedbackEntry["action"],
      actor: r.actor,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  }
}
