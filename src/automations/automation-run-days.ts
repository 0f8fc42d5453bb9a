// Automation runs counted per local day: the interface, and the SQLite table behind it (migration 0005).
import type { SqliteDb } from "../storage/sqlite/sqlite-database.js";

export interface AutomationRunDay {
  automation: string;
  name: string;
  /** Local day, YYYY-MM-DD. */
  day: string;
  runs: number;
  /** Epoch ms of the newest run that day. */
  lastTs: number;
}

export interface AutomationRunStore {
  /** Counts one run. Adding is commutative, so live runs and a backfill of the same days merge. */
  record(run: { automation: string; name: string; day: string; ts: number }): void;
  /** Every automation's days with runs from `from` to `to` (inclusive local days), oldest first. */
  daysBetween(from: string, to: string): AutomationRunDay[];
  /** Forgets days before `day`; returns how many rows went. */
  deleteBefore(day: string): number;
}

interface Row {
  automation: string;
  name: string;
  day: string;
  runs: number;
  last_ts: number;
}

export class SqliteAutomationRunStore implements AutomationRunStore {
  constructor(private readonly db: SqliteDb) {}

  record(run: { automation: string; name: string; day: string; ts: number }): void {
    this.db
      .prepare(
        `INSERT INTO automation_run_days (automation, day, runs, last_ts, name) VALUES (?, ?, 1, ?, ?)
         ON CONFLICT (automation, day) DO UPDATE SET runs = runs + 1,
           last_ts = max(last_ts, excluded.last_ts), name = excluded.name`,
      )
      .run(run.automation, run.day, run.ts, run.name);
  }

  daysBetween(from: string, to: string): AutomationRunDay[] {
    const rows = this.db
      .prepare(
        "SELECT automation, name, day, runs, last_ts FROM automation_run_days WHERE day >= ? AND day <= ? ORDER BY automation, day",
      )
      .all(from, to) as Row[];
    return rows.map((r) => ({ automation: r.automation, name: r.name, day: r.day, runs: r.runs, lastTs: r.last_ts }));
  }

  deleteBefore(day: string): number {
    return this.db.prepare("DELETE FROM automation_run_days WHERE day < ?").run(day).changes;
  }
}

/** Kept in memory, for tests and the offline tools that have no Home Assistant to hear runs from. */
export class MemoryAutomationRunStore implements AutomationRunStore {
  private readonly rows = new Map<string, AutomationRunDay>();

  record(run: { automation: string; name: string; day: string; ts: number }): void {
    const key = `${run.automation}\u0000${run.day}`;
    const known = this.rows.get(key);
    this.rows.set(key, {
      automation: run.automation,
      name: run.name,
      day: run.day,
      runs: (known?.runs ?? 0) + 1,
      lastTs: Math.max(known?.lastTs ?? run.ts, run.ts),
    });
  }

  daysBetween(from: string, to: string): AutomationRunDay[] {
    return [...this.rows.values()]
      .filter((r) => r.day >= from && r.day <= to)
      .sort((a, b) => (a.automation === b.automation ? cmp(a.day, b.day) : cmp(a.automation, b.automation)));
  }

  deleteBefore(day: string): number {
    let n = 0;
    for (const [key, r] of this.rows)
      if (r.day < day) {
        this.rows.delete(key);
        n++;
      }
    return n;
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
