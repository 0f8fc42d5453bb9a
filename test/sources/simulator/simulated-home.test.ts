import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/core/errors.js";
import { domainOf, type HomeEvent } from "../../../src/core/home-event.js";
import { LocalTime } from "../../../src/core/local-time.js";
import { createSimulatedHome } from "../../../src/sources/simulator/index.js";

const collect = (days: Iterable<{ events: HomeEvent[] }>) => [...days].flatMap((d) => d.events);

describe("simulated home layout", () => {
  it("has the sizes the demo, tests and benchmarks ask for", () => {
    const small = createSimulatedHome({ size: "small" });
    const normal = createSimulatedHome();
    const large = createSimulatedHome({ size: "large" });
    expect(small.entities.length).toBe(28);
    expect(normal.entities.length).toBe(50);
    expect(large.entities.length).toBe(120);
    expect(small.areas.length).toBe(8);
    expect(normal.areas.length).toBe(11);
    expect(large.areas.length).toBe(19);
  });

  it("covers every domain the detectors look at, each entity in a known area or none", () => {
    const home = createSimulatedHome();
    const domains = new Set(home.entities.map((e) => domainOf(e.entityId)));
    for (const d of [
      "light",
      "switch",
      "binary_sensor",
      "media_player",
      "climate",
      "person",
      "sun",
      "weather",
      "sensor",
    ]) {
      expect(domains.has(d), d).toBe(true);
    }
    const areaIds = new Set(home.areas.map((a) => a.areaId));
    const deviceIds = new Set(home.devices.map((d) => d.deviceId));
    for (const e of home.entities) {
      if (e.areaId) expect(areaIds.has(e.areaId), e.entityId).toBe(true);
      if (e.deviceId) expect(deviceIds.has(e.deviceId), e.entityId).toBe(true);
    }
  });

  it("gives motion sensors their area through the device, as Home Assistant often does", () => {
    const home = createSimulatedHome();
    const motion = home.entities.find((e) => e.entityId === "binary_sensor.hallway_motion");
    expect(motion?.areaId).toBeNull();
    expect(home.devices.find((d) => d.deviceId === motion?.deviceId)?.areaId).toBe("hallway");
    // The TV's smart plug is a child device without an area of its own.
    const plug = home.devices.find((d) => d.name === "TV smart plug");
    const tv = home.devices.find((d) => d.name === "Living room TV");
    expect(plug?.areaId).toBeNull();
    expect(plug?.parentDeviceId).toBe(tv?.deviceId);
    expect(tv?.areaId).toBe("living_room");
  });

  it("refuses bad options with every problem at once", () => {
    try {
      createSimulatedHome({ timeZone: "Mars/Olympus", latitude: 123, eventsPerDay: -5 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([
        'timeZone "Mars/Olympus" is not an IANA time zone',
        "latitude 123 must be within -90..90",
        "eventsPerDay -5 must be a number ≥ 0",
      ]);
    }
  });
});

describe("simulated events", () => {
  it("are identical for the same seed and differ for another seed", () => {
    const a = collect(createSimulatedHome({ seed: 5, size: "small" }).generate("2026-05-01", 3));
    const b = collect(createSimulatedHome({ seed: 5, size: "small" }).generate("2026-05-01", 3));
    const c = collect(createSimulatedHome({ seed: 6, size: "small" }).generate("2026-05-01", 3));
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    const kitchenOn = (events: HomeEvent[]) => events.filter((e) => e.entity === "light.kitchen").map((e) => e.ts);
    expect(kitchenOn(c)).not.toEqual(kitchenOn(a));
  });

  it("a day is the same whether generated alone or in a stream", () => {
    const home = createSimulatedHome({ seed: 9, size: "small" });
    const streamed = [...home.generate("2026-07-10", 3)][2];
    expect(streamed.day).toBe("2026-07-12");
    expect(home.generateDay("2026-07-12")).toEqual(streamed.events);
  });

  it("stream one local day at a time, in time order, each inside its day", () => {
    const home = createSimulatedHome({ seed: 2, size: "small", timeZone: "Europe/Berlin" });
    const days = [...home.generate("2026-03-28", 3)];
    expect(days.map((d) => d.day)).toEqual(["2026-03-28", "2026-03-29", "2026-03-30"]);
    // 2026-03-29 is the spring-forward day: 23 hours long.
    expect(days.map((d) => (d.end - d.start) / 3_600_000)).toEqual([24, 23, 24]);
    let last = -Infinity;
    for (const d of days) {
      for (const e of d.events) {
        expect(e.ts).toBeGreaterThanOrEqual(d.start);
        expect(e.ts).toBeLessThan(d.end);
        expect(e.ts).toBeGreaterThanOrEqual(last);
        last = e.ts;
      }
    }
  });

  it("chain each entity's previous state across days and never repeat a state, anomalies included", () => {
    const kinds = [
      "unusual_time",
      "long_on",
      "missed_routine",
      "activity_high",
      "activity_low",
      "unavailable",
    ] as const;
    const anomalies = kinds.map((kind, i) => ({ day: `2026-10-2${i}`, kind }));
    const home = createSimulatedHome({ seed: 3, anomalies });
    const lastState = new Map<string, string>();
    for (const e of collect(home.generate("2026-10-20", 10))) {
      expect(e.previous).not.toBe(e.state);
      expect(Number.isInteger(e.ts)).toBe(true);
      if (lastState.has(e.entity))
        expect(e.previous, `${e.entity} at ${new Date(e.ts).toISOString()}`).toBe(lastState.get(e.entity));
      lastState.set(e.entity, e.state);
      expect(e.source).toBe("simulator");
      expect(e.context).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    }
  });

  it("scale events per day with the knob while routines stay put", () => {
    for (const [size, target] of [
      ["small", 10_000],
      ["default", 100_000],
      ["large", 200_000],
    ] as const) {
      const home = createSimulatedHome({ seed: 4, size, eventsPerDay: target });
      for (const d of home.generate("2026-10-24", 2)) {
        expect(Math.abs(d.events.length - target) / target, `${size} ${d.day}`).toBeLessThan(0.2);
      }
    }
    const routine = (events: HomeEvent[]) =>
      events.filter((e) => e.entity.startsWith("light.") || e.entity.startsWith("switch.bathroom"));
    const quiet = createSimulatedHome({ seed: 4, eventsPerDay: 3_000 }).generateDay("2026-10-26");
    const busy = createSimulatedHome({ seed: 4, eventsPerDay: 100_000 }).generateDay("2026-10-26");
    expect(routine(busy)).toEqual(routine(quiet));
  });

  it("carry user ids of residents on app and voice actions, and parent contexts on automations", () => {
    const home = createSimulatedHome({ seed: 1 });
    const events = collect(home.generate("2026-01-05", 7));
    const users = new Set(home.residents.map((r) => r.userId));
    const withUser = events.filter((e) => e.user !== undefined);
    expect(withUser.length).toBeGreaterThan(5);
    for (const e of withUser) expect(users.has(e.user!)).toBe(true);
    const automated = events.filter((e) => e.parent !== undefined);
    expect(new Set(automated.map((e) => e.entity))).toContain("light.porch");
    for (const e of events.filter((e) => e.entity === "light.porch")) expect(e.parent).toBeDefined();
  });

  it("carry each entity's device class on every event, as Home Assistant's states do", () => {
    const home = createSimulatedHome({ seed: 1, size: "large" });
    const classes = new Map<string, Set<string | undefined>>();
    for (const e of collect(home.generate("2026-01-05", 2))) {
      if (!classes.has(e.entity)) classes.set(e.entity, new Set());
      classes.get(e.entity)!.add(e.deviceClass);
    }
    const classOf = (entity: string) => [...(classes.get(entity) ?? [])];
    expect(classOf("binary_sensor.hallway_motion")).toEqual(["motion"]);
    expect(classOf("binary_sensor.garden_motion")).toEqual(["motion"]);
    expect(classOf("binary_sensor.front_door")).toEqual(["door"]);
    expect(classOf("binary_sensor.bedroom_window")).toEqual(["window"]);
    expect(classOf("binary_sensor.garage_door")).toEqual(["garage_door"]);
    expect(classOf("sensor.kitchen_temperature")).toEqual(["temperature"]);
    expect(classOf("sensor.bathroom_humidity")).toEqual(["humidity"]);
    expect(classOf("sensor.fridge_power")).toEqual(["power"]);
    expect(classOf("sensor.hallway_illuminance")).toEqual(["illuminance"]);
    expect(classOf("media_player.living_room_tv")).toEqual(["tv"]);
    // Domains Home Assistant gives no device class.
    for (const entity of ["light.kitchen", "person.alex", "sun.sun", "climate.living_room"])
      expect(classOf(entity), entity).toEqual([undefined]);
    // Every binary sensor has one, so none is put in plain "turns on" words.
    for (const [entity, seen] of classes)
      if (entity.startsWith("binary_sensor.")) expect([...seen], entity).not.toContain(undefined);
  });

  it("carry each measuring sensor's unit on every event, as Home Assistant's states do", () => {
    const home = createSimulatedHome({ seed: 1, size: "large" });
    const units = new Map<string, Set<string | undefined>>();
    for (const e of collect(home.generate("2026-01-05", 2))) {
      if (!units.has(e.entity)) units.set(e.entity, new Set());
      units.get(e.entity)!.add(e.unit);
    }
    const unitOf = (entity: string) => [...(units.get(entity) ?? [])];
    expect(unitOf("sensor.outside_temperature")).toEqual(["°C"]);
    expect(unitOf("sensor.kitchen_temperature")).toEqual(["°C"]);
    expect(unitOf("sensor.bathroom_humidity")).toEqual(["%"]);
    expect(unitOf("sensor.fridge_power")).toEqual(["W"]);
    expect(unitOf("sensor.tv_power")).toEqual(["W"]);
    expect(unitOf("sensor.hallway_illuminance")).toEqual(["lx"]);
    // States that are not measurements have none.
    for (const entity of ["light.kitchen", "binary_sensor.front_door", "media_player.living_room_tv", "sun.sun"])
      expect(unitOf(entity), entity).toEqual([undefined]);
    // Every sensor whose states are numbers has one.
    for (const [entity, seen] of units)
      if (entity.startsWith("sensor.") && !entity.endsWith("_action"))
        expect([...seen], entity).not.toContain(undefined);
  });

  it("keeps routines at local wall-clock time in another zone", () => {
    const home = createSimulatedHome({
      seed: 8,
      size: "small",
      timeZone: "America/New_York",
      latitude: 40.7,
      longitude: -74,
      anomalies: "none",
    });
    const local = new LocalTime("America/New_York");
    const kitchen = collect(home.generate("2026-02-02", 5)).filter(
      (e) => e.entity === "light.kitchen" && e.state === "on",
    );
    expect(kitchen.length).toBeGreaterThanOrEqual(3);
    for (const e of kitchen) expect(Math.abs(local.parts(e.ts).minuteOfDay - (6 * 60 + 55))).toBeLessThanOrEqual(8);
  });
});
