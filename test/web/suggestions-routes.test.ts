// /api/suggestions as the panel uses it, and "create in Home Assistant" against the fake HA's REST side.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MiddlewareHandler } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppEvents } from "../../src/app-events.js";
import { ManualClock } from "../../src/core/clock.js";
import { TypedBus } from "../../src/core/event-bus.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { Finding, PatternType } from "../../src/patterns/finding.js";
import { PatternCatalog } from "../../src/patterns/pattern-catalog.js";
import type { StoredPattern } from "../../src/patterns/pattern-store.js";
import type { AutomationWriter } from "../../src/patterns/suggestions/automation-creation.js";
import { HaRestClient, haApiBaseUrl } from "../../src/sources/ha/ha-rest-client.js";
import { createWebApp } from "../../src/web/create-app.js";
import type { Actor } from "../../src/web/remote-user.js";
import { suggestionsRoutes } from "../../src/web/routes/suggestions-routes.js";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { eventually } from "../fakes/ha/eventually.js";
import { hallwayMotionLight, kitchenWeekdayMorning } from "../patterns/suggestions/suggestion-fixtures.js";
import { MemoryAuditLog } from "../support/memory/memory-audit-log.js";
import { MemoryPatternStore } from "../support/memory/memory-pattern-store.js";
import { MemoryRegistryStore } from "../support/memory/memory-registry-store.js";
import { SAMPLE_PARAMS } from "../support/sample-findings.js";

const T0 = Date.UTC(2026, 10, 30, 3, 0, 0);
const ALEX: Actor = { userId: "a1b2c3d4e5f60718293a4b5c6d7e8f90", name: "Alex", via: "ingress" };
const KITCHEN_ID = "home_patterns_7cd4ec20687d";

const KITCHEN_CONFIG = {
  alias: "Kitchen light on at 06:45 on weekdays",
  description:
    "Turns on Kitchen light at 06:45 on weekdays when someone is home: 10 min before it usually happens (06:55), so it is done before anyone reaches for it. " +
    "Learned by Home Patterns: Kitchen light turns on around 06:55 ± 6 min on 18 of 20 weekdays. Evidence: 18 of 20 weekdays, confidence 72 %, from 2026-11-02 to 2026-11-27.",
  trigger: [{ platform: "time", at: "06:45:00" }],
  condition: [
    { condition: "time", weekday: ["mon", "tue", "wed", "thu", "fri"] },
    {
      condition: "or",
      conditions: [
        { condition: "state", entity_id: "person.alex", state: "home" },
        { condition: "state", entity_id: "person.sam", state: "home" },
      ],
    },
  ],
  action: [{ service: "light.turn_on", target: { entity_id: "light.kitchen" } }],
  mode: "single",
};

/** The finding a stored pattern was made from: its lifecycle fields left out. */
function finding(pattern: StoredPattern): Finding {
  const {
    id: _id,
    status: _status,
    snoozedUntil: _s,
    firstSeen: _f,
    lastSeen: _l,
    updatedAt: _u,
    missedRuns: _m,
    ...rest
  } = pattern;
  return rest;
}

const roomFinding: Finding = {
  type: "room_based",
  key: "room_based|kitchen|activity",
  entities: [],
  area: "kitchen",
  summary: "Kitchen is busiest on weekdays 06:00–08:00 and 17:00–19:00",
  confidence: 0.8,
  support: 20,
  opportunities: 28,
  usefulness: 0.4,
  automated: false,
  users: [],
  evidence: { days: ["2026-11-02"] },
  params: SAMPLE_PARAMS.room_based,
};

