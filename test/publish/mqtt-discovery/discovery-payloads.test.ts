// What gets published, without a broker: the snapshot's numbers, and that every payload uses only keys HA knows.
import { describe, expect, it } from "vitest";
import { LocalTime } from "../../../src/core/local-time.js";
import type { TypedParams } from "../../../src/patterns/finding.js";
import type { DayGroup } from "../../../src/patterns/finding-params.js";
import {
  isoWithOffset,
  MAX_ROUTINE_SENSORS,
  takeHaStateSnapshot,
  timeBasedRoutineForecasts,
} from "../../../src/publish/ha-state-snapshot.js";
import { areaActivityObjectId } from "../../../src/publish/mqtt-discovery/area-components.js";
import {
  configTopic,
  normalizeDiscoveryPrefix,
  objectIdPart,
  parseOwnConfigTopic,
} from "../../../src/publish/mqtt-discovery/discovery-topics.js";
import { publishedComponents } from "../../../src/publish/mqtt-discovery/published-components.js";
import { routineObjectId } from "../../../src/publish/mqtt-discovery/routine-components.js";
import { anomalyEventPayload } from "../../../src/publish/mqtt-discovery/summary-components.js";
import { SAMPLE_PARAMS, sampleParams } from "../../support/sample-findings.js";
import { fakeHome, MORNING_LIGHT, T0 } from "./fake-home-state.js";

// Keys HA's MQTT platform schemas accept, from the configuration sections of home-assistant.io's
// sensor.mqtt, binary_sensor.mqtt and event.mqtt pages. HA drops anything else without a word
// (see the 2023.12 recording), so a misspelt key would silently do nothing.
const ENTITY_COMMON = [
  "availability",
  "availability_mode",
  "availability_template",
  "availability_topic",
  "default_entity_id",
  "device",
  "enabled_by_default",
  "encoding",
  "entity_category",
  "entity_picture",
  "icon",
  "json_attributes_template",
  "json_attributes_topic",
  "name",
  "object_id",
  "origin",
  "payload_available",
  "payload_not_available",
  "platform",
  "qos",
  "unique_id",
];
const ALLOWED_KEYS: Record<string, string[]> = {
  sensor: [
    ...ENTITY_COMMON,
    "device_class",
    "expire_after",
    "force_update",
    "last_reset_value_template",
    "options",
    "state_class",
    "state_topic",
    "suggested_display_precision",
    "unit_of_measurement",
    "value_template",
  ],
  binary_sensor: [
    ...ENTITY_COMMON,
    "device_class",
    "expire_after",
    "force_update",
    "off_delay",
    "payload_off",
    "payload_on",
    "state_topic",
    "value_template",
  ],
  event: [...ENTITY_COMMON, "device_class", "event_types", "state_topic", "value_template"],
};
const DEVICE_KEYS = [
  "configuration_url",
  "connections",
  "hw_version",
  "identifiers",
  "manufacturer",
  "model",
  "model_id",
  "name",
  "serial_number",
  "suggested_area",
  "sw_version",
  "via_device",
];
const ORIGIN_KEYS = ["name", "sw_version", "support_url"];
const SENSOR_DEVICE_CLASSES = [
  "apparent_power",
  "aqi",
  "atmospheric_pressure",
  "battery",
  "carbon_dioxide",
  "carbon_monoxide",
  "current",
  "data_rate",
  "data_size",
  "date",
  "distance",
  "duration",
  "energy",
  "energy_storage",
  "enum",
  "frequency",
  "gas",
  "humidity",
  "illuminance",
  "irradiance",
  "moisture",
  "monetary",
  "nitrogen_dioxide",
  "nitrogen_monoxide",
  "nitrous_oxide",
  "ozone",
  "ph",
  "pm1",
  "pm10",
  "pm25",
  "power_factor",
  "power",
  "precipitation",
  "precipitation_intensity",
  "pressure",
  "reactive_power",
  "signal_strength",
  "sound_pressure",
  "speed",
  "sulphur_dioxide",
  "temperature",
  "timestamp",
  "volatile_organic_compounds",
  "volatile_organic_compounds_parts",
  "voltage",
  "volume",
  "volume_storage",
  "volume_flow_rate",
  "water",
  "weight",
  "wind_speed",
];
const BINARY_SENSOR_DEVICE_CLASSES = ["problem", "connectivity", "running", "update", "occupancy", "motion"];
const DATA_SIZE_UNITS = [
  "bit",
  "kbit",
  "Mbit",
  "Gbit",
  "B",
  "kB",
  "MB",
  "GB",
  "TB",
  "PB",
  "EB",
  "ZB",
  "YB",
  "KiB",
  "MiB",
  "GiB",
  "TiB",
  "PiB",
  "EiB",
  "ZiB",
  "YiB",
];
const STATE_CLASSES = ["measurement", "total", "total_increasing"];

