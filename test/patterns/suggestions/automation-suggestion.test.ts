// Each pattern type → the automation a user would paste into Home Assistant, literally, and loadable by the oldest Core we support.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import {
  type AutomationSuggestion,
  suggestAutomation,
} from "../../../src/patterns/suggestions/automation-suggestion.js";
import { parseAutomationYaml } from "../../../src/patterns/suggestions/automation-yaml.js";
import { SAMPLE_PARAMS, sampleParams } from "../../support/sample-findings.js";
import { automationProblems } from "./automation-schema.js";
import {
  bathroomFanDuration,
  bedroomWakeUp,
  hallwayMotionLight,
  hallwayOffWhenEmpty,
  household,
  kitchenWeekdayMorning,
  livingRoomSunset,
  morningBathroom,
  stored,
} from "./suggestion-fixtures.js";

/** The add-on's minimum Core, from config.yaml: what every suggestion must load on. */
const MIN_VERSION = (() => {
  const config = YAML.parse(readFileSync(path.join(import.meta.dirname, "../../../config.yaml"), "utf8")) as {
    homeassistant: string;
  };
  return config.homeassistant.split(".").slice(0, 2).join(".");
})();

const NOT_FROM = ["unavailable", "unknown"];
const SOMEONE_HOME = {
  condition: "or",
  conditions: [
    { condition: "state", entity_id: "person.alex", state: "home" },
    { condition: "state", entity_id: "person.sam", state: "home" },
  ],
};

/** Loads on the oldest supported Core, and the YAML shown says exactly what the config sent says. */
function loadable(suggestion: AutomationSuggestion): AutomationSuggestion {
  expect(suggestion.reason).toBeNull();
  expect(automationProblems(suggestion.config, { minVersion: MIN_VERSION })).toEqual([]);
  expect(parseAutomationYaml(suggestion.yaml!)).toEqual(suggestion.config);
  return suggestion;
}

