// HA bus events as an automation sees them: a subscriber on the (fake) HA receives exactly what we fire, also after a disconnect.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppEvents } from "../../../src/app-events.js";
import { ManualClock } from "../../../src/core/clock.js";
import { TypedBus } from "../../../src/core/event-bus.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import type { Anomaly } from "../../../src/patterns/finding.js";
import type { StoredPattern } from "../../../src/patterns/pattern-store.js";
import { createHaEventPublisher, type HaEventPublisher } from "../../../src/publish/ha-events/index.js";
import { HaCommandError } from "../../../src/sources/ha/ha-connection.js";
import { createHaSource, type HaSource } from "../../../src/sources/ha/ha-source.js";
import { FakeHomeAssistant } from "../../fakes/fake-home-assistant.js";
import { eventually } from "../../fakes/ha/eventually.js";
import { MemoryRegistryStore } from "../../support/memory/memory-registry-store.js";
import { sampleParams } from "../../support/sample-findings.js";
import { type BusSubscriber, subscribeToBus } from "./ha-bus-subscriber.js";

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const TOKEN_USER = "39fa47571b194a7b9d9c9272b5b4849b";

function anomaly(n: number, overrides: Partial<Anomaly> = {}): Anomaly {
  return {
    key: `unusual_time|light.hall|2026-11-23T03:1${n}`,
    kind: "unusual_time",
    entity: "light.hall",
    area: "hall",
    ts: Date.UTC(2026, 10, 23, 3, 10 + n, 0),
    severity: "medium",
    summary: `Hall light turned on at 04:1${n}, a time it practically never does`,
    expected: "usually off between 00:30 and 06:40",
    details: { minuteOfDay: 250 + n },
    ...overrides,
  };
}

function pattern(overrides: Partial<StoredPattern> = {}): StoredPattern {
  return {
    id: 7,
    type: "time_based",
    key: "time_based|light.kitchen|on|weekdays|07",
    entities: ["light.kitchen"],
    area: "kitchen",
    summary: "Kitchen light turns on around 06:55 ± 6 min on 18 of 20 weekdays",
    confidence: 0.72,
    support: 18,
    opportunities: 20,
    lift: 9.1,
    usefulness: 0.8,
    automated: false,
    users: [],
    evidence: { days: ["2026-11-02"] },
    params: sampleParams("time_based", { minuteOfDay: 415, time: "06:55" }),
    status: "active",
    snoozedUntil: null,
    firstSeen: T0,
    lastSeen: T0,
    updatedAt: T0,
    missedRuns: 0,
    ...overrides,
    // Overrides may change the type; the tests that do give its params too.
  } as StoredPattern;
}