function everyKindOfComponent() {
  const home = fakeHome();
  home.state.areas.push({ areaId: "Garden Shed", name: "Garden shed", now: 1, usual: 0 });
  home.state.routines.push({
    key: "time_based|cover.bedroom|open|weekends|09",
    summary: "Bedroom cover opens",
    entity: "cover.bedroom",
    state: "open",
    when: "weekend mornings",
    label: "Bedroom cover open, weekend mornings",
    usefulness: 0.4,
    nextExpected: null,
  });
  return publishedComponents(
    { version: "0.1.0", configurationUrl: "homeassistant://hassio/ingress/home_patterns" },
    takeHaStateSnapshot(home.provider, T0),
  );
}

describe("discovery payloads against HA's MQTT platform schemas", () => {
  const components = everyKindOfComponent();

  it("use only keys the platform schema of their component knows, in the config, device and origin", () => {
    expect(components.map((c) => c.component).sort()).toEqual([
      "binary_sensor",
      "binary_sensor",
      "binary_sensor",
      "event",
      "sensor",
      "sensor",
      "sensor",
      "sensor",
      "sensor",
      "sensor",
      "sensor",
      "sensor",
      "sensor",
      "sensor",
      "sensor",
    ]);
    for (const c of components) {
      const unknown = Object.keys(c.config).filter((k) => !ALLOWED_KEYS[c.component].includes(k));
      expect({ objectId: c.objectId, unknown }).toEqual({ objectId: c.objectId, unknown: [] });
      const device = c.config.device as Record<string, unknown>;
      expect(Object.keys(device).filter((k) => !DEVICE_KEYS.includes(k))).toEqual([]);
      expect(Object.keys(c.config.origin as object).filter((k) => !ORIGIN_KEYS.includes(k))).toEqual([]);
      // Without a device name HA logs a complaint for every entity (seen in the 2023.12 recording).
      expect(device.name).toBe("Home Patterns");
      expect("object_id" in c.config).toBe(false);
    }
  });

  it("use device classes, state classes, units and categories HA accepts for that component", () => {
    for (const c of components) {
      const {
        device_class: deviceClass,
        state_class: stateClass,
        unit_of_measurement: unit,
        entity_category: category,
      } = c.config;
      if (c.component === "sensor" && deviceClass !== undefined) expect(SENSOR_DEVICE_CLASSES).toContain(deviceClass);
      if (c.component === "binary_sensor") expect(BINARY_SENSOR_DEVICE_CLASSES).toContain(deviceClass);
      if (stateClass !== undefined) expect(STATE_CLASSES).toContain(stateClass);
      if (deviceClass === "data_size") expect(DATA_SIZE_UNITS).toContain(unit);
      // HA rejects a state class or unit on a timestamp sensor.
      if (deviceClass === "timestamp") expect([stateClass, unit]).toEqual([undefined, undefined]);
      if (category !== undefined) expect(category).toBe("diagnostic");
      if (c.component === "event") {
        expect(c.config.event_types).toEqual([
          "unusual_time",
          "unusual_duration",
          "missed_routine",
          "activity_high",
          "activity_low",
          "unavailable",
        ]);
      }
    }
  });

  it("derive unique_id, default_entity_id and topics from the slug and stable keys, all distinct", () => {
    const ids = components.map((c) => c.config.unique_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of components) {
      expect(c.objectId).toMatch(/^[a-zA-Z0-9_-]+$/);
      expect(c.config.unique_id).toBe(`home_patterns_${c.objectId}`);
      expect(c.config.default_entity_id).toBe(`${c.component}.home_patterns_${c.objectId}`);
    }
    expect(ids).toContain("home_patterns_area_garden_shed_f99a57_activity");
    expect(areaActivityObjectId("kitchen")).toBe("area_kitchen_activity");
    expect(routineObjectId({ entity: "light.kitchen", state: "on", when: "weekday mornings" })).toBe(
      "routine_light_kitchen_on_weekday_mornings",
    );
    expect(objectIdPart("Garden Shed")).toBe("garden_shed_f99a57");
  });

  it("names config topics per component under the prefix, and knows its own topics from others", () => {
    expect(configTopic("homeassistant", "binary_sensor", "anomaly_open")).toBe(
      "homeassistant/binary_sensor/home_patterns/anomaly_open/config",
    );
    expect(
      parseOwnConfigTopic("homeassistant", "homeassistant/sensor/home_patterns/routine_0f6c64b9efef/config"),
    ).toEqual({
      component: "sensor",
      objectId: "routine_0f6c64b9efef",
    });
    expect(parseOwnConfigTopic("homeassistant", "homeassistant/sensor/other_app/x/config")).toBeUndefined();
    expect(parseOwnConfigTopic("homeassistant", "homeassistant/light/home_patterns/x/config")).toBeUndefined();
    expect(normalizeDiscoveryPrefix(" /ha-discovery/ ")).toBe("ha-discovery");
    expect(() => normalizeDiscoveryPrefix("")).toThrow(
      'mqtt_discovery_prefix is empty: Home Assistant\'s default is "homeassistant"',
    );
    expect(() => normalizeDiscoveryPrefix("home/#")).toThrow(
      'mqtt_discovery_prefix "home/#" contains an MQTT wildcard (+ or #)',
    );
  });

  it("adds configuration_url to the device only when there is one", () => {
    expect((components[0].config.device as Record<string, unknown>).configuration_url).toBe(
      "homeassistant://hassio/ingress/home_patterns",
    );
    const home = fakeHome();
    const plain = publishedComponents({ version: "0.2.0" }, takeHaStateSnapshot(home.provider, T0));
    expect(plain[0].config.device).toEqual({
      identifiers: ["home_patterns"],
      name: "Home Patterns",
      manufacturer: "Home Patterns",
      model: "Habit learner (Home Assistant add-on)",
      sw_version: "0.2.0",
    });
  });
});

