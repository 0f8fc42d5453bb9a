import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import type { HomeEvent } from "../../../src/core/home-event.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { HaAuthError } from "../../../src/sources/ha/ha-connection.js";
import type { HaContextEvent } from "../../../src/sources/ha/ha-event-mapping.js";
import { createHaSource, type HaHomeConfig, type HaSource } from "../../../src/sources/ha/ha-source.js";
import { FakeHomeAssistant } from "../../fakes/fake-home-assistant.js";
import { eventually } from "../../fakes/ha/eventually.js";
import { MemoryEventStore } from "../../support/memory/memory-event-store.js";
import { MemoryRegistryStore } from "../../support/memory/memory-registry-store.js";

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const HOUR = 3_600_000;

/** A sink that stores like ingest would (synchronously here), so lastEventTimes sees what was pushed. */
function storingSink(store: MemoryEventStore) {
  const events: HomeEvent[] = [];
  const rejects: string[] = [];
  return {
    events,
    rejects,
    push(event: HomeEvent) {
      events.push(event);
      store.append([event]);
    },
    reject(_source: string, reason: string) {
      rejects.push(reason);
    },
  };
}

describe("Home Assistant source against the fake HA", () => {
  let clock: ManualClock;
  let fake: FakeHomeAssistant;
  let registry: MemoryRegistryStore;
  let store: MemoryEventStore;
  let logger: ReturnType<typeof createMemoryLogger>;
  let sources: HaSource[];

  beforeEach(async () => {
    clock = new ManualClock(T0 - 2 * HOUR);
    fake = await FakeHomeAssistant.start({ now: () => clock.now(), timeZone: "Europe/Amsterdam" });
    fake.addArea({ area_id: "kitchen", name: "Kitchen" });
    fake.addArea({ area_id: "hall", name: "Hall" });
    fake.addDevice({ id: "plug1", name: "Kitchen plug", area_id: "kitchen" });
    fake.addDevice({ id: "hub", name: "Hub", area_id: "hall" });
    fake.addDevice({ id: "hub-child", name: "Hub sensor", parent_device_id: "hub" });
    fake.addEntity({ entity_id: "switch.kettle", device_id: "plug1", original_name: "Kettle" });
    fake.addEntity({ entity_id: "light.hall", area_id: "hall" });
    fake.addEntity({ entity_id: "sensor.hub_temperature", device_id: "hub-child" });
    fake.setStates([
      { entity_id: "switch.kettle", state: "off" },
      { entity_id: "light.hall", state: "off", attributes: { friendly_name: "Hall" } },
      { entity_id: "sensor.hub_temperature", state: "20.5" },
    ]);
    clock.set(T0);
    registry = new MemoryRegistryStore();
    store = new MemoryEventStore();
    logger = createMemoryLogger();
    sources = [];
  });

  afterEach(async () => {
    for (const source of sources) await source.stop();
    await fake.stop();
  });

  function source(overrides: { token?: string; maxBackfillMs?: number } = {}): HaSource {
    const s = createHaSource({
      url: fake.url,
      token: overrides.token ?? fake.token,
      logger,
      clock,
      registry,
      lastEventTimes: () => store.lastEventTimes(),
      maxBackfillMs: overrides.maxBackfillMs ?? 24 * HOUR,
      backoff: { initialMs: 1_000, maxMs: 8_000 },
      // The tests move the ManualClock while sockets connect; the attempt timeout has its own test.
      connectTimeoutMs: 3_600_000,
    });
    sources.push(s);
    return s;
  }

  async function connectedSource() {
    const s = source();
    const sink = storingSink(store);
    await s.start(sink);
    await s.synced();
    sink.events.length = 0; // the start backfill is tested on its own
    return { s, sink };
  }

  it("loads HA's time zone and the registries on connect, with areas through devices and parent devices", async () => {
    const s = source();
    await s.start(storingSink(store));

    expect(s.homeConfig()).toEqual({ timeZone: "Europe/Amsterdam", version: "2023.12.4", locationName: "RealHA Test" });
    expect(s.status()).toMatchObject({ name: "ha", state: "connected" });
    expect(registry.listAreas().map((a) => [a.areaId, a.name])).toEqual([
      ["hall", "Hall"],
      ["kitchen", "Kitchen"],
    ]);
    expect(registry.areaOf("switch.kettle")).toBe("kitchen");
    expect(registry.areaOf("light.hall")).toBe("hall");
    expect(registry.areaOf("sensor.hub_temperature")).toBe("hall");
    expect(registry.getEntity("switch.kettle")).toMatchObject({
      name: "Kettle",
      deviceId: "plug1",
      platform: "switch",
    });
  });

  it("records the device classes get_states names at connect, for entities the registry knows", async () => {
    fake.addEntity({ entity_id: "binary_sensor.front_door", original_name: "Front door" });
    fake.setStates([
      { entity_id: "binary_sensor.front_door", state: "off", attributes: { device_class: "door" } },
      // Not in the entity registry and never seen in an event: nothing is worded about it.
      { entity_id: "binary_sensor.yaml_only", state: "off", attributes: { device_class: "motion" } },
    ]);
    await connectedSource();
    expect(registry.deviceClassOf("binary_sensor.front_door")).toBe("door");
    expect(registry.deviceClassOf("binary_sensor.yaml_only")).toBeNull();
    expect(registry.deviceClassOf("light.hall")).toBeNull();
  });

  it("records get_states' classes as of each state's last update: only a newer record replaces one", async () => {
    fake.addEntity({ entity_id: "binary_sensor.front_door", original_name: "Front door" });
    fake.setStates([{ entity_id: "binary_sensor.front_door", state: "off", attributes: { device_class: "door" } }]);
    // Connected an hour after the state's last update: the class dates from that update, not from now.
    clock.advance(HOUR);
    await connectedSource();
    // The state's last_updated, in ms (the fake keeps microseconds).
    const updated = Math.floor((fake.state("binary_sensor.front_door")?.luMicros ?? Number.NaN) / 1000);
    // An imported record from before the state's last update: the state's class stays.
    registry.recordDeviceClasses(new Map([["binary_sensor.front_door", { deviceClass: "window", ts: updated - 1 }]]));
    expect(registry.deviceClassOf("binary_sensor.front_door")).toBe("door");
    registry.recordDeviceClasses(new Map([["binary_sensor.front_door", { deviceClass: "window", ts: updated + 1 }]]));
    expect(registry.deviceClassOf("binary_sensor.front_door")).toBe("window");
  });

  it("records the units get_states names at connect, for entities the store knows", async () => {
    fake.setStates([
      { entity_id: "sensor.hub_temperature", state: "20.5", attributes: { unit_of_measurement: "°C" } },
      // Not in the entity registry and never seen in an event: nothing is shown about it.
      { entity_id: "sensor.yaml_only", state: "3", attributes: { unit_of_measurement: "W" } },
    ]);
    await connectedSource();
    expect(registry.unitOf("sensor.hub_temperature")).toBe("°C");
    expect(registry.unitOf("sensor.yaml_only")).toBeNull();
    expect(registry.unitOf("light.hall")).toBeNull();
  });

  it("carries a state's unit on its change, and takes a unit changed without the state", async () => {
    fake.setStates([{ entity_id: "sensor.hub_temperature", state: "20.5", attributes: { unit_of_measurement: "°C" } }]);
    const { sink } = await connectedSource();
    clock.advance(1_000);
    fake.emitStateChange("sensor.hub_temperature", "21.0");
    await eventually(() => sink.events.length === 1, "the temperature's change");
    expect(sink.events[0]).toMatchObject({ entity: "sensor.hub_temperature", state: "21.0", unit: "°C" });
    // The user switches the sensor to kelvin in Home Assistant while it reads the same text.
    clock.advance(1_000);
    fake.emitStateChange("sensor.hub_temperature", "21.0", { attributes: { unit_of_measurement: "K" } });
    await eventually(() => registry.unitOf("sensor.hub_temperature") === "K", "the new unit");
    expect(sink.events).toHaveLength(1);
  });

  it("turns state_changed into HomeEvents with user, parent and context; skips attribute-only updates and removals", async () => {
    const { s, sink } = await connectedSource();

    clock.advance(1_000);
    const byUser = fake.emitStateChange("light.hall", "on", { user_id: "user-alice" });
    clock.advance(1_000);
    fake.emitStateChange("light.hall", "on", { attributes: { friendly_name: "Hall", brightness: 80 } });
    clock.advance(1_000);
    const byAutomation = fake.emitStateChange("switch.kettle", "on", { parent_id: "01PARENTCONTEXT000000000000" });
    fake.removeState("sensor.hub_temperature");
    clock.advance(1_000);
    fake.emitStateChange("switch.kettle", "off");

    await eventually(() => sink.events.length >= 3, "three state events");
    expect(sink.events).toEqual([
      {
        ts: T0 + 1_000,
        entity: "light.hall",
        state: "on",
        previous: "off",
        user: "user-alice",
        context: byUser.id,
        source: "ha",
      },
      {
        ts: T0 + 3_000,
        entity: "switch.kettle",
        state: "on",
        previous: "off",
        parent: "01PARENTCONTEXT000000000000",
        context: byAutomation.id,
        source: "ha",
      },
      {
        ts: T0 + 4_000,
        entity: "switch.kettle",
        state: "off",
        previous: "on",
        context: expect.any(String),
        source: "ha",
      },
    ]);
    expect(sink.rejects).toEqual([]);
    // 3 more from the start backfill: the states set two hours ago, within the 24 h lookback.
    expect(s.status()).toMatchObject({ eventsDelivered: 6, lastEventAt: T0 + 4_000 });
  });

  it("handles coalesced frames: several changes in one array frame all arrive, in order", async () => {
    const { sink } = await connectedSource();
    const arraysBefore = fake.frames.arrayFrames;

    clock.advance(1_000);
    fake.emitStateChange("light.hall", "on");
    fake.emitStateChange("switch.kettle", "on");
    fake.emitStateChange("sensor.hub_temperature", "21.0");

    await eventually(() => sink.events.length === 3, "three events");
    expect(fake.frames.arrayFrames).toBe(arraysBefore + 1);
    expect(sink.events.map((e) => `${e.entity}=${e.state}`)).toEqual([
      "light.hall=on",
      "switch.kettle=on",
      "sensor.hub_temperature=21.0",
    ]);
  });

  it("reports who called what and which automation fired from which context", async () => {
    fake.setStates([{ entity_id: "input_boolean.guest_mode", state: "off" }]);
    fake.addAutomation({
      id: "guest_lights",
      alias: "Guest lights",
      trigger: [{ platform: "state", entity_id: "input_boolean.guest_mode", to: "on" }],
      action: [{ service: "light.turn_on", target: { entity_id: "light.hall" } }],
    });
    const { s, sink } = await connectedSource();
    const seen: HaContextEvent[] = [];
    s.onContextEvent((e) => seen.push(e));

    clock.advance(1_000);
    const toggle = fake.emitStateChange("input_boolean.guest_mode", "on", { user_id: "user-alice" });

    await eventually(() => sink.events.some((e) => e.entity === "light.hall"), "the automation's light change");
    const triggered = seen.find((e) => e.kind === "automation_triggered");
    const call = seen.find((e) => e.kind === "call_service");
    expect(triggered).toMatchObject({
      kind: "automation_triggered",
      automation: "automation.guest_lights",
      name: "Guest lights",
      trigger: "state of input_boolean.guest_mode",
      context: { parentId: toggle.id },
    });
    expect(triggered?.context.userId).toBeUndefined();
    expect(call).toMatchObject({
      kind: "call_service",
      domain: "light",
      service: "turn_on",
      entityIds: ["light.hall"],
    });
    expect(call?.context).toEqual(triggered?.context);
    expect(sink.events.find((e) => e.entity === "light.hall")).toMatchObject({ state: "on", parent: toggle.id });
    expect(sink.events.find((e) => e.entity === "input_boolean.guest_mode")).toMatchObject({ user: "user-alice" });
  });

  it("keeps the registry current: entity moved, device moved, area created and removed", async () => {
    await connectedSource();

    fake.updateEntityRegistry("switch.kettle", { area_id: "hall" });
    await eventually(() => registry.areaOf("switch.kettle") === "hall", "kettle in the hall");

    fake.addArea({ area_id: "attic", name: "Attic" });
    fake.updateDeviceRegistry("hub", { area_id: "attic" });
    await eventually(
      () => registry.areaOf("sensor.hub_temperature") === "attic",
      "hub sensor follows its parent to the attic",
    );

    fake.removeEntityRegistry("light.hall");
    fake.removeArea("kitchen");
    await eventually(
      () =>
        registry.getEntity("light.hall") === undefined &&
        registry
          .listAreas()
          .map((a) => a.areaId)
          .join() === "attic,hall",
      "entity and area removed",
    );
  });

  it("after a disconnect backfills exactly the changes it missed, once, then continues live", async () => {
    const { s, sink } = await connectedSource();
    clock.advance(1_000);
    fake.emitStateChange("light.hall", "on");
    await eventually(() => sink.events.length === 1, "the live change");

    fake.dropConnections({ refuse: true });
    await eventually(() => s.status().detail?.startsWith("cannot reach"), "a refused reconnect attempt");
    clock.advance(1_000);
    fake.emitStateChange("light.hall", "off");
    clock.advance(1_000);
    fake.emitStateChange("switch.kettle", "on");
    clock.advance(1_000);
    fake.emitStateChange("light.hall", "on", { attributes: { friendly_name: "Hall", brightness: 10 } });
    clock.advance(500);
    fake.emitStateChange("light.hall", "on", { attributes: { friendly_name: "Hall", brightness: 90 } });
    fake.acceptConnections();

    await eventually(() => {
      clock.advance(1_000); // lets the backoff timer fire
      return s.status().state === "connected" && !s.status().detail?.includes("catching up");
    }, "reconnected and caught up");
    clock.advance(1_000);
    const afterwards = clock.now();
    fake.emitStateChange("switch.kettle", "off");
    await eventually(() => sink.events.some((e) => e.ts === afterwards), "the live change after the reconnect");

    expect(
      sink.events.map(({ ts, entity, state, previous, source }) => ({ ts, entity, state, previous, source })),
    ).toEqual([
      { ts: T0 + 1_000, entity: "light.hall", state: "on", previous: "off", source: "ha" },
      { ts: T0 + 2_000, entity: "light.hall", state: "off", previous: "on", source: "ha" },
      { ts: T0 + 3_000, entity: "switch.kettle", state: "on", previous: "off", source: "ha" },
      { ts: T0 + 4_000, entity: "light.hall", state: "on", previous: "off", source: "ha" },
      { ts: afterwards, entity: "switch.kettle", state: "off", previous: "on", source: "ha" },
    ]);
    const history = fake.commandsOfType("history/history_during_period");
    expect(history.at(-1)?.message).toMatchObject({
      // light.hall resumes after its live change; the other two after their states from the start backfill.
      start_time: new Date(T0 - 2 * HOUR).toISOString(),
      significant_changes_only: false,
      no_attributes: true,
    });
  });

  it("a change during the backfill arrives once, with the user the live event knows", async () => {
    const { s, sink } = await connectedSource();
    fake.dropConnections({ refuse: true });
    await eventually(() => s.status().state === "disconnected", "disconnected");
    clock.advance(1_000);
    fake.emitStateChange("switch.kettle", "on");
    let meanwhile: { id: string; ts: number } | undefined;
    fake.onCommand("history/history_during_period", () => {
      fake.onCommand("history/history_during_period", undefined);
      clock.advance(1_000);
      meanwhile = { ts: clock.now(), id: fake.emitStateChange("light.hall", "on", { user_id: "user-bob" }).id };
    });
    fake.acceptConnections();

    await eventually(() => {
      clock.advance(1_000);
      return sink.events.length === 2 && s.status().detail?.includes("catching up") === false;
    }, "both changes");
    expect(sink.events).toEqual([
      { ts: T0 + 1_000, entity: "switch.kettle", state: "on", previous: "off", source: "ha" },
      {
        ts: meanwhile?.ts,
        entity: "light.hall",
        state: "on",
        previous: "off",
        user: "user-bob",
        context: meanwhile?.id,
        source: "ha",
      },
    ]);
  });

  it("on start resumes each entity after its newest stored event; others from the lookback; the start-time row is no change", async () => {
    store.append([{ ts: T0 - 2 * HOUR, entity: "light.hall", state: "off", source: "ha" }]);
    clock.advance(60_000);
    fake.emitStateChange("light.hall", "on");
    clock.advance(60_000);
    fake.emitStateChange("sensor.hub_temperature", "22.0");
    const s = source({ maxBackfillMs: HOUR });
    const sink = storingSink(store);
    clock.advance(60_000);

    await s.start(sink);
    await s.synced();

    expect(sink.events).toEqual([
      { ts: T0 + 60_000, entity: "light.hall", state: "on", previous: "off", source: "ha" },
      { ts: T0 + 120_000, entity: "sensor.hub_temperature", state: "22.0", previous: "20.5", source: "ha" },
    ]);
    const request = fake.commandsOfType("history/history_during_period")[0].message;
    expect(request.start_time).toBe(new Date(T0 + 180_000 - HOUR).toISOString());
    expect(request.entity_ids).toEqual(["switch.kettle", "light.hall", "sensor.hub_temperature"]);
  });

  it("a wrong token gives a clear error, status error, and no retrying", async () => {
    const s = source({ token: "not-the-token" });
    const error = await s.start(storingSink(store)).then(
      () => undefined,
      (err: unknown) => err,
    );

    expect(error).toBeInstanceOf(HaAuthError);
    expect((error as Error).message).toBe("Home Assistant rejected the access token: Invalid access token or password");
    expect(s.status()).toMatchObject({
      state: "error",
      detail: "Home Assistant rejected the access token (Invalid access token or password); check the token",
    });
    clock.advance(60_000);
    expect(fake.connectionsAccepted).toBe(1);
  });

  it("starts while HA is unreachable, logs each attempt, and connects when HA is back", async () => {
    fake.dropConnections({ refuse: true });
    const s = source();
    await s.start(storingSink(store));
    expect(s.status().state).toBe("disconnected");
    expect(s.status().detail).toMatch(/^cannot reach ws:\/\/127\.0\.0\.1:\d+\/api\/websocket: .*; attempt 2 in 1 s$/);

    clock.advance(1_000);
    await eventually(
      () => logger.lines.some((l) => l.includes("connecting to Home Assistant failed") && l.includes("attempt=2")),
      "second attempt",
    );
    fake.acceptConnections();
    // "connected" comes before get_config's answer ("…; catching up"): wait for the config too.
    await eventually(() => {
      clock.advance(1_000);
      return s.status().state === "connected" && s.homeConfig() !== undefined;
    }, "connected with the home's config");
    const attempts = logger.lines.filter((l) => l.includes("INFO  [ha] connecting to Home Assistant url="));
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(logger.lines.some((l) => l.includes("retryInMs=2000"))).toBe(true);
    expect(s.homeConfig()?.timeZone).toBe("Europe/Amsterdam");
  });

  it("stops while HA is unreachable without logging an error", async () => {
    fake.dropConnections({ refuse: true });
    const s = source();
    await s.start(storingSink(store));
    expect(s.status().state).toBe("disconnected");
    await s.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.status().state).toBe("stopped");
    expect(logger.lines.filter((l) => l.includes("ERROR"))).toEqual([]);
  });

  it("fires events on HA's bus and follows a time zone change", async () => {
    const { s } = await connectedSource();
    const configs: HaHomeConfig[] = [];
    s.onHomeConfig((c) => configs.push(c));

    await s.fireEvent("home_patterns_anomaly", { entity_id: "light.hall", score: 0.93 });
    fake.setTimeZone("America/New_York");

    expect(fake.firedEvents("home_patterns_anomaly").map((e) => [e.data, e.context.user_id])).toEqual([
      [{ entity_id: "light.hall", score: 0.93 }, "39fa47571b194a7b9d9c9272b5b4849b"],
    ]);
    await eventually(() => configs.length > 0, "config update");
    expect(configs.at(-1)?.timeZone).toBe("America/New_York");
    expect(s.homeConfig()?.timeZone).toBe("America/New_York");
  });
});