describe("Home Assistant events over the websocket, against the fake HA", () => {
  let clock: ManualClock;
  let fake: FakeHomeAssistant;
  let source: HaSource;
  let bus: TypedBus<AppEvents>;
  let publisher: HaEventPublisher;
  let subscribers: BusSubscriber[];

  async function listen(eventType: string): Promise<BusSubscriber> {
    const s = await subscribeToBus(fake.wsUrl, fake.token, eventType);
    subscribers.push(s);
    return s;
  }

  async function start(maxQueued?: number) {
    source = createHaSource({
      url: fake.url,
      token: fake.token,
      logger: createMemoryLogger(),
      clock,
      registry: new MemoryRegistryStore(),
      lastEventTimes: () => new Map(),
      backoff: { initialMs: 1_000, maxMs: 1_000 },
      connectTimeoutMs: 3_600_000,
    });
    await source.start({ push: () => undefined, reject: () => undefined });
    await source.synced();
    publisher = createHaEventPublisher({
      bus,
      fireEvent: (type, data) => source.fireEvent(type, data),
      onConnected: (listener) => source.onHomeConfig(() => listener()),
      logger: createMemoryLogger(),
      maxQueued,
    });
    publisher.start();
  }

  /** Cuts HA off (refusing reconnects) and waits until the source has noticed. */
  async function disconnect() {
    fake.dropConnections({ refuse: true });
    await eventually(() => source.status().state === "disconnected", "the source noticing the disconnect");
  }

  async function reconnect() {
    fake.acceptConnections();
    await eventually(() => {
      clock.advance(1_000); // lets the reconnect backoff timer fire
      return source.status().state === "connected";
    }, "the source reconnecting");
  }

  beforeEach(async () => {
    clock = new ManualClock(T0);
    fake = await FakeHomeAssistant.start({ now: () => clock.now() });
    bus = new TypedBus<AppEvents>(createMemoryLogger());
    subscribers = [];
  });

  afterEach(async () => {
    for (const s of subscribers) s.close();
    await publisher?.stop();
    await source?.stop();
    await fake.stop();
  });

  it("fires home_patterns_health when self-watching raises a service_health problem", async () => {
    await start();
    const subscriber = await listen("home_patterns_health");
    const finding = {
      kind: "service_health" as const,
      issue: "ingest_stalled" as const,
      since: T0,
      severity: "error" as const,
      summary: "No event stored for 60 min while Home Assistant is connected",
      details: { quietMs: 3_600_000 },
    };
    bus.emit("serviceHealth", { active: [finding], finding, change: "raised" });
    const [event] = await eventually(() => subscriber.events.length === 1 && subscriber.events, "the health event");
    expect(event.data).toEqual({
      kind: "service_health",
      issue: "ingest_stalled",
      change: "raised",
      severity: "error",
      summary: "No event stored for 60 min while Home Assistant is connected",
      since: "2026-11-23T10:00:00.000Z",
      open_problems: ["ingest_stalled"],
    });
  });

  it("fires home_patterns_anomaly with the documented data, which a subscriber receives as is", async () => {
    await start();
    const subscriber = await listen("home_patterns_anomaly");
    bus.emit("anomaly", anomaly(2));
    const [event] = await eventually(() => subscriber.events.length === 1 && subscriber.events, "the anomaly event");
    expect(event.event_type).toBe("home_patterns_anomaly");
    expect(event.data).toEqual({
      type: "unusual_time",
      entity_id: "light.hall",
      area: "hall",
      severity: "medium",
      summary: "Hall light turned on at 04:12, a time it practically never does",
      expected: "usually off between 00:30 and 06:40",
      key: "unusual_time|light.hall|2026-11-23T03:12",
      ts: "2026-11-23T03:12:00.000Z",
    });
    expect(event.origin).toBe("LOCAL");
    expect(event.context.user_id).toBe(TOKEN_USER);
    expect(publisher.status()).toEqual({
      sent: 1,
      queued: 0,
      dropped: 0,
      failed: 0,
      lastError: null,
      skippedOnStandby: 0,
    });
  });

  it("fires home_patterns_pattern for each changed pattern, with its status", async () => {
    await start();
    const subscriber = await listen("home_patterns_pattern");
    const stale = pattern({
      id: 9,
      key: "co_occurrence|binary_sensor.hall_motion|on|light.hall|on",
      type: "co_occurrence",
      entities: ["binary_sensor.hall_motion", "light.hall"],
      area: null,
      summary: "Hall light turns on within 30 s of hall motion on 80 of 95 times",
      confidence: 0.61,
      support: 80,
      status: "stale",
    });
    bus.emit("patternsUpdated", { active: 1, changed: [pattern(), stale] });
    await eventually(() => subscriber.events.length === 2, "two pattern events");
    expect(subscriber.events.map((e) => e.data)).toEqual([
      {
        key: "time_based|light.kitchen|on|weekdays|07",
        type: "time_based",
        status: "active",
        entities: ["light.kitchen"],
        area: "kitchen",
        confidence: 0.72,
        support: 18,
        summary: "Kitchen light turns on around 06:55 ± 6 min on 18 of 20 weekdays",
      },
      {
        key: "co_occurrence|binary_sensor.hall_motion|on|light.hall|on",
        type: "co_occurrence",
        status: "stale",
        entities: ["binary_sensor.hall_motion", "light.hall"],
        area: null,
        confidence: 0.61,
        support: 80,
        summary: "Hall light turns on within 30 s of hall motion on 80 of 95 times",
      },
    ]);
  });

  it("fires home_patterns_health once per quiet automation, never for a dismissed one or another type", async () => {
    await start();
    const health = await listen("home_patterns_health");
    const patterns = await listen("home_patterns_pattern");
    const quiet = (key: string, status: StoredPattern["status"], summary: string) =>
      pattern({
        key,
        type: "automation_quiet",
        entities: [key.split(":")[1]],
        area: null,
        summary,
        status,
        params: {
          name: "Morning lights",
          lastRun: "2026-11-22T06:00:00.000Z",
          lastRunDay: "2026-11-22",
          usualGapDays: 1,
          silentDays: 2,
        },
      });
    const key = "automation_quiet:automation.morning_lights:2026-11-22";
    bus.emit("patternsUpdated", {
      active: 2,
      changed: [
        pattern(),
        quiet(key, "active", "Automation 'Morning lights' has not run since Sun 07:00; it usually runs every day"),
      ],
    });
    // The wording changes a week later: a pattern event, but no second health event.
    bus.emit("patternsUpdated", {
      active: 2,
      changed: [
        quiet(
          key,
          "active",
          "Automation 'Morning lights' has not run since 2026-11-22 07:00; it usually runs every day",
        ),
      ],
    });
    bus.emit("patternsUpdated", {
      active: 1,
      changed: [quiet("automation_quiet:automation.feed_fish:2026-11-20", "dismissed", "Automation 'Feed fish' …")],
    });
    // Sent in order: once the last pattern event is in, every health event there is has been fired.
    await eventually(
      () => patterns.events.some((e) => e.data.key === "automation_quiet:automation.feed_fish:2026-11-20"),
      "the last pattern event",
    );
    expect(health.events.map((e) => e.data)).toEqual([
      {
        kind: "automation_quiet",
        type: "automation_quiet",
        entity_id: "automation.morning_lights",
        name: "Morning lights",
        last_run: "2026-11-22T06:00:00.000Z",
        usual_gap_days: 1,
        silent_days: 2,
        summary: "Automation 'Morning lights' has not run since Sun 07:00; it usually runs every day",
        key,
      },
    ]);
  });

  it("holds events while HA is away and sends them in order when it is back; a pattern only in its latest state", async () => {
    await start();
    await disconnect();
    bus.emit("anomaly", anomaly(1));
    bus.emit("patternsUpdated", { active: 1, changed: [pattern({ confidence: 0.7, support: 17 })] });
    bus.emit("anomaly", anomaly(2));
    bus.emit("patternsUpdated", { active: 1, changed: [pattern({ status: "accepted" })] });
    await eventually(
      () => publisher.status().queued === 3 && publisher.status().lastError !== null,
      "three held events",
    );
    expect(publisher.status()).toMatchObject({ sent: 0, queued: 3, dropped: 0, failed: 0 });

    fake.acceptConnections();
    const anomalies = await listen("home_patterns_anomaly");
    const patterns = await listen("home_patterns_pattern");
    await reconnect();
    await eventually(() => anomalies.events.length === 2 && patterns.events.length === 1, "the held events");
    expect(anomalies.events.map((e) => e.data.key)).toEqual([
      "unusual_time|light.hall|2026-11-23T03:11",
      "unusual_time|light.hall|2026-11-23T03:12",
    ]);
    expect(patterns.events.map((e) => [e.data.key, e.data.status, e.data.confidence])).toEqual([
      ["time_based|light.kitchen|on|weekdays|07", "accepted", 0.72],
    ]);
    expect(
      fake
        .firedEvents()
        .filter((e) => e.event_type.startsWith("home_patterns_"))
        .map((e) => e.event_type),
    ).toEqual(["home_patterns_anomaly", "home_patterns_anomaly", "home_patterns_pattern"]);
    expect(publisher.status()).toMatchObject({ sent: 3, queued: 0, dropped: 0, failed: 0 });
  });

  it("keeps at most maxQueued events while HA is away, dropping the oldest and counting them", async () => {
    await start(2);
    await disconnect();
    bus.emit("anomaly", anomaly(1));
    await eventually(() => publisher.status().lastError !== null, "a failed send");
    for (const n of [2, 3, 4]) bus.emit("anomaly", anomaly(n));
    await eventually(() => publisher.status().lastError !== null, "a failed send");
    expect(publisher.status()).toMatchObject({ sent: 0, queued: 2, dropped: 2 });

    fake.acceptConnections();
    const subscriber = await listen("home_patterns_anomaly");
    await reconnect();
    await eventually(() => subscriber.events.length === 2, "the two newest anomalies");
    expect(subscriber.events.map((e) => e.data.key)).toEqual([
      "unusual_time|light.hall|2026-11-23T03:13",
      "unusual_time|light.hall|2026-11-23T03:14",
    ]);
    expect(publisher.status()).toMatchObject({ sent: 2, queued: 0, dropped: 2 });
  });
});