describe("suggestions API", () => {
  let clock: ManualClock;
  let fake: FakeHomeAssistant;
  let catalog: PatternCatalog;
  let audit: MemoryAuditLog;
  let updates: AppEvents["patternsUpdated"][];
  let ids: Record<string, number>;

  beforeEach(async () => {
    clock = new ManualClock(T0);
    fake = await FakeHomeAssistant.start({ now: () => clock.now() });
    audit = new MemoryAuditLog();
    catalog = new PatternCatalog(new MemoryPatternStore(), clock, audit);
    catalog.applyRun(
      new Map<PatternType, Finding[]>([
        ["time_based", [finding(kitchenWeekdayMorning)]],
        ["co_occurrence", [finding(hallwayMotionLight)]],
        ["room_based", [roomFinding]],
      ]),
    );
    ids = Object.fromEntries(catalog.list().map((p) => [p.type, p.id]));
    updates = [];
  });

  afterEach(async () => {
    await fake.stop();
  });

  function app(options: { ha?: AutomationWriter | null } = {}) {
    const registry = new MemoryRegistryStore();
    registry.upsertEntities([
      { entityId: "light.kitchen", name: "Kitchen light" },
      { entityId: "light.hallway", name: "Hallway light" },
      { entityId: "binary_sensor.hallway_motion", name: "Hallway motion" },
      { entityId: "person.alex", name: "Alex" },
      { entityId: "person.sam", name: "Sam" },
    ]);
    const bus = new TypedBus<AppEvents>(createMemoryLogger());
    bus.on("patternsUpdated", "test", (u) => void updates.push(u));
    const ha =
      options.ha === null
        ? undefined
        : (options.ha ?? new HaRestClient({ baseUrl: haApiBaseUrl(fake.url), token: fake.token }));
    const actor: MiddlewareHandler = async (c, next) => {
      c.set("actor" as never, ALEX as never);
      await next();
    };
    return createWebApp({
      routes: [suggestionsRoutes({ catalog, registry, clock, ha, audit, bus, logger: createMemoryLogger() })],
      uiDir: mkdtempSync(path.join(os.tmpdir(), "hp-ui-")),
      logger: createMemoryLogger(),
      middleware: [actor],
    });
  }

  async function call(a: ReturnType<typeof app>, url: string, body?: unknown) {
    const init =
      body === undefined
        ? {}
        : { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } };
    const res = await a.request(url, init);
    return { status: res.status, body: (await res.json()) as any };
  }

  it("lists an automation for each pattern that can have one, and says why the others cannot", async () => {
    const { status, body } = await call(app(), "/api/suggestions");
    expect(status).toBe(200);
    expect(body.total).toBe(3);
    expect(body.withAutomation).toBe(2);
    const kitchen = body.suggestions.find((s: any) => s.type === "time_based");
    expect(kitchen).toEqual({
      patternId: ids.time_based,
      key: "time_based|light.kitchen|on|weekdays|07",
      type: "time_based",
      status: "active",
      summary: "Kitchen light turns on around 06:55 ± 6 min on 18 of 20 weekdays",
      automationId: KITCHEN_ID,
      alias: "Kitchen light on at 06:45 on weekdays",
      config: KITCHEN_CONFIG,
      yaml: expect.stringContaining('  - platform: time\n    at: "06:45:00"\n'),
      reason: null,
    });
    expect(body.suggestions.find((s: any) => s.type === "room_based")).toMatchObject({
      automationId: null,
      config: null,
      yaml: null,
      reason:
        "Room activity says when an area is usually busy; it names no device to switch, so there is nothing to automate. Its per-area sensors can serve as conditions in your own automations.",
    });
  });

  it("answers one pattern's suggestion, 404 for an unknown pattern and 400 for a malformed id", async () => {
    const a = app();
    const { status, body } = await call(a, `/api/suggestions/${ids.co_occurrence}`);
    expect(status).toBe(200);
    expect(body.config).toEqual({
      alias: "Hallway light on after Hallway motion on",
      description:
        "Turns on Hallway light when Hallway motion turns on, as usually happens within 30 s. " +
        "Learned by Home Patterns: Hallway light turns on within 30 s after Hallway motion turns on: 143 of 160 times, 14.2× as often as by chance. " +
        "Evidence: 143 of 160 times, confidence 84 %, from 2026-11-02 to 2026-11-27.",
      trigger: [
        {
          platform: "state",
          entity_id: "binary_sensor.hallway_motion",
          not_from: ["unavailable", "unknown"],
          to: "on",
        },
      ],
      action: [{ service: "light.turn_on", target: { entity_id: "light.hallway" } }],
      mode: "single",
    });
    expect(body.canCreate).toBe(true);
    expect(await call(a, "/api/suggestions/999")).toEqual({ status: 404, body: { error: "no pattern with id 999" } });
    expect(await call(a, "/api/suggestions/kitchen")).toEqual({
      status: 400,
      body: { error: 'pattern id must be a positive integer, got "kitchen"' },
    });
  });

  it("says an automation cannot be created without Home Assistant (the demo), nor for a pattern without one", async () => {
    const demo = app({ ha: null });
    expect((await call(demo, `/api/suggestions/${ids.co_occurrence}`)).body.canCreate).toBe(false);
    expect((await call(app(), `/api/suggestions/${ids.room_based}`)).body.canCreate).toBe(false);
  });

  it("creates nothing until the user confirms", async () => {
    const a = app();
    const refusal = {
      status: 400,
      body: { error: 'confirm the automation first: show the user its YAML, then send {"confirm": true}' },
    };
    expect(await call(a, `/api/suggestions/${ids.time_based}/create`, {})).toEqual(refusal);
    expect(await call(a, `/api/suggestions/${ids.time_based}/create`, { confirm: "yes" })).toEqual(refusal);
    expect(fake.restRequests).toEqual([]);
    expect(catalog.get(ids.time_based)?.status).toBe("active");
  });

  it("creates the automation in Home Assistant, records who did it, and accepts the pattern", async () => {
    const { status, body } = await call(app(), `/api/suggestions/${ids.time_based}/create`, { confirm: true });
    expect({ status, body }).toEqual({
      status: 201,
      body: {
        automationId: KITCHEN_ID,
        entityId: "automation.kitchen_light_on_at_06_45_on_weekdays",
        alias: "Kitchen light on at 06:45 on weekdays",
        replaced: false,
        pattern: { id: ids.time_based, key: "time_based|light.kitchen|on|weekdays|07", status: "accepted" },
        note: "Home Assistant reloads its automations by itself; automation.kitchen_light_on_at_06_45_on_weekdays appears within a few seconds.",
      },
    });

    const posted = fake.restRequests.filter((r) => r.method === "POST");
    expect(posted.map((r) => [r.path, JSON.parse(r.body)])).toEqual([
      [`/api/config/automation/config/${KITCHEN_ID}`, KITCHEN_CONFIG],
    ]);

    // What a user then sees in Home Assistant: the automation's entity in the state machine.
    const rest = new HaRestClient({ baseUrl: haApiBaseUrl(fake.url), token: fake.token });
    const entity = await eventually(
      async () =>
        (await rest.getStates()).find((s) => s.entity_id === "automation.kitchen_light_on_at_06_45_on_weekdays"),
      "the automation entity",
    );
    expect(entity.state).toBe("on");
    expect(entity.attributes).toEqual({
      id: KITCHEN_ID,
      last_triggered: null,
      mode: "single",
      current: 0,
      friendly_name: "Kitchen light on at 06:45 on weekdays",
    });
    expect(await rest.getAutomation(KITCHEN_ID)).toEqual({ id: KITCHEN_ID, ...KITCHEN_CONFIG });

    expect(catalog.feedbackFor(ids.time_based).map(({ id: _id, ...entry }) => entry)).toEqual([
      {
        ts: T0,
        actorId: ALEX.userId,
        actorName: "Alex",
        via: "ingress",
        action: "automation.create",
        target: "time_based|light.kitchen|on|weekdays|07",
        details: {
          patternId: ids.time_based,
          automationId: KITCHEN_ID,
          entityId: "automation.kitchen_light_on_at_06_45_on_weekdays",
          alias: "Kitchen light on at 06:45 on weekdays",
          replaced: false,
        },
      },
      {
        ts: T0,
        actorId: ALEX.userId,
        actorName: "Alex",
        via: "ingress",
        action: "pattern.accept",
        target: "time_based|light.kitchen|on|weekdays|07",
        details: {
          id: ids.time_based,
          from: "active",
          to: "accepted",
          automationId: KITCHEN_ID,
          entityId: "automation.kitchen_light_on_at_06_45_on_weekdays",
        },
      },
    ]);
    expect(updates.map((u) => u.changed.map((p) => [p.key, (p as { status?: string }).status]))).toEqual([
      [["time_based|light.kitchen|on|weekdays|07", "accepted"]],
    ]);
  });

  it("uses the user's alias; creating again replaces the same automation and keeps its entity", async () => {
    const a = app();
    const first = await call(a, `/api/suggestions/${ids.co_occurrence}/create`, {
      confirm: true,
      alias: "  Hallway night light  ",
    });
    expect(first.body).toMatchObject({
      entityId: "automation.hallway_night_light",
      alias: "Hallway night light",
      replaced: false,
    });
    await eventually(() => fake.state("automation.hallway_night_light"), "the automation entity");

    const again = await call(a, `/api/suggestions/${ids.co_occurrence}/create`, {
      confirm: true,
      alias: "Hallway light with motion",
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({
      automationId: first.body.automationId,
      entityId: "automation.hallway_night_light",
      replaced: true,
    });
    expect((await call(a, `/api/suggestions/${ids.co_occurrence}/create`, { confirm: true, alias: "" })).status).toBe(
      400,
    );
  });

  it("names the entity as Home Assistant will when another automation already has that alias", async () => {
    fake.addAutomation({
      id: "1700000000000",
      alias: "Kitchen light on at 06:45 on weekdays",
      trigger: [],
      action: [],
    });
    const { body } = await call(app(), `/api/suggestions/${ids.time_based}/create`, { confirm: true });
    expect(body.entityId).toBe("automation.kitchen_light_on_at_06_45_on_weekdays_2");
  });

  it("refuses a pattern that has no automation, with the reason", async () => {
    const { status, body } = await call(app(), `/api/suggestions/${ids.room_based}/create`, { confirm: true });
    expect(status).toBe(409);
    expect(body.error).toBe(
      `no automation to create for pattern ${ids.room_based}: Room activity says when an area is usually busy; it names no device to switch, so there is nothing to automate. Its per-area sensors can serve as conditions in your own automations.`,
    );
  });

  it("in demo mode (no Home Assistant) answers 503 and says to copy the YAML instead", async () => {
    expect(await call(app({ ha: null }), `/api/suggestions/${ids.time_based}/create`, { confirm: true })).toEqual({
      status: 503,
      body: {
        error:
          "Home Patterns is not connected to Home Assistant (demo mode), so it cannot create automations there; copy the YAML into Home Assistant's automation editor instead",
      },
    });
    expect(catalog.get(ids.time_based)?.status).toBe("active");
    expect(audit.list()).toEqual([]);
  });

  it("passes Home Assistant's own message on when it refuses, and accepts nothing", async () => {
    const client = new HaRestClient({ baseUrl: haApiBaseUrl(fake.url), token: fake.token });
    // A Core that does not know a trigger platform answers as the recording shows.
    const olderCore: AutomationWriter = {
      getStates: () => client.getStates(),
      saveAutomation: (id, config) =>
        client.saveAutomation(id, { ...config, trigger: [{ platform: "no_such_platform" }] }),
    };
    expect(await call(app({ ha: olderCore }), `/api/suggestions/${ids.time_based}/create`, { confirm: true })).toEqual({
      status: 502,
      body: {
        error:
          "Home Assistant refused the automation (400): Message malformed: Invalid platform 'no_such_platform' specified",
      },
    });
    const wrongToken = new HaRestClient({ baseUrl: haApiBaseUrl(fake.url), token: "revoked" });
    expect(await call(app({ ha: wrongToken }), `/api/suggestions/${ids.time_based}/create`, { confirm: true })).toEqual(
      {
        status: 502,
        body: { error: "Home Assistant refused Home Patterns' access (401): 401: Unauthorized" },
      },
    );
    expect(catalog.get(ids.time_based)?.status).toBe("active");
    expect(audit.list()).toEqual([]);
  });

  it("answers 503 when Home Assistant cannot be reached", async () => {
    const url = fake.url;
    await fake.stop();
    const gone = new HaRestClient({ baseUrl: haApiBaseUrl(url), token: "t" });
    const { status, body } = await call(app({ ha: gone }), `/api/suggestions/${ids.time_based}/create`, {
      confirm: true,
    });
    expect(status).toBe(503);
    expect(body.error).toBe("cannot reach Home Assistant to create the automation: fetch failed");
    fake = await FakeHomeAssistant.start();
  });

  it("goes through the Supervisor's proxy at http://supervisor/core/api under the Supervisor", async () => {
    const urls: string[] = [];
    const viaSupervisor = new HaRestClient({
      baseUrl: "http://supervisor/core/api",
      token: fake.token,
      fetch: (input, init) => {
        urls.push(`${init?.method ?? "GET"} ${String(input)}`);
        return fetch(String(input).replace("http://supervisor/core/api", `${fake.url}/api`), init);
      },
    });
    const { status } = await call(app({ ha: viaSupervisor }), `/api/suggestions/${ids.time_based}/create`, {
      confirm: true,
    });
    expect(status).toBe(201);
    expect(urls).toEqual([
      "GET http://supervisor/core/api/states",
      `POST http://supervisor/core/api/config/automation/config/${KITCHEN_ID}`,
    ]);
  });
});
