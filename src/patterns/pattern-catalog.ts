// The L4 catalog's policy: upsert findings by key, merge near duplicates, age out, cap, and take feedback.
import type { Clock } from "../core/clock.js";
import type { AuditActor, AuditEntry, AuditLog } from "../storage/audit-log.js";
import { CapBudget, capOrder } from "./catalog-caps.js";
import type { Finding, PatternType } from "./finding.js";
import { isNearDuplicate, mergeNearDuplicates, subsumedByDayType } from "./near-duplicates.js";
import type { PatternQuery, PatternRecord, PatternStatus, PatternStore, StoredPattern } from "./pattern-store.js";

const DAY_MS = 86_400_000;

export interface CatalogSettings {
  /** Most patterns kept (option max_patterns); accepted ones always stay. */
  maxPatterns: number;
  /** Most patterns that involve any one entity (option max_patterns_per_entity). */
  maxPerEntity: number;
  /** Findings below this are not kept (option min_confidence). */
  minConfidence: number;
  /** A pattern missed by this many consecutive runs of its detector, and unseen for as many days, is stale. */
  staleAfterRuns: number;
  /** Stale patterns are forgotten after this many days unseen; dismissed ones are kept to stay dismissed. */
  forgetStaleAfterDays: number;
}

export const DEFAULT_CATALOG_SETTINGS: CatalogSettings = {
  maxPatterns: 200,
  maxPerEntity: 3,
  minConfidence: 0.6,
  staleAfterRuns: 3,
  forgetStaleAfterDays: 60,
};

export interface CatalogUpdate {
  /** Patterns added, or whose status or summary changed: each is announced (home_patterns_pattern). */
  changed: StoredPattern[];
  /** New patterns the catalog kept; one the caps turned away in the same run was never added. */
  added: number;
  updated: number;
  staled: number;
  /** Removed by the caps or forgotten after being stale. */
  removed: number;
  /** Patterns a user sees now (active and accepted). */
  active: number;
}

/**
 * Findings about the present rather than a habit: an automation quiet until yesterday that ran
 * again is no longer quiet, so the finding goes stale at the first run that does not find it.
 */
const STALE_AT_ONCE: ReadonlySet<PatternType> = new Set(["automation_quiet"]);

/** Statuses a user sees by default. */
export const VISIBLE_STATUSES: readonly PatternStatus[] = ["active", "accepted"];

/** What a user can do to a pattern; each is one audit entry, "pattern.<action>". */
type PatternAction = "accept" | "dismiss" | "snooze" | "unsnooze";

export class PatternCatalog {
  /**
   * `audit` records each accept, dismiss and snooze in the same transaction as the status change,
   * so it must write to the store's database (SqliteAuditLog on the same SqliteDb).
   */
  constructor(
    private readonly store: PatternStore,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly settings: CatalogSettings = DEFAULT_CATALOG_SETTINGS,
  ) {}

  /**
   * Records one detection run. `results` holds every detector that ran, even with no finding:
   * only their patterns age, so the patterns of a detector that failed or is switched off never go stale.
   */
  applyRun(results: ReadonlyMap<PatternType, readonly Finding[]>): CatalogUpdate {
    const now = this.clock.now();
    // Time-of-day findings a day-type finding already states are not kept twice.
    const subsumed = subsumedByDayType(
      [...results.values()].flat().filter((f) => f.confidence >= this.settings.minConfidence),
    );
    return this.store.transaction(() => {
      const update: CatalogUpdate = { changed: [], added: 0, updated: 0, staled: 0, removed: 0, active: 0 };
      const addedNow = new Set<number>();
      for (const [type, findings] of results)
        this.applyType(
          type,
          findings.filter((f) => !subsumed.has(f.key)),
          now,
          update,
          addedNow,
        );
      this.applyCaps(update, addedNow);
      update.active = this.store.listPatterns({ statuses: VISIBLE_STATUSES }).length;
      return update;
    });
  }

  private applyType(
    type: PatternType,
    findings: readonly Finding[],
    now: number,
    update: CatalogUpdate,
    addedNow: Set<number>,
  ): void {
    const existing = this.store.listPatterns({ type });
    const seen = new Set<number>();
    const confident = findings.filter((f) => f.type === type && f.confidence >= this.settings.minConfidence);
    for (const finding of mergeNearDuplicates(confident)) {
      // A habit whose time drifted keeps its record (and its dismissal) under the first key.
      const previous =
        existing.find((p) => p.key === finding.key) ??
        existing.find((p) => !seen.has(p.id) && isNearDuplicate(p, finding));
      if (previous && seen.has(previous.id)) continue;
      const record = this.nextRecord(finding, previous, now);
      const stored = this.store.putPattern(record);
      seen.add(stored.id);
      if (!previous) {
        update.added++;
        addedNow.add(stored.id);
        update.changed.push(stored);
      } else {
        update.updated++;
        if (previous.status !== stored.status || previous.summary !== stored.summary) update.changed.push(stored);
      }
    }
    const forgetBefore = now - this.settings.forgetStaleAfterDays * DAY_MS;
    const forget: number[] = [];
    for (const p of existing) {
      if (seen.has(p.id)) continue;
      if (p.status === "stale" && p.lastSeen < forgetBefore) {
        forget.push(p.id);
        continue;
      }
      const missedRuns = p.missedRuns + 1;
      const unseenDays = (now - p.lastSeen) / DAY_MS;
      const becomesStale =
        (p.status === "active" || p.status === "snoozed") &&
        (STALE_AT_ONCE.has(type) ||
          (missedRuns >= this.settings.staleAfterRuns && unseenDays >= this.settings.staleAfterRuns));
      const stored = this.store.putPattern({
        ...p,
        missedRuns,
        status: becomesStale ? "stale" : p.status,
        snoozedUntil: becomesStale ? null : p.snoozedUntil,
        updatedAt: becomesStale ? now : p.updatedAt,
      });
      if (becomesStale) {
        update.staled++;
        update.changed.push(stored);
      }
    }
    this.store.deletePatterns(forget);
    update.removed += forget.length;
  }