describe("takeHaStateSnapshot", () => {
  it("computes counts, the latest anomaly, megabytes and area percentages from the provider", () => {
    const home = fakeHome();
    const older = {
      ...MORNING_LIGHT,
      key: "activity_high:kitchen:2026-11-23T03",
      kind: "activity_high" as const,
      ts: T0 - 7 * 3_600_000,
    };
    home.state.anomalies = [older, MORNING_LIGHT];
    home.state.areas.push({ areaId: "attic", name: "Attic", now: 0.333, usual: 0 });
    const snapshot = takeHaStateSnapshot(home.provider, T0);
    expect(home.sinceAsked).toEqual([T0 - 86_400_000]);
    expect(snapshot).toEqual({
      serviceProblems: [],
      activePatterns: {
        count: 3,
        topSummaries: [
          "Kitchen light turns on around 06:55 on weekdays",
          "Hall light, then bathroom light within 2 min",
          "Bedroom cover opens around 09:30 on weekends",
        ],
        byType: { time_based: 2, sequence: 1 },
      },
      anomalies24h: {
        count: 2,
        latest: {
          key: "missed_routine:light.kitchen:2026-11-23",
          kind: "missed_routine",
          summary: "Kitchen light did not turn on this morning",
          severity: "medium",
          entity: "light.kitchen",
          area: "kitchen",
          expected: "usually on by 07:10",
          observedAt: "2026-11-23T08:00:00+00:00",
        },
      },
      openAnomalies: 1,
      storageMegabytes: 12.35,
      eventsLastHour: 240,
      areas: [
        { areaId: "attic", name: "Attic", percentOfUsual: null, current: 0.33, usual: 0 },
        { areaId: "kitchen", name: "Kitchen", percentOfUsual: 150, current: 18, usual: 12 },
        { areaId: "living_room", name: "Living room", percentOfUsual: 25, current: 3, usual: 12 },
      ],
      routines: [
        {
          key: "time_based|light.kitchen|on|weekdays|07",
          summary: "Kitchen light turns on around 06:55 on weekdays",
          entity: "light.kitchen",
          state: "on",
          when: "weekday mornings",
          label: "Kitchen light on, weekday mornings",
          nextExpected: "2026-11-24T05:55:00+00:00",
        },
      ],
      deviceProblems: [
        {
          entity: "binary_sensor.garage_door",
          summary: "Garage door went unavailable on 43 of 57 days, last on 2026-11-22",
        },
      ],
      nextActions: [
        {
          entity: "light.kitchen",
          name: "Kitchen light",
          probability: 0.71,
          reason: "Kitchen light followed 20 of 28 times after Hallway light turns on in the morning.",
        },
        {
          entity: "switch.coffee",
          name: "Coffee",
          probability: 0.18,
          reason: "Coffee is used around 07:00: 8 times in the last 30 days.",
        },
      ],
      quietAutomations: [],
    });
  });

  it("counts the automations that went quiet and names them on the quiet-automations sensor", () => {
    const home = fakeHome();
    home.state.patterns.push(
      {
        key: "automation_quiet:automation.morning_lights:2026-11-19",
        type: "automation_quiet",
        summary: "Automation 'Morning lights' has not run since Thu 07:00; it usually runs every day",
        usefulness: 0.99,
        entities: ["automation.morning_lights"],
      },
      {
        key: "automation_quiet:automation.feed_fish:2026-11-12",
        type: "automation_quiet",
        summary: "Automation 'Feed fish' has not run since 2026-11-12 18:00; it usually runs every 2 days",
        usefulness: 0.9,
        entities: ["automation.feed_fish"],
      },
    );
    const snapshot = takeHaStateSnapshot(home.provider, T0);
    const sensor = publishedComponents({ version: "0.1.0" }, snapshot).find((c) => c.objectId === "quiet_automations");
    expect(sensor?.component).toBe("sensor");
    expect(sensor?.config.name).toBe("Quiet automations");
    expect(sensor?.state).toBe("2");
    expect(sensor?.attributes).toEqual({
      automations: ["automation.feed_fish", "automation.morning_lights"],
      summaries: [
        "Automation 'Feed fish' has not run since 2026-11-12 18:00; it usually runs every 2 days",
        "Automation 'Morning lights' has not run since Thu 07:00; it usually runs every day",
      ],
    });
  });

  it("keeps only the most useful routines", () => {
    const home = fakeHome();
    home.state.routines = Array.from({ length: 13 }, (_, i) => ({
      key: `r${i}`,
      summary: `Routine ${i}`,
      entity: `light.l${i}`,
      state: "on",
      when: "evenings",
      label: `L${i} on, evenings`,
      usefulness: i / 100,
      nextExpected: null,
    }));
    const keys = takeHaStateSnapshot(home.provider, T0).routines.map((r) => r.key);
    expect(keys).toHaveLength(MAX_ROUTINE_SENSORS);
    expect(keys).toEqual(["r12", "r11", "r10", "r9", "r8", "r7", "r6", "r5", "r4", "r3"]);
  });

  it("writes times as HA does, with an explicit offset and whole seconds", () => {
    expect(isoWithOffset(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe("2026-01-02T03:04:05+00:00");
  });
});

describe("timeBasedRoutineForecasts", () => {
  const berlin = new LocalTime("Europe/Berlin");
  const pattern = (key: string, typed: TypedParams) => ({ key, summary: key, usefulness: 0.5, ...typed });
  const at = (minuteOfDay: number, dayType: DayGroup): TypedParams => ({
    type: "time_based",
    params: sampleParams("time_based", { minuteOfDay, dayType }),
  });

  it("gives the next local time on a day of the routine's type, across a weekend and a DST change", () => {
    // Friday 2026-11-27 20:00 in Berlin (UTC+1).
    const friday = Date.UTC(2026, 10, 27, 19, 0);
    const forecasts = timeBasedRoutineForecasts(
      [
        pattern("time_based|light.desk|on|weekdays|07", at(415, "weekdays")),
        pattern("time_based|light.hall|on|weekends|10", at(570.4, "weekends")),
        pattern("time_based|light.porch|off|daily|23", at(1380, "daily")),
        pattern("a-sequence", { type: "sequence", params: SAMPLE_PARAMS.sequence }),
      ],
      friday,
      berlin,
      (entity) => entity,
    );
    expect(forecasts.map((f) => [f.key, isoWithOffset(f.nextExpected!)])).toEqual([
      ["time_based|light.desk|on|weekdays|07", "2026-11-30T05:55:00+00:00"],
      ["time_based|light.hall|on|weekends|10", "2026-11-28T08:30:00+00:00"],
      ["time_based|light.porch|off|daily|23", "2026-11-27T22:00:00+00:00"],
    ]);
    // Saturday 2026-03-28 07:00 Berlin: the clocks go forward that night, Monday's 06:55 is UTC+2.
    const beforeDst = Date.UTC(2026, 2, 28, 6, 0);
    const [monday] = timeBasedRoutineForecasts(
      [pattern("time_based|light.desk|on|weekdays|07", at(415, "weekdays"))],
      beforeDst,
      berlin,
      (entity) => entity,
    );
    expect(isoWithOffset(monday.nextExpected!)).toBe("2026-03-30T04:55:00+00:00");
  });

  it("names a routine's sensor by its entity, state and part of the day, the same however its statistics move", () => {
    const names = new Map([["light.kitchen", "Kitchen light"]]);
    const sensorFor = (summary: string, minuteOfDay: number, usefulness: number) => {
      const [forecast] = timeBasedRoutineForecasts(
        [
          {
            key: "time_based|light.kitchen|on|weekdays|07",
            summary,
            usefulness,
            ...at(minuteOfDay, "weekdays"),
          },
        ],
        Date.UTC(2026, 10, 23, 12, 0),
        berlin,
        (entity) => names.get(entity) ?? entity,
      );
      const home = fakeHome();
      home.state.routines = [forecast];
      return publishedComponents({ version: "0.1.0" }, takeHaStateSnapshot(home.provider, T0)).find((c) =>
        c.objectId.startsWith("routine_"),
      )!;
    };
    const first = sensorFor("Kitchen light turns on around 07:04 (±3 min) on 14 of 14 weekdays", 424, 0.8);
    const later = sensorFor("Kitchen light turns on around 07:11 (±9 min) on 19 of 20 weekdays", 431, 0.6);
    expect(first.objectId).toBe("routine_light_kitchen_on_weekday_mornings");
    expect(first.config.name).toBe("Next Kitchen light on, weekday mornings");
    expect(first.config.unique_id).toBe("home_patterns_routine_light_kitchen_on_weekday_mornings");
    expect([later.objectId, later.config.name, later.config.unique_id]).toEqual([
      first.objectId,
      first.config.name,
      first.config.unique_id,
    ]);
  });

  it("tells two habits of one entity in the same part of the day apart", () => {
    const home = fakeHome();
    const base = {
      summary: "",
      entity: "light.hall",
      state: "on",
      when: "evenings",
      label: "Hall light on, evenings",
      nextExpected: null,
    };
    home.state.routines = [
      { ...base, key: "time_based|light.hall|on|daily|18", usefulness: 0.9 },
      { ...base, key: "time_based|light.hall|on|daily|21", usefulness: 0.8 },
    ];
    const ids = publishedComponents({ version: "0.1.0" }, takeHaStateSnapshot(home.provider, T0))
      .map((c) => c.objectId)
      .filter((id) => id.startsWith("routine_"));
    expect(ids).toEqual(["routine_light_hall_on_evenings", "routine_light_hall_on_evenings_2"]);
  });
});

describe("anomalyEventPayload", () => {
  it("puts the kind in event_type and the anomaly's fields and details beside it, details never overriding", () => {
    const payload = anomalyEventPayload({
      ...MORNING_LIGHT,
      details: { ...MORNING_LIGHT.details, event_type: "bogus", summary: "x" },
    });
    expect(JSON.parse(payload)).toEqual({
      event_type: "missed_routine",
      key: "missed_routine:light.kitchen:2026-11-23",
      summary: "Kitchen light did not turn on this morning",
      severity: "medium",
      entity: "light.kitchen",
      area: "kitchen",
      expected: "usually on by 07:10",
      observed_at: "2026-11-23T08:00:00+00:00",
      usual_minute: 415,
      days_seen: 21,
    });
  });
});