describe("the publisher never holds up the bus", () => {
  it("returns from emit at once while a send hangs, and an event HA refuses is counted, not retried", async () => {
    const bus = new TypedBus<AppEvents>(createMemoryLogger());
    const calls: string[] = [];
    let release: () => void = () => undefined;
    const publisher = createHaEventPublisher({
      bus,
      fireEvent: (type, data) => {
        calls.push(`${type} ${String(data.key)}`);
        if (calls.length === 1) return new Promise<void>((resolve) => (release = resolve));
        if (calls.length === 2)
          return Promise.reject(new HaCommandError("invalid_format", "extra keys not allowed", "fire_event"));
        return Promise.resolve();
      },
      onConnected: () => () => undefined,
      logger: createMemoryLogger(),
    });
    publisher.start();
    const otherListener: string[] = [];
    bus.on("anomaly", "other", (a) => void otherListener.push(a.key));

    bus.emit("anomaly", anomaly(1));
    bus.emit("anomaly", anomaly(2));
    bus.emit("anomaly", anomaly(3));
    expect(otherListener).toHaveLength(3);
    expect(calls).toEqual(["home_patterns_anomaly unusual_time|light.hall|2026-11-23T03:11"]);

    release();
    await eventually(() => publisher.status().queued === 0, "the queue emptied");
    expect(calls).toEqual([
      "home_patterns_anomaly unusual_time|light.hall|2026-11-23T03:11",
      "home_patterns_anomaly unusual_time|light.hall|2026-11-23T03:12",
      "home_patterns_anomaly unusual_time|light.hall|2026-11-23T03:13",
    ]);
    expect(publisher.status()).toEqual({
      sent: 2,
      queued: 0,
      dropped: 0,
      failed: 1,
      lastError: "fire_event failed: extra keys not allowed (invalid_format)",
      skippedOnStandby: 0,
    });
    await publisher.stop();
    bus.emit("anomaly", anomaly(4));
    expect(calls).toHaveLength(3);
  });
});
