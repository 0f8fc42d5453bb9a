// The behaviour every PatternStore shows under the catalog and the anomaly log, run against each implementation.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { AnomalyLog } from "../../src/patterns/anomaly-log.js";
import type { Anomaly, Finding, FindingOf, PatternType } from "../../src/patterns/finding.js";
import { type CatalogSettings, DEFAULT_CATALOG_SETTINGS, PatternCatalog } from "../../src/patterns/pattern-catalog.js";
import type { PatternStore } from "../../src/patterns/pattern-store.js";
import { type AuditActor, type AuditLog, UNKNOWN_ACTOR } from "../../src/storage/audit-log.js";
import { sampleParams } from "../support/sample-findings.js";

const T0 = Date.UTC(2026, 2, 2, 3, 0, 0);
const DAY = 86_400_000;
const ANNA: AuditActor = { actorId: "u-anna", actorName: "Anna", via: "ingress" };

/** The time of day of a time_based pattern, else null. */
const minuteOf = (p: Finding): number | null => (p.type === "time_based" ? p.params.minuteOfDay : null);

function timeFinding(
  entity: string,
  minute: number,
  extra: Partial<Omit<FindingOf<"time_based">, "type">> = {},
): FindingOf<"time_based"> {
  const hh = String(Math.floor(minute / 60)).padStart(2, "0");
  const mm = String(minute % 60).padStart(2, "0");
  return {
    type: "time_based",
    key: `time_based|${entity}|on|${hh}:${mm}`,
    entities: [entity],
    area: "kitchen",
    summary: `${entity} turns on around ${hh}:${mm}`,
    confidence: 0.8,
    support: 20,
    opportunities: 28,
    usefulness: 0.5,
    automated: false,
    users: [],
    evidence: { days: ["2026-03-01"] },
    params: {
      state: "on",
      dayType: "weekdays",
      minuteOfDay: minute,
      time: `${hh}:${mm}`,
      spreadMinutes: 10,
      windowMinutes: 45,
    },
    ...extra,
  };
}

const run = (...findings: Finding[]) => {
  const byType = new Map<PatternType, Finding[]>();
  for (const f of findings) byType.set(f.type, [...(byType.get(f.type) ?? []), f]);
  if (!byType.has("time_based")) byType.set("time_based", []);
  return byType;
};

const anomaly = (key: string, extra: Partial<Anomaly> = {}): Anomaly => ({
  key,
  kind: "unusual_time",
  entity: "light.hall",
  area: "hall",
  ts: T0,
  severity: "medium",
  summary: "Hall light turned on at 03:12",
  expected: "usually on between 18:00 and 23:00",
  details: {},
  ...extra,
});

/** A pattern store and an audit trail on the same database, as the service pairs them. */
export interface PatternStores {
  store: PatternStore;
  audit: AuditLog;
}