describe("automation suggestions per pattern type", () => {
  it("reads the minimum Core from config.yaml", () => {
    expect(MIN_VERSION).toBe("2023.12");
  });

  it("time_based, something that starts: a time trigger a little early, on its days, when someone is home", () => {
    const s = loadable(suggestAutomation(kitchenWeekdayMorning, household));
    expect(s.automationId).toBe("home_patterns_7cd4ec20687d");
    expect(s.yaml).toBe(
      [
        "# Suggested by Home Patterns for the pattern time_based|light.kitchen|on|weekdays|07",
        "# trigger/platform and service keys: loaded by Home Assistant 2023.12 (the add-on's minimum) and every later version.",
        "alias: Kitchen light on at 06:45 on weekdays",
        'description: "Turns on Kitchen light at 06:45 on weekdays when someone is home: 10 min before it usually happens (06:55), so it is done before anyone reaches for it. Learned by Home Patterns: Kitchen light turns on around 06:55 ± 6 min on 18 of 20 weekdays. Evidence: 18 of 20 weekdays, confidence 72 %, from 2026-11-02 to 2026-11-27."',
        "trigger:",
        "  - platform: time",
        '    at: "06:45:00"',
        "condition:",
        "  - condition: time",
        "    weekday:",
        "      - mon",
        "      - tue",
        "      - wed",
        "      - thu",
        "      - fri",
        "  - condition: or",
        "    conditions:",
        "      - condition: state",
        "        entity_id: person.alex",
        "        state: home",
        "      - condition: state",
        "        entity_id: person.sam",
        "        state: home",
        "action:",
        "  - service: light.turn_on",
        "    target:",
        "      entity_id: light.kitchen",
        "mode: single",
        "",
      ].join("\n"),
    );
  });

  it("time_based, something that ends: a little after the usual time, every day, whoever is home", () => {
    const porch = stored({
      type: "time_based",
      key: "time_based|light.porch|off|daily|23",
      entities: ["light.porch"],
      summary: "Porch light turns off around 23:02 ± 14 min on 25 of 28 days",
      support: 25,
      params: {
        state: "off",
        dayType: "daily",
        minuteOfDay: 1382.2,
        time: "23:02",
        spreadMinutes: 13.6,
        windowMinutes: 60,
      },
    });
    expect(loadable(suggestAutomation(porch, household)).config).toEqual({
      alias: "Porch light off at 23:17 every day",
      description:
        "Turns off Porch light at 23:17 every day: 15 min after it usually happens (23:02), so it only catches the times it was forgotten. " +
        "Learned by Home Patterns: Porch light turns off around 23:02 ± 14 min on 25 of 28 days. Evidence: 25 of 28 days, confidence 70 %, from 2026-11-02 to 2026-11-27.",
      trigger: [{ platform: "time", at: "23:17:00" }],
      action: [{ service: "light.turn_off", target: { entity_id: "light.porch" } }],
      mode: "single",
    });
  });

  it("time_based on weekends with a thermostat: the HVAC mode as service data", () => {
    const heating = stored({
      type: "time_based",
      key: "time_based|climate.living_room|heat|weekends|08",
      entities: ["climate.living_room"],
      summary: "Living room thermostat starts heating around 08:10 ± 18 min on 7 of 8 weekend days",
      support: 7,
      opportunities: 8,
      params: {
        state: "heat",
        dayType: "weekends",
        minuteOfDay: 490,
        time: "08:10",
        spreadMinutes: 18.2,
        windowMinutes: 60,
      },
    });
    const config = loadable(suggestAutomation(heating, household)).config!;
    expect([config.alias, config.trigger, config.condition, config.action]).toEqual([
      "Living room thermostat heat at 07:55 on weekends",
      [{ platform: "time", at: "07:55:00" }],
      [{ condition: "time", weekday: ["sat", "sun"] }, SOMEONE_HOME],
      [{ service: "climate.set_hvac_mode", target: { entity_id: "climate.living_room" }, data: { hvac_mode: "heat" } }],
    ]);
  });

  it("co_occurrence: a state trigger on the first entity, the follower as the action", () => {
    expect(loadable(suggestAutomation(hallwayMotionLight, household)).config).toEqual({
      alias: "Hallway light on after Hallway motion on",
      description:
        "Turns on Hallway light when Hallway motion turns on, as usually happens within 30 s. " +
        "Learned by Home Patterns: Hallway light turns on within 30 s after Hallway motion turns on: 143 of 160 times, 14.2× as often as by chance. " +
        "Evidence: 143 of 160 times, confidence 84 %, from 2026-11-02 to 2026-11-27.",
      trigger: [{ platform: "state", entity_id: "binary_sensor.hallway_motion", not_from: NOT_FROM, to: "on" }],
      action: [{ service: "light.turn_on", target: { entity_id: "light.hallway" } }],
      mode: "single",
    });
  });

  it("sequence: the first step triggers, the switchable steps follow with the chain's gaps, around its usual time", () => {
    expect(loadable(suggestAutomation(morningBathroom, household)).config).toEqual({
      alias: "Bathroom light on, Bathroom fan on after Bedroom light off",
      description:
        "Turns on Bathroom light, then turns on Bathroom fan 38 s later, when Bedroom light turns off between 06:00 and 07:35, as the chain usually continues. " +
        "Learned by Home Patterns: Bedroom light off → Hallway motion on → Bathroom light on → Bathroom fan on, within about 1 min, on 24 of 28 days, usually starting around 06:47. " +
        "Evidence: 24 of 28 days, confidence 68 %, from 2026-11-02 to 2026-11-27.",
      trigger: [{ platform: "state", entity_id: "light.bedroom", not_from: NOT_FROM, to: "off" }],
      condition: [{ condition: "time", after: "06:00:00", before: "07:35:00" }],
      action: [
        { service: "light.turn_on", target: { entity_id: "light.bathroom" } },
        { delay: "00:00:38" },
        { service: "fan.turn_on", target: { entity_id: "fan.bathroom" } },
      ],
      mode: "single",
    });
  });

  it("duration: off once it has been on longer than its upper quartile (a state trigger with for)", () => {
    expect(loadable(suggestAutomation(bathroomFanDuration, household)).config).toEqual({
      alias: "Bathroom fan off after 17 min",
      description:
        "Turns off Bathroom fan once it has been on for 17 min: longer than 3 times in 4 (usually about 15 min), so it only ends the times it was left on. " +
        "Learned by Home Patterns: Bathroom fan stays on for about 15 min (usually 13 min to 17 min), 22 of 25 times. " +
        "Evidence: 22 of 25 times, confidence 71 %, from 2026-11-02 to 2026-11-27.",
      trigger: [{ platform: "state", entity_id: "fan.bathroom", not_from: NOT_FROM, to: "on", for: "00:17:00" }],
      action: [{ service: "fan.turn_off", target: { entity_id: "fan.bathroom" } }],
      mode: "single",
    });
  });

  it("a short duration is timed to 10 s: the coffee maker", () => {
    const coffee = stored({
      type: "duration",
      key: "duration|switch.coffee_maker",
      entities: ["switch.coffee_maker"],
      summary: "Coffee maker stays on for about 95 s (usually 88 s to 104 s), 20 of 24 times",
      params: sampleParams("duration", {
        medianSeconds: 95.1,
        lowerQuartileSeconds: 88.3,
        upperQuartileSeconds: 104.2,
      }),
    });
    expect(loadable(suggestAutomation(coffee, household)).config!.trigger).toEqual([
      { platform: "state", entity_id: "switch.coffee_maker", not_from: NOT_FROM, to: "on", for: "00:01:50" },
    ]);
  });

  it("day_type: a time trigger per kind of day, each let through only on its own days", () => {
    expect(loadable(suggestAutomation(bedroomWakeUp, household)).config).toEqual({
      alias: "Bedroom light on at 06:36 on weekdays and 08:16 on weekends",
      description:
        "Turns on Bedroom light at 06:36 on weekdays and at 08:16 on weekends when someone is home: 10 min and 15 min before it usually happens (06:46 and 08:31). " +
        "Learned by Home Patterns: Bedroom light turns on around 06:46 on weekdays (38 of 40) and around 08:31 at weekends (15 of 16), 105 min later. " +
        "Evidence: 53 of 56 days, confidence 74 %, from 2026-11-02 to 2026-11-27.",
      trigger: [
        { platform: "time", at: "06:36:00", id: "weekdays" },
        { platform: "time", at: "08:16:00", id: "weekends" },
      ],
      condition: [
        {
          condition: "or",
          conditions: [
            {
              condition: "and",
              conditions: [
                { condition: "trigger", id: "weekdays" },
                { condition: "time", weekday: ["mon", "tue", "wed", "thu", "fri"] },
              ],
            },
            {
              condition: "and",
              conditions: [
                { condition: "trigger", id: "weekends" },
                { condition: "time", weekday: ["sat", "sun"] },
              ],
            },
          ],
        },
        SOMEONE_HOME,
      ],
      action: [{ service: "light.turn_on", target: { entity_id: "light.bedroom" } }],
      mode: "single",
    });
  });

  it("contextual sun: a sun trigger with the offset, a little early for something that starts", () => {
    expect(loadable(suggestAutomation(livingRoomSunset, household)).config).toEqual({
      alias: "Living room light on 5 min after sunset",
      description:
        "Turns on Living room light 5 min after sunset when someone is home, following the sun rather than the clock: it usually happens 10 min after sunset. " +
        "Learned by Home Patterns: Living room light turns on 10 min after sunset (± 3 min, against ± 41 min on the clock) on 49 of 56 days. " +
        "Evidence: 49 of 56 days, confidence 77 %, from 2026-11-02 to 2026-11-27.",
      trigger: [{ platform: "sun", event: "sunset", offset: "00:05:00" }],
      condition: [SOMEONE_HOME],
      action: [{ service: "light.turn_on", target: { entity_id: "light.living_room" } }],
      mode: "single",
    });
    const beforeSunrise = stored({
      type: "contextual",
      key: "contextual|light.porch|off|sunrise",
      entities: ["light.porch"],
      params: { state: "off", context: "sunrise", offsetMinutes: -20, spreadMinutes: 4, clockSpreadMinutes: 30 },
    });
    expect(loadable(suggestAutomation(beforeSunrise, household)).config!.trigger).toEqual([
      { platform: "sun", event: "sunrise", offset: "-00:15:00" },
    ]);
  });

  it("contextual presence: the last person leaving, the first coming home", () => {
    expect(loadable(suggestAutomation(hallwayOffWhenEmpty, household)).config).toEqual({
      alias: "Hallway light off when everyone has left",
      description:
        "Turns off Hallway light when the last person leaves home, as usually happens within 20 min. " +
        "Learned by Home Patterns: Hallway light turns off when the last person leaves: within 20 min, 31 of the 34 times the last person left while it was on. " +
        "Evidence: 31 of 34 times, confidence 78 %, from 2026-11-02 to 2026-11-27.",
      trigger: [{ platform: "state", entity_id: ["person.alex", "person.sam"], from: "home", not_to: NOT_FROM }],
      condition: [
        {
          condition: "not",
          conditions: [
            { condition: "state", entity_id: "person.alex", state: "home" },
            { condition: "state", entity_id: "person.sam", state: "home" },
          ],
        },
      ],
      action: [{ service: "light.turn_off", target: { entity_id: "light.hallway" } }],
      mode: "single",
    });
    const heatingOn = stored({
      type: "contextual",
      key: "contextual|climate.hallway|heat|presence_arrived",
      entities: ["climate.hallway"],
      summary:
        "Hallway thermostat starts heating when the first person comes home: 26 of 30 times, within 20 min after the first person came home",
      params: { state: "heat", context: "presence_arrived", windowMinutes: 20 },
    });
    const config = loadable(suggestAutomation(heatingOn, household)).config!;
    expect([config.alias, config.trigger, config.condition, config.action]).toEqual([
      "Hallway thermostat heat when someone comes home",
      [{ platform: "state", entity_id: ["person.alex", "person.sam"], not_from: NOT_FROM, to: "home" }],
      undefined,
      [{ service: "climate.set_hvac_mode", target: { entity_id: "climate.hallway" }, data: { hvac_mode: "heat" } }],
    ]);
  });

  it("contextual weather and temperature: a state trigger on the weather, a numeric one on the outside sensor", () => {
    const gloomy = stored({
      type: "contextual",
      key: "contextual|light.office|on|weather",
      entities: ["light.office"],
      summary:
        "Office light turns on in cloudy, rainy weather: 40 of 52 times, though it is like that 31 % of the time",
      support: 40,
      opportunities: 52,
      evidence: { days: [] },
      params: { state: "on", context: "weather", weather: ["cloudy", "rainy"], otherwiseUsed: 2, otherwise: 30 },
    });
    expect(loadable(suggestAutomation(gloomy, household)).config).toEqual({
      alias: "Office light on in cloudy or rainy weather",
      description:
        "Turns on Office light when Forecast Home turns cloudy or rainy during the day when someone is home. " +
        "Learned by Home Patterns: Office light turns on in cloudy, rainy weather: 40 of 52 times, though it is like that 31 % of the time. " +
        "Evidence: 40 of 52 times, confidence 70 %.",
      trigger: [{ platform: "state", entity_id: "weather.home", not_from: NOT_FROM, to: ["cloudy", "rainy"] }],
      condition: [SOMEONE_HOME, { condition: "sun", after: "sunrise", before: "sunset" }],
      action: [{ service: "light.turn_on", target: { entity_id: "light.office" } }],
      mode: "single",
    });
    const cold = stored({
      type: "contextual",
      key: "contextual|switch.space_heater|on|temperature_below",
      entities: ["switch.space_heater"],
      params: { state: "on", context: "temperature_below", belowCelsius: 5, otherwiseUsed: 2, otherwise: 30 },
    });
    const config = loadable(suggestAutomation(cold, household)).config!;
    expect([config.alias, config.trigger, config.condition]).toEqual([
      "Space heater on below 5 °C outside",
      [{ platform: "numeric_state", entity_id: "sensor.outside_temperature", below: 5 }],
      [SOMEONE_HOME],
    ]);
    // A sensor in °F: numeric_state compares its own readings, so the threshold is told in °F.
    const fahrenheit = loadable(suggestAutomation(cold, { ...household, outsideTemperatureUnit: "°F" })).config!;
    expect([fahrenheit.alias, fahrenheit.description?.split(". ")[0], fahrenheit.trigger]).toEqual([
      "Space heater on below 5 °F outside",
      "Turns on Space heater when it gets colder than 5 °F outside (sensor.outside_temperature) when someone is home",
      [{ platform: "numeric_state", entity_id: "sensor.outside_temperature", below: 5 }],
    ]);
  });
});

