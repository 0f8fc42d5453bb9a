// The patterns and anomalies API as a client sees it: filters, 400s on bad values, feedback with actor and audit.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MiddlewareHandler } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEvents } from "../../src/app-events.js";
import { ManualClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { AnomalyLog } from "../../src/patterns/anomaly-log.js";
import type { Finding, PatternType } from "../../src/patterns/finding.js";
import { PatternCatalog } from "../../src/patterns/pattern-catalog.js";
import { type AuditLog, UNKNOWN_ACTOR } from "../../src/storage/audit-log.js";
import { createWebApp } from "../../src/web/create-app.js";
import type { Actor } from "../../src/web/remote-user.js";
import { anomaliesRoutes } from "../../src/web/routes/anomalies-routes.js";
import { patternsRoutes } from "../../src/web/routes/patterns-routes.js";
import { MemoryAuditLog } from "../support/memory/memory-audit-log.js";
import { MemoryPatternStore } from "../support/memory/memory-pattern-store.js";
import { findingOfType } from "../support/sample-findings.js";

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
const DAY = 86_400_000;

function finding(
  type: PatternType,
  entities: string[],
  area: string | null,
  usefulness: number,
  confidence = 0.8,
): Finding {
  return findingOfType(type, {
    key: `${type}|${entities.join(">")}`,
    entities,
    area,
    summary: `${type} of ${entities.join(", ")}`,
    confidence,
    support: 20,
    opportunities: 28,
    usefulness,
    automated: false,
    users: [],
    evidence: { days: ["2026-02-27", "2026-02-28"] },
  });
}

function setup(options: { actor?: Actor; audit?: AuditLog } = {}) {
  const clock = new ManualClock(T0);
  const store = new MemoryPatternStore();
  const audit = options.audit ?? new MemoryAuditLog();
  const catalog = new PatternCatalog(store, clock, audit);
  const anomalies = new AnomalyLog(store, clock, audit);
  const bus = new TypedBus<AppEvents>(createMemoryLogger());
  const updates: AppEvents["patternsUpdated"][] = [];
  bus.on("patternsUpdated", "test", (u) => void updates.push(u));
  const middleware: MiddlewareHandler[] = options.actor
    ? [
        async (c, next) => {
          c.set("actor" as never, options.actor as never);
          await next();
        },
      ]
    : [];
  const app = createWebApp({
    routes: [patternsRoutes({ catalog, clock, bus }), anomaliesRoutes({ anomalies })],
    uiDir: mkdtempSync(path.join(os.tmpdir(), "hp-ui-")),
    logger: createMemoryLogger(),
    middleware,
  });
  catalog.applyRun(
    new Map<PatternType, Finding[]>([
      [
        "time_based",
        [finding("time_based", ["light.kitchen"], "kitchen", 0.5), finding("time_based", ["light.hall"], "hall", 0.9)],
      ],
      ["co_occurrence", [finding("co_occurrence", ["binary_sensor.hall_motion", "light.hall"], "hall", 0.7)]],
    ]),
  );
  const ids = Object.fromEntries(catalog.list().map((p) => [p.key, p.id]));
  const json = async (res: Response | Promise<Response>) => {
    const r = await res;
    return { status: r.status, body: (await r.json()) as Record<string, unknown> & { patterns?: { key: string }[] } };
  };
  const post = (url: string, body?: unknown) =>
    json(
      app.request(url, {
        method: "POST",
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
      }),
    );
  return { app, clock, store, catalog, anomalies, audit, updates, ids, json, post };
}

const keys = (body: { patterns?: { key: string }[] }) => body.patterns!.map((p) => p.key);

describe("GET /api/patterns", () => {
  it("lists visible patterns by usefulness, highest first", async () => {
    const { app, json } = setup();
    const { status, body } = await json(app.request("/api/patterns"));
    expect(status).toBe(200);
    expect(body.total).toBe(3);
    expect(keys(body)).toEqual([
      "time_based|light.hall",
      "co_occurrence|binary_sensor.hall_motion>light.hall",
      "time_based|light.kitchen",
    ]);
  });

  it("filters by type, area, entity and status", async () => {
    const { app, json } = setup();
    expect(keys((await json(app.request("/api/patterns?type=co_occurrence"))).body)).toEqual([
      "co_occurrence|binary_sensor.hall_motion>light.hall",
    ]);
    expect(keys((await json(app.request("/api/patterns?area=kitchen"))).body)).toEqual(["time_based|light.kitchen"]);
    expect(keys((await json(app.request("/api/patterns?entity=light.hall&type=time_based"))).body)).toEqual([
      "time_based|light.hall",
    ]);
    expect(keys((await json(app.request("/api/patterns?status=dismissed"))).body)).toEqual([]);
  });

  it("answers a bad filter value with 400 and a message naming what is allowed", async () => {
    const { app, json } = setup();
    expect(await json(app.request("/api/patterns?type=vibes"))).toEqual({
      status: 400,
      body: {
        error:
          'type must be one of time_based, co_occurrence, sequence, room_based, duration, anomaly, session, day_type, contextual, seasonal, automation_quiet; got "vibes"',
        parameter: "type",
        accepted: ["type", "status", "sort", "limit", "area", "entity"],
      },
    });
    expect((await json(app.request("/api/patterns?status=active,gone"))).status).toBe(400);
    expect((await json(app.request("/api/patterns?sort=random"))).status).toBe(400);
    expect((await json(app.request("/api/patterns?limit=0"))).status).toBe(400);
  });

  it("returns one pattern with its evidence, 404 for an unknown id and 400 for a malformed one", async () => {
    const { app, json, ids } = setup();
    const { status, body } = await json(app.request(`/api/patterns/${ids["time_based|light.kitchen"]}`));
    expect(status).toBe(200);
    expect(body.pattern).toMatchObject({
      key: "time_based|light.kitchen",
      evidence: { days: ["2026-02-27", "2026-02-28"] },
    });
    expect(body.feedback).toEqual([]);
    expect(await json(app.request("/api/patterns/999"))).toEqual({
      status: 404,
      body: { error: "no pattern with id 999" },
    });
    expect((await json(app.request("/api/patterns/abc"))).status).toBe(400);
  });
});

describe("pattern feedback", () => {
  const anna: Actor = { userId: "u-anna", name: "Anna", via: "ingress" };

  it("dismisses: the pattern leaves the default list, the audit log and the bus hear of it", async () => {
    const { app, json, post, ids, audit, updates } = setup({ actor: anna });
    const id = ids["time_based|light.kitchen"];
    const res = await post(`/api/patterns/${id}/dismiss`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("dismissed");
    expect(keys((await json(app.request("/api/patterns"))).body)).not.toContain("time_based|light.kitchen");
    expect(keys((await json(app.request("/api/patterns?status=all"))).body)).toContain("time_based|light.kitchen");
    expect(audit.list().map(({ id: _, ...e }) => e)).toEqual([
      {
        ts: T0,
        actorId: "u-anna",
        actorName: "Anna",
        via: "ingress",
        action: "pattern.dismiss",
        target: "time_based|light.kitchen",
        details: { id, from: "active", to: "dismissed" },
      },
    ]);
    expect(updates.at(-1)).toMatchObject({ active: 2, changed: [{ id, status: "dismissed" }] });
    const detail = await json(app.request(`/api/patterns/${id}`));
    expect(detail.body.feedback).toEqual(audit.list());
  });

  it("accepts without a remote user: feedback is recorded without an actor", async () => {
    const { post, ids, audit } = setup();
    const res = await post(`/api/patterns/${ids["time_based|light.hall"]}/accept`);
    expect(res.body.status).toBe("accepted");
    expect(audit.list()[0]).toMatchObject({
      actorId: null,
      actorName: "unknown",
      via: "system",
      action: "pattern.accept",
    });
  });

  it("snoozes for a number of days or until a time, and the pattern returns when the time has come", async () => {
    const { app, json, post, ids, clock } = setup();
    const id = ids["time_based|light.hall"];
    const res = await post(`/api/patterns/${id}/snooze`, { days: 2 });
    expect(res.body).toMatchObject({ status: "snoozed", snoozedUntil: T0 + 2 * DAY });
    expect(keys((await json(app.request("/api/patterns"))).body)).not.toContain("time_based|light.hall");
    clock.advance(2 * DAY);
    expect(keys((await json(app.request("/api/patterns"))).body)[0]).toBe("time_based|light.hall");
    const until = new Date(T0 + 10 * DAY).toISOString();
    expect((await post(`/api/patterns/${id}/snooze`, { until })).body).toMatchObject({ snoozedUntil: T0 + 10 * DAY });
  });

  it("unsnoozes: the pattern is active again at once, and the audit trail says who undid the snooze", async () => {
    const { app, json, post, ids, audit } = setup({ actor: anna });
    const id = ids["time_based|light.hall"];
    await post(`/api/patterns/${id}/snooze`, { days: 7 });
    const res = await post(`/api/patterns/${id}/unsnooze`);
    expect(res).toMatchObject({ status: 200, body: { id, status: "active", snoozedUntil: null } });
    expect(keys((await json(app.request("/api/patterns"))).body)).toContain("time_based|light.hall");
    expect(audit.list().map((e) => [e.action, e.actorName, e.details])).toEqual([
      ["pattern.unsnooze", "Anna", { id, from: "snoozed", to: "active" }],
      ["pattern.snooze", "Anna", { id, from: "active", to: "snoozed", until: new Date(T0 + 7 * DAY).toISOString() }],
    ]);
    expect(await post(`/api/patterns/${id}/unsnooze`)).toEqual({
      status: 409,
      body: { error: `pattern ${id} is not snoozed (it is active)` },
    });
    expect(audit.list()).toHaveLength(2);
  });

  it("refuses a snooze without a valid future time", async () => {
    const { post, ids } = setup();
    const id = ids["time_based|light.hall"];
    expect(await post(`/api/patterns/${id}/snooze`, {})).toEqual({
      status: 400,
      body: { error: "snooze needs {until} (ISO time or epoch ms) or {days}" },
    });
    expect((await post(`/api/patterns/${id}/snooze`, { days: -1 })).status).toBe(400);
    expect((await post(`/api/patterns/${id}/snooze`, { until: "yesterday-ish" })).status).toBe(400);
    expect(await post(`/api/patterns/${id}/snooze`, { until: T0 - 1 })).toEqual({
      status: 400,
      body: { error: "until must be in the future" },
    });
    expect((await post(`/api/patterns/999/snooze`, { days: 1 })).status).toBe(404);
  });

  it("refuses an until that is no time, a day the calendar lacks, or further off than days allows", async () => {
    const { post, ids, store } = setup();
    const id = ids["time_based|light.hall"];
    expect(await post(`/api/patterns/${id}/snooze`, { until: 1e17 })).toEqual({
      status: 400,
      body: { error: "until must be an ISO time or epoch milliseconds, got 100000000000000000: no such time" },
    });
    expect(await post(`/api/patterns/${id}/snooze`, { until: "2026-02-30T08:00:00Z" })).toEqual({
      status: 400,
      body: {
        error:
          'until must be an ISO time or epoch milliseconds, got "2026-02-30T08:00:00Z": day 2026-02-30 does not exist',
      },
    });
    expect(await post(`/api/patterns/${id}/snooze`, { until: "9999-01-01T00:00:00Z" })).toEqual({
      status: 400,
      body: { error: "until must be at most 365 days from now, as days must" },
    });
    expect(store.getPattern(id)?.status).toBe("active");
    expect((await post(`/api/patterns/${id}/snooze`, { until: T0 + 365 * DAY })).status).toBe(200);
  });

  it("refuses a key a feedback request does not take, and changes nothing", async () => {
    const { post, ids, catalog } = setup();
    const id = ids["time_based|light.hall"];
    expect(await post(`/api/patterns/${id}/snooze`, { days: 7, forever: true })).toEqual({
      status: 400,
      body: { error: 'unknown key "forever": it takes only until, days' },
    });
    expect(await post(`/api/patterns/${id}/dismiss`, { reason: "noise" })).toEqual({
      status: 400,
      body: { error: 'unknown key "reason": this request takes no parameters' },
    });
    expect(catalog.get(id)!.status).toBe("active");
    expect((await post(`/api/patterns/${id}/accept`)).status).toBe(200);
  });
});

describe("anomalies API", () => {
  const raise = (log: AnomalyLog, key: string, entity: string, ts: number) =>
    log.raise({
      key,
      kind: "unusual_time",
      entity,
      area: "hall",
      ts,
      severity: "medium",
      summary: `${entity} turned on at 03:10`,
      expected: "usually on between 18:00 and 23:00",
      details: {},
    })!.anomaly;

  it("lists open anomalies newest first, all on request, with a 400 on a bad filter", async () => {
    const { app, json, anomalies } = setup();
    const a = raise(anomalies, "a1", "light.hall", T0 - DAY);
    raise(anomalies, "a2", "light.porch", T0);
    anomalies.dismiss(a.id, UNKNOWN_ACTOR);
    const open = await json(app.request("/api/anomalies"));
    expect((open.body.anomalies as { key: string }[]).map((x) => x.key)).toEqual(["a2"]);
    const all = await json(app.request("/api/anomalies?status=all"));
    expect((all.body.anomalies as { key: string }[]).map((x) => x.key)).toEqual(["a2", "a1"]);
    const byEntity = await json(app.request("/api/anomalies?status=all&entity=light.hall"));
    expect((byEntity.body.anomalies as { key: string }[]).map((x) => x.key)).toEqual(["a1"]);
    expect((await json(app.request("/api/anomalies?kind=odd"))).status).toBe(400);
    expect((await json(app.request("/api/anomalies?status=closed"))).status).toBe(400);
    expect((await json(app.request("/api/anomalies?since=soon"))).status).toBe(400);
    expect(await json(app.request("/api/anomalies?since=2026-02-30T00:00:00Z"))).toMatchObject({
      status: 400,
      body: {
        error:
          'since must be an ISO time or epoch milliseconds, got "2026-02-30T00:00:00Z": day 2026-02-30 does not exist',
      },
    });
    expect(await json(app.request("/api/anomalies?since=99999999999999999999"))).toMatchObject({
      status: 400,
      body: { error: 'since must be an ISO time or epoch milliseconds, got "99999999999999999999": no such time' },
    });
    expect((await json(app.request("/api/anomalies?since=2026-03-01"))).status).toBe(200);
  });

  it("'this is normal' closes the anomaly, silences its kind on that entity and is audited with the note", async () => {
    const anna: Actor = { userId: "u-anna", name: "Anna", via: "ingress" };
    const { post, anomalies, audit } = setup({ actor: anna });
    const a = raise(anomalies, "a1", "light.hall", T0);
    const res = await post(`/api/anomalies/${a.id}/normal`, { note: "night shift" });
    expect(res.body).toMatchObject({ status: "normal", feedback: "night shift" });
    expect(anomalies.raise({ ...a, key: "a3" })).toBeNull();
    expect(audit.list()[0]).toMatchObject({
      action: "anomaly.normal",
      target: "a1",
      details: { id: a.id, from: "open", to: "normal", silences: "unusual_time|light.hall", note: "night shift" },
    });
  });

  it("dismisses with an empty body, 404 for an unknown id, 400 for a malformed body", async () => {
    const { post, anomalies, app, json } = setup();
    const a = raise(anomalies, "a1", "light.hall", T0);
    expect((await post(`/api/anomalies/${a.id}/dismiss`)).body).toMatchObject({ status: "dismissed", feedback: null });
    expect((await post(`/api/anomalies/77/dismiss`)).status).toBe(404);
    const bad = await app.request(`/api/anomalies/${a.id}/normal`, { method: "POST", body: "{nope" });
    expect(bad.status).toBe(400);
    expect((await json(app.request(`/api/anomalies/${a.id}`))).body).toMatchObject({ key: "a1", status: "dismissed" });
  });
});

describe("feedback and its audit record", () => {
  /** An audit trail that cannot be written to, like a database that refuses the insert. */
  const brokenAudit: AuditLog = {
    record: () => {
      throw new Error("audit_log: database is locked");
    },
    list: () => [],
    deleteBefore: () => 0,
  };

  it("leaves the pattern as it was when the audit record cannot be written", async () => {
    const { post, ids, catalog } = setup({ audit: brokenAudit });
    const id = ids["time_based|light.hall"];
    expect((await post(`/api/patterns/${id}/accept`)).status).toBe(500);
    expect((await post(`/api/patterns/${id}/dismiss`)).status).toBe(500);
    expect(catalog.get(id)?.status).toBe("active");
  });

  it("leaves the anomaly open when the audit record of 'this is normal' cannot be written", async () => {
    const { post, anomalies } = setup({ audit: brokenAudit });
    const a = anomalies.raise({
      key: "a1",
      kind: "unusual_time",
      entity: "light.hall",
      area: "hall",
      ts: T0,
      severity: "medium",
      summary: "Hall light turned on at 03:12",
      expected: "usually on between 18:00 and 23:00",
      details: {},
    })!.anomaly;
    expect((await post(`/api/anomalies/${a.id}/normal`, { note: "night shift" })).status).toBe(500);
    expect(anomalies.get(a.id)?.status).toBe("open");
  });
});