export function patternStoreContract(name: string, makeStores: () => PatternStores): void {
  const setup = (settings: Partial<CatalogSettings> = {}) => {
    const { store, audit } = makeStores();
    const clock = new ManualClock(T0);
    const catalog = new PatternCatalog(store, clock, audit, { ...DEFAULT_CATALOG_SETTINGS, ...settings });
    return { store, audit, clock, catalog, anomalies: new AnomalyLog(store, clock, audit) };
  };

  describe(`PatternStore contract: ${name}`, () => {
    it("upserts by stable key: one row, first_seen kept, last_seen and numbers updated", () => {
      const { clock, catalog } = setup();
      const first = catalog.applyRun(run(timeFinding("light.kitchen", 415)));
      expect(first).toMatchObject({ added: 1, updated: 0, active: 1 });
      clock.advance(DAY);
      const second = catalog.applyRun(run(timeFinding("light.kitchen", 415, { support: 22, confidence: 0.85 })));
      expect(second).toMatchObject({ added: 0, updated: 1, active: 1 });
      const all = catalog.list();
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({
        id: first.changed[0].id,
        key: "time_based|light.kitchen|on|06:55",
        support: 22,
        confidence: 0.85,
        firstSeen: T0,
        lastSeen: T0 + DAY,
        status: "active",
      });
    });

    it("keeps every field of a finding as it was given", () => {
      const { catalog } = setup();
      const f = timeFinding("light.kitchen", 415, {
        lift: 3.5,
        automated: true,
        users: ["u1"],
        evidence: { days: ["2026-02-27", "2026-02-28"], minutes: [410, 420] },
      });
      const [stored] = catalog.applyRun(run(f)).changed;
      expect(catalog.get(stored.id)).toMatchObject({ ...f, status: "active", snoozedUntil: null, missedRuns: 0 });
    });

    it("merges a habit whose time drifted into the record it already has, keeping the first key", () => {
      const { clock, catalog } = setup();
      catalog.applyRun(run(timeFinding("light.kitchen", 415)));
      clock.advance(DAY);
      catalog.applyRun(run(timeFinding("light.kitchen", 428)));
      const all = catalog.list({ statuses: ["active", "stale"] });
      expect(all.map((p) => [p.key, minuteOf(p)])).toEqual([["time_based|light.kitchen|on|06:55", 428]]);
    });

    it("merges near duplicates within a run and keeps separate habits apart", () => {
      const { catalog } = setup();
      catalog.applyRun(
        run(
          timeFinding("light.kitchen", 415, { usefulness: 0.7, evidence: { days: ["2026-03-01"] } }),
          timeFinding("light.kitchen", 425, { usefulness: 0.4, evidence: { days: ["2026-03-02"] } }),
          timeFinding("light.kitchen", 1140, { usefulness: 0.3 }),
        ),
      );
      const all = catalog.list();
      expect(all.map(minuteOf)).toEqual([415, 1140]);
      expect(all[0].evidence.days).toEqual(["2026-03-01", "2026-03-02"]);
    });

    it("turns a pattern stale after it is missed by 3 runs over 3 days, and back to active when seen again", () => {
      const { clock, catalog } = setup();
      catalog.applyRun(run(timeFinding("light.kitchen", 415)));
      for (let i = 0; i < 2; i++) {
        clock.advance(DAY);
        expect(catalog.applyRun(run()).staled).toBe(0);
      }
      clock.advance(DAY);
      expect(catalog.applyRun(run()).staled).toBe(1);
      expect(catalog.list()).toEqual([]);
      expect(catalog.list({ statuses: ["stale"] }).map((p) => p.key)).toEqual(["time_based|light.kitchen|on|06:55"]);
      clock.advance(DAY);
      catalog.applyRun(run(timeFinding("light.kitchen", 415)));
      expect(catalog.list().map((p) => [p.status, p.firstSeen])).toEqual([["active", T0]]);
    });

    it("never ages the patterns of a detector that did not run", () => {
      const { clock, catalog } = setup();
      catalog.applyRun(run(timeFinding("light.kitchen", 415)));
      for (let i = 0; i < 5; i++) {
        clock.advance(DAY);
        catalog.applyRun(new Map([["duration", []]]));
      }
      expect(catalog.list().map((p) => p.status)).toEqual(["active"]);
    });

    it("keeps a dismissed pattern dismissed when it is found again, and records who dismissed it", () => {
      const { clock, catalog } = setup();
      const [p] = catalog.applyRun(run(timeFinding("light.kitchen", 415))).changed;
      expect(catalog.dismiss(p.id, ANNA)?.status).toBe("dismissed");
      clock.advance(DAY);
      const update = catalog.applyRun(run(timeFinding("light.kitchen", 420)));
      expect(update.active).toBe(0);
      expect(catalog.list()).toEqual([]);
      expect(catalog.list({ statuses: ["dismissed"] }).map((x) => x.id)).toEqual([p.id]);
      expect(catalog.feedbackFor(p.id).map(({ id: _, ...e }) => e)).toEqual([
        {
          ts: T0,
          actorId: "u-anna",
          actorName: "Anna",
          via: "ingress",
          action: "pattern.dismiss",
          target: p.key,
          details: { id: p.id, from: "active", to: "dismissed" },
        },
      ]);
    });

    it("hides a snoozed pattern until its time, then shows it as active", () => {
      const { clock, catalog } = setup();
      const [p] = catalog.applyRun(run(timeFinding("light.kitchen", 415))).changed;
      catalog.snooze(p.id, T0 + 2 * DAY, UNKNOWN_ACTOR);
      expect(catalog.list()).toEqual([]);
      expect(catalog.get(p.id)?.status).toBe("snoozed");
      clock.advance(2 * DAY);
      expect(catalog.list().map((x) => [x.id, x.status])).toEqual([[p.id, "active"]]);
      expect(() => catalog.snooze(p.id, T0, UNKNOWN_ACTOR)).toThrow(RangeError);
    });

    it("caps patterns per entity and overall by usefulness, never dropping an accepted one", () => {
      const { catalog } = setup({ maxPerEntity: 2, maxPatterns: 3 });
      const [low] = catalog.applyRun(run(timeFinding("light.a", 100, { usefulness: 0.1 }))).changed;
      catalog.accept(low.id, ANNA);
      catalog.applyRun(
        run(
          timeFinding("light.a", 100, { usefulness: 0.1 }),
          timeFinding("light.a", 400, { usefulness: 0.9 }),
          timeFinding("light.a", 800, { usefulness: 0.8 }),
          timeFinding("light.b", 400, { usefulness: 0.7 }),
          timeFinding("light.c", 400, { usefulness: 0.6 }),
        ),
      );
      expect(catalog.list().map((p) => [p.entities[0], minuteOf(p), p.status])).toEqual([
        ["light.a", 400, "active"],
        ["light.b", 400, "active"],
        ["light.a", 100, "accepted"],
      ]);
    });

    it("leaves out the weekday and weekend times a day-type finding already states", () => {
      const { catalog } = setup();
      const weekday = timeFinding("light.bedroom", 405);
      const weekend = {
        ...timeFinding("light.bedroom", 510),
        key: "time_based|light.bedroom|on|weekends|09",
        params: { ...timeFinding("light.bedroom", 510).params, dayType: "weekends" as const },
      };
      const shift: Finding = {
        ...timeFinding("light.bedroom", 405),
        type: "day_type",
        key: "day_type|light.bedroom|on|shift",
        params: sampleParams("day_type", { state: "on", weekdayMinuteOfDay: 407, weekendMinuteOfDay: 512 }),
      };
      catalog.applyRun(
        new Map<PatternType, Finding[]>([
          ["time_based", [weekday, weekend, timeFinding("light.bedroom", 1350)]],
          ["day_type", [shift]],
        ]),
      );
      expect(
        catalog
          .list()
          .map((p) => p.key)
          .sort(),
      ).toEqual(["day_type|light.bedroom|on|shift", "time_based|light.bedroom|on|22:30"]);
    });

    it("does not keep findings below the minimum confidence", () => {
      const { catalog } = setup({ minConfidence: 0.7 });
      catalog.applyRun(
        run(timeFinding("light.a", 100, { confidence: 0.69 }), timeFinding("light.b", 100, { confidence: 0.7 })),
      );
      expect(catalog.list().map((p) => p.entities[0])).toEqual(["light.b"]);
    });

    it("filters by type, area, entity and status", () => {
      const { catalog } = setup();
      const pair: Finding = {
        ...timeFinding("switch.kettle", 420),
        type: "co_occurrence",
        key: "co_occurrence|light.kitchen|switch.kettle",
        entities: ["light.kitchen", "switch.kettle"],
        area: null,
        params: sampleParams("co_occurrence", { windowSeconds: 300 }),
      };
      catalog.applyRun(run(timeFinding("light.kitchen", 415), timeFinding("light.hall", 1200, { area: "hall" }), pair));
      const keys = (q: Parameters<PatternCatalog["list"]>[0]) =>
        catalog
          .list(q)
          .map((p) => p.key)
          .sort();
      expect(keys({ type: "co_occurrence" })).toEqual(["co_occurrence|light.kitchen|switch.kettle"]);
      expect(keys({ area: "hall" })).toEqual(["time_based|light.hall|on|20:00"]);
      expect(keys({ entity: "light.kitchen" })).toEqual([
        "co_occurrence|light.kitchen|switch.kettle",
        "time_based|light.kitchen|on|06:55",
      ]);
      expect(keys({ statuses: ["dismissed"] })).toEqual([]);
    });

    it("raises an anomaly once per occurrence and updates it when its severity rises", () => {
      const { anomalies } = setup();
      expect(anomalies.raise(anomaly("a1"))?.isNew).toBe(true);
      expect(anomalies.raise(anomaly("a1"))?.isNew).toBe(false);
      expect(anomalies.raise(anomaly("a1", { severity: "high" }))?.anomaly.severity).toBe("high");
      expect(anomalies.list().map((a) => [a.key, a.status, a.severity])).toEqual([["a1", "open", "high"]]);
    });

    it("never raises a dismissed occurrence again", () => {
      const { anomalies } = setup();
      const { anomaly: a } = anomalies.raise(anomaly("a1"))!;
      anomalies.dismiss(a.id, ANNA);
      expect(anomalies.raise(anomaly("a1"))).toBeNull();
      expect(anomalies.raise(anomaly("a2"))?.isNew).toBe(true);
    });

    it("silences the same kind on the same entity after 'this is normal'", () => {
      const { anomalies } = setup();
      const { anomaly: a } = anomalies.raise(anomaly("a1"))!;
      anomalies.raise(anomaly("a2"));
      anomalies.markNormal(a.id, ANNA);
      expect(anomalies.list().map((x) => [x.key, x.status])).toEqual([
        ["a2", "normal"],
        ["a1", "normal"],
      ]);
      expect(anomalies.raise(anomaly("a3"))).toBeNull();
      expect(anomalies.raise(anomaly("a4", { kind: "unusual_duration" }))?.isNew).toBe(true);
      expect(anomalies.raise(anomaly("a5", { entity: "light.porch" }))?.isNew).toBe(true);
    });

    it("lists anomalies newest first with filters", () => {
      const { anomalies } = setup();
      anomalies.raise(anomaly("old", { ts: T0 - DAY }));
      anomalies.raise(anomaly("new", { ts: T0, kind: "unavailable", entity: "sensor.door" }));
      expect(anomalies.list().map((a) => a.key)).toEqual(["new", "old"]);
      expect(anomalies.list({ kind: "unavailable" }).map((a) => a.key)).toEqual(["new"]);
      expect(anomalies.list({ since: T0 - 1 }).map((a) => a.key)).toEqual(["new"]);
      expect(anomalies.list({ limit: 1 }).map((a) => a.key)).toEqual(["new"]);
    });

    it("rolls back every write of a transaction that throws", () => {
      const { store, audit } = makeStores();
      const clock = new ManualClock(T0);
      const catalog = new PatternCatalog(store, clock, audit);
      expect(() =>
        store.transaction(() => {
          catalog.applyRun(run(timeFinding("light.kitchen", 415)));
          throw new Error("disk full");
        }),
      ).toThrow("disk full");
      expect(store.listPatterns()).toEqual([]);
    });
  });
}