describe("patterns without an automation say why", () => {
  const reasonFor = (pattern: Parameters<typeof suggestAutomation>[0]) => {
    const s = suggestAutomation(pattern, household);
    expect([s.config, s.yaml, s.automationId]).toEqual([null, null, null]);
    return s.reason;
  };

  it("room_based, anomaly, session and seasonal describe the home, not a routine to repeat", () => {
    const of = (type: "room_based" | "anomaly" | "session" | "seasonal") =>
      reasonFor(stored({ type, key: `${type}|x`, entities: ["light.kitchen"], params: SAMPLE_PARAMS[type] }));
    expect(of("room_based")).toBe(
      "Room activity says when an area is usually busy; it names no device to switch, so there is nothing to automate. Its per-area sensors can serve as conditions in your own automations.",
    );
    expect(of("anomaly")).toBe(
      "An anomaly is a departure from habit, not a routine to repeat. To react to anomalies, trigger an automation on the home_patterns_anomaly event.",
    );
    expect(of("session")).toBe(
      "A session is a burst of activity across the home with a usual start time; it is not one device's routine, so no single automation repeats it.",
    );
    expect(of("seasonal")).toBe(
      "A seasonal trend says a device is used more in some months; it has no moment or trigger an automation could act on.",
    );
  });

  it("an already automated habit, a dismissed pattern", () => {
    expect(reasonFor({ ...kitchenWeekdayMorning, automated: true })).toBe(
      "Home Assistant already does this: most of its occurrences were caused by an automation or script.",
    );
    expect(reasonFor({ ...kitchenWeekdayMorning, status: "dismissed" })).toBe(
      "The pattern is dismissed; only active and accepted patterns get suggestions.",
    );
  });

  it("a follower nothing can switch, an unlock, a garage door", () => {
    const pair = (follower: { entity: string; state: string }) =>
      stored({
        type: "co_occurrence",
        key: `co_occurrence|light.hallway|on|${follower.entity}|${follower.state}`,
        entities: ["light.hallway", follower.entity],
        params: sampleParams("co_occurrence", {
          trigger: { entity: "light.hallway", state: "on" },
          follower,
          windowSeconds: 30,
        }),
      });
    expect(reasonFor(pair({ entity: "binary_sensor.hallway_motion", state: "on" }))).toBe(
      "Home Assistant cannot switch binary_sensor.hallway_motion: a binary_sensor only reports what happens.",
    );
    expect(reasonFor(pair({ entity: "lock.front_door", state: "unlocked" }))).toBe(
      "Home Patterns does not suggest unlocking lock.front_door automatically: a learned habit is not proof that it is safe.",
    );
    expect(reasonFor(pair({ entity: "cover.garage_door", state: "open" }))).toBe(
      "Home Patterns does not suggest opening cover.garage_door unattended: a door or gate left open is a security risk.",
    );
  });

  it("day_type on some days only: no time to trigger at", () => {
    const officeDays = stored({
      type: "day_type",
      key: "day_type|light.office|on|days|24",
      entities: ["light.office"],
      params: { state: "on", kind: "days", weekdays: [2, 4], dayType: "Wednesdays and Fridays" },
    });
    expect(reasonFor(officeDays)).toBe(
      "It says on which days this happens (Wednesdays and Fridays) but not at what time, so there is no moment to trigger on; its time of day, where there is one, appears as a time_based pattern.",
    );
  });

  it("a context the household cannot observe: no people, no weather entity", () => {
    const alone = { ...household, people: [], weatherEntities: [] };
    expect(suggestAutomation(hallwayOffWhenEmpty, alone).reason).toBe(
      "No person entities are known, so nothing can tell when people leave or come home.",
    );
    const gloomy = stored({
      type: "contextual",
      key: "k",
      entities: ["light.office"],
      params: { state: "on", context: "weather", weather: ["rainy"], otherwiseUsed: 2, otherwise: 30 },
    });
    expect(suggestAutomation(gloomy, alone).reason).toBe("No weather entity is known to trigger on.");
  });

  it("a sequence whose later steps are all sensors", () => {
    const chain = stored({
      type: "sequence",
      key: "sequence|light.hallway|on>binary_sensor.hallway_motion|on",
      entities: ["light.hallway", "binary_sensor.hallway_motion"],
      params: sampleParams("sequence", {
        steps: [
          { entity: "light.hallway", state: "on" },
          { entity: "binary_sensor.hallway_motion", state: "on" },
        ],
        meanGapSeconds: [4],
      }),
    });
    expect(reasonFor(chain)).toBe(
      "Nothing after the first step can be switched: Home Assistant cannot switch binary_sensor.hallway_motion: a binary_sensor only reports what happens.",
    );
  });
});
