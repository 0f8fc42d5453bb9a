// The pattern catalog and anomalies in memory: for tests and the eval, which need no database.
import type {
  AnomalyQuery,
  AnomalyRecord,
  PatternQuery,
  PatternRecord,
  PatternStore,
  StoredAnomaly,
  StoredPattern,
} from "../../../src/patterns/pattern-store.js";

export class MemoryPatternStore implements PatternStore {
  private patterns = new Map<number, StoredPattern>();
  private patternIds = new Map<string, number>();
  private anomalies = new Map<number, StoredAnomaly>();
  private anomalyIds = new Map<string, number>();
  private nextPatternId = 1;
  private nextAnomalyId = 1;

  getPattern(id: number): StoredPattern | undefined {
    return copy(this.patterns.get(id));
  }

  getPatternByKey(key: string): StoredPattern | undefined {
    const id = this.patternIds.get(key);
    return id === undefined ? undefined : this.getPattern(id);
  }

  listPatterns(query: PatternQuery = {}): StoredPattern[] {
    return [...this.patterns.values()]
      .filter(
        (p) =>
          (!query.type || p.type === query.type) &&
          (!query.area || p.area === query.area) &&
          (!query.entity || p.entities.includes(query.entity)) &&
          (!query.statuses || query.statuses.includes(p.status)),
      )
      .sort((a, b) => b.usefulness - a.usefulness || a.id - b.id)
      .map((p) => copy(p)!);
  }

  putPattern(record: PatternRecord): StoredPattern {
    const id = this.patternIds.get(record.key) ?? this.nextPatternId++;
    this.patternIds.set(record.key, id);
    const stored = copy({ ...record, id })!;
    if (stored.lift === undefined) delete stored.lift;
    this.patterns.set(id, stored);
    return copy(stored)!;
  }

  deletePatterns(ids: readonly number[]): void {
    for (const id of ids) {
      const p = this.patterns.get(id);
      if (!p) continue;
      this.patterns.delete(id);
      this.patternIds.delete(p.key);
    }
  }

  getAnomaly(id: number): StoredAnomaly | undefined {
    return copy(this.anomalies.get(id));
  }

  getAnomalyByKey(key: string): StoredAnomaly | undefined {
    const id = this.anomalyIds.get(key);
    return id === undefined ? undefined : this.getAnomaly(id);
  }

  listAnomalies(query: AnomalyQuery = {}): StoredAnomaly[] {
    const list = [...this.anomalies.values()]
      .filter(
        (a) =>
          (query.kind === undefined || a.kind === query.kind) &&
          (query.entity === undefined || a.entity === query.entity) &&
          (query.area === undefined || a.area === query.area) &&
          (!query.statuses || query.statuses.includes(a.status)) &&
          (query.since === undefined || a.ts >= query.since),
      )
      .sort((a, b) => b.ts - a.ts || b.id - a.id)
      .map((a) => copy(a)!);
    return query.limit === undefined ? list : list.slice(0, query.limit);
  }

  putAnomaly(record: AnomalyRecord): StoredAnomaly {
    const id = this.anomalyIds.get(record.key) ?? this.nextAnomalyId++;
    this.anomalyIds.set(record.key, id);
    const stored = copy({ ...record, id })!;
    this.anomalies.set(id, stored);
    return copy(stored)!;
  }

  normalSignatures(): Set<string> {
    return new Set([...this.anomalies.values()].filter((a) => a.status === "normal").map((a) => a.signature));
  }

  deleteAnomaliesBefore(before: number): number {
    let removed = 0;
    for (const [id, a] of this.anomalies) {
      if (a.ts < before && a.status !== "normal") {
        this.anomalies.delete(id);
        this.anomalyIds.delete(a.key);
        removed++;
      }
    }
    return removed;
  }

  transaction<T>(fn: () => T): T {
    // All-or-nothing like SQLite: restore the previous state if fn throws.
    const saved = {
      patterns: new Map(this.patterns),
      patternIds: new Map(this.patternIds),
      anomalies: new Map(this.anomalies),
      anomalyIds: new Map(this.anomalyIds),
      nextPatternId: this.nextPatternId,
      nextAnomalyId: this.nextAnomalyId,
    };
    try {
      return fn();
    } catch (err) {
      Object.assign(this, saved);
      throw err;
    }
  }
}

/** Callers get their own copy, as they would from a database. */
function copy<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}