  private nextRecord(finding: Finding, previous: StoredPattern | undefined, now: number): PatternRecord {
    if (!previous) {
      return {
        ...finding,
        status: "active",
        snoozedUntil: null,
        firstSeen: now,
        lastSeen: now,
        updatedAt: now,
        missedRuns: 0,
      };
    }
    let status = previous.status;
    let snoozedUntil = previous.snoozedUntil;
    if (status === "stale" || (status === "snoozed" && (snoozedUntil ?? 0) <= now)) {
      status = "active";
      snoozedUntil = null;
    }
    return {
      ...finding,
      key: previous.key,
      status,
      snoozedUntil,
      firstSeen: previous.firstSeen,
      lastSeen: now,
      updatedAt: now,
      missedRuns: 0,
    };
  }

  /** Keeps the most useful patterns within the caps; accepted ones are never dropped. */
  private applyCaps(update: CatalogUpdate, addedNow: ReadonlySet<number>): void {
    const candidates = this.store.listPatterns({ statuses: ["accepted", "active", "snoozed"] }).sort(capOrder);
    const budget = new CapBudget(this.settings.maxPatterns, this.settings.maxPerEntity);
    const drop = candidates.filter((p) => !budget.admit(p, p.status === "accepted")).map((p) => p.id);
    if (drop.length === 0) return;
    const dropped = new Set(drop);
    // A pattern found in this run and turned away by the caps at once was never in the catalog:
    // not added (nothing announces it), not removed.
    const neverShown = [...addedNow].filter((id) => dropped.has(id)).length;
    update.changed = update.changed.filter((p) => !dropped.has(p.id));
    this.store.deletePatterns(drop);
    update.added -= neverShown;
    update.removed += drop.length - neverShown;
  }

  /**
   * Patterns as a user would see them now (a snooze that ran out reads as active); without
   * statuses, the visible ones (active and accepted).
   */
  list(query: PatternQuery = {}): StoredPattern[] {
    const now = this.clock.now();
    const statuses = query.statuses ?? VISIBLE_STATUSES;
    // An expired snooze is stored as snoozed but reads as active.
    const stored =
      statuses.includes("active") && !statuses.includes("snoozed") ? [...statuses, "snoozed" as const] : statuses;
    return this.store
      .listPatterns({ ...query, statuses: stored })
      .map((p) => this.effective(p, now))
      .filter((p) => statuses.includes(p.status));
  }

  get(id: number): StoredPattern | undefined {
    const p = this.store.getPattern(id);
    return p && this.effective(p, this.clock.now());
  }

  /** `details` go into the audit entry (e.g. the Home Assistant automation created from it). */
  accept(id: number, actor: AuditActor, details: Record<string, unknown> = {}): StoredPattern | undefined {
    return this.setStatus(id, "accept", actor, "accepted", null, details);
  }

  dismiss(id: number, actor: AuditActor): StoredPattern | undefined {
    return this.setStatus(id, "dismiss", actor, "dismissed", null, {});
  }

  /** Hides the pattern until `until` (epoch ms, must be in the future). */
  snooze(id: number, until: number, actor: AuditActor): StoredPattern | undefined {
    if (!(until > this.clock.now())) throw new RangeError("a snooze must end in the future");
    return this.setStatus(id, "snooze", actor, "snoozed", until, { until: new Date(until).toISOString() });
  }

  /** Ends a snooze now: the pattern is active again. A pattern that is not snoozed is left as it is. */
  unsnooze(id: number, actor: AuditActor): StoredPattern | undefined {
    const p = this.get(id);
    if (p && p.status !== "snoozed") throw new RangeError(`pattern ${id} is not snoozed (it is ${p.status})`);
    return this.setStatus(id, "unsnooze", actor, "active", null, {});
  }

  /** The pattern's audit trail, oldest first: feedback, and automations created from it. */
  feedbackFor(id: number): AuditEntry[] {
    const p = this.store.getPattern(id);
    return p ? this.audit.list({ target: p.key }).reverse() : [];
  }

  private setStatus(
    id: number,
    action: PatternAction,
    actor: AuditActor,
    status: PatternStatus,
    snoozedUntil: number | null,
    details: Record<string, unknown>,
  ): StoredPattern | undefined {
    const now = this.clock.now();
    return this.store.transaction(() => {
      const p = this.store.getPattern(id);
      if (!p) return undefined;
      const from = this.effective(p, now).status;
      const stored = this.store.putPattern({ ...p, status, snoozedUntil, updatedAt: now });
      this.audit.record({
        ts: now,
        ...actor,
        action: `pattern.${action}`,
        target: p.key,
        details: { id, from, to: status, ...details },
      });
      return stored;
    });
  }

  private effective(p: StoredPattern, now: number): StoredPattern {
    if (p.status === "snoozed" && (p.snoozedUntil ?? 0) <= now) return { ...p, status: "active", snoozedUntil: null };
    return p;
  }
}
