// Anomalies as users see them: raised once per occurrence, silenced by "dismiss" and "this is normal".
import type { Clock } from "../core/clock.js";
import type { AuditActor, AuditLog } from "../storage/audit-log.js";
import type { Anomaly } from "./finding.js";
import type { AnomalyQuery, PatternStore, StoredAnomaly } from "./pattern-store.js";

const SEVERITY_RANK = { low: 0, medium: 1, high: 2 } as const;

/** What "this is normal" silences: the same kind of anomaly on the same entity or area. */
export function anomalySignature(a: Pick<Anomaly, "kind" | "entity" | "area">): string {
  return `${a.kind}|${a.entity ?? `area:${a.area ?? ""}`}`;
}

export interface RaiseResult {
  anomaly: StoredAnomaly;
  /** False when the occurrence was already known (e.g. seen online, then again nightly). */
  isNew: boolean;
}

export class AnomalyLog {
  /** `audit` records each dismiss and "normal" in the status change's transaction: it must share the store's database. */
  constructor(
    private readonly store: PatternStore,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Records an anomaly unless the user silenced it. Returns null when suppressed (marked normal,
   * or this occurrence dismissed); a known open occurrence is updated when its severity rose.
   */
  raise(a: Anomaly): RaiseResult | null {
    const signature = anomalySignature(a);
    const now = this.clock.now();
    return this.store.transaction(() => {
      const previous = this.store.getAnomalyByKey(a.key);
      if (previous && previous.status !== "open") return null;
      if (this.store.normalSignatures().has(signature)) return null;
      if (previous) {
        if (SEVERITY_RANK[a.severity] <= SEVERITY_RANK[previous.severity]) return { anomaly: previous, isNew: false };
        const anomaly = this.store.putAnomaly({ ...previous, ...a, updatedAt: now });
        return { anomaly, isNew: false };
      }
      const anomaly = this.store.putAnomaly({
        ...a,
        status: "open",
        feedback: null,
        signature,
        createdAt: now,
        updatedAt: now,
      });
      return { anomaly, isNew: true };
    });
  }

  /** True when an anomaly like this would be suppressed (so a monitor need not build it). */
  isSilenced(a: Pick<Anomaly, "key" | "kind" | "entity" | "area">): boolean {
    const previous = this.store.getAnomalyByKey(a.key);
    if (previous && previous.status !== "open") return true;
    return this.store.normalSignatures().has(anomalySignature(a));
  }

  list(query: AnomalyQuery = {}): StoredAnomaly[] {
    return this.store.listAnomalies(query);
  }

  get(id: number): StoredAnomaly | undefined {
    return this.store.getAnomaly(id);
  }

  /** This occurrence was seen and needs nothing more; it is not raised again. */
  dismiss(id: number, actor: AuditActor, note?: string): StoredAnomaly | undefined {
    const now = this.clock.now();
    return this.store.transaction(() => {
      const a = this.store.getAnomaly(id);
      if (!a) return undefined;
      const stored = this.store.putAnomaly({ ...a, status: "dismissed", feedback: note ?? a.feedback, updatedAt: now });
      this.recordFeedback(now, actor, "dismiss", a, stored, note ? { note } : {});
      return stored;
    });
  }

  /**
   * "This is normal": the occurrence and every open one with the same signature close, and
   * that kind of anomaly on that subject is not raised again.
   */
  markNormal(id: number, actor: AuditActor, note?: string): StoredAnomaly | undefined {
    const now = this.clock.now();
    return this.store.transaction(() => {
      const a = this.store.getAnomaly(id);
      if (!a) return undefined;
      const feedback = note ?? "this is normal";
      const stored = this.store.putAnomaly({ ...a, status: "normal", feedback, updatedAt: now });
      for (const other of this.store.listAnomalies({ statuses: ["open"] })) {
        if (other.signature === a.signature)
          this.store.putAnomaly({ ...other, status: "normal", feedback, updatedAt: now });
      }
      this.recordFeedback(now, actor, "normal", a, stored, { silences: a.signature, ...(note ? { note } : {}) });
      return stored;
    });
  }

  private recordFeedback(
    ts: number,
    actor: AuditActor,
    action: "dismiss" | "normal",
    before: StoredAnomaly,
    after: StoredAnomaly,
    details: Record<string, unknown>,
  ): void {
    this.audit.record({
      ts,
      ...actor,
      action: `anomaly.${action}`,
      target: before.key,
      details: { id: before.id, from: before.status, to: after.status, ...details },
    });
  }

  /** Forgets anomalies older than `days` (the user's "normal" answers stay). */
  prune(days: number): number {
    return this.store.deleteAnomaliesBefore(this.clock.now() - days * 86_400_000);
  }
}
