// Catalog patterns as the detectors report them, and a household to suggest automations for.
import type { Finding } from "../../../src/patterns/finding.js";
import type { StoredPattern } from "../../../src/patterns/pattern-store.js";
import type { SuggestionContext } from "../../../src/patterns/suggestions/automation-draft.js";

export const T0 = Date.UTC(2026, 10, 30, 3, 0, 0);

const NAMES: Record<string, string> = {
  "light.kitchen": "Kitchen light",
  "light.hallway": "Hallway light",
  "light.bedroom": "Bedroom light",
  "light.bathroom": "Bathroom light",
  "light.living_room": "Living room light",
  "light.porch": "Porch light",
  "binary_sensor.hallway_motion": "Hallway motion",
  "fan.bathroom": "Bathroom fan",
  "switch.coffee_maker": "Coffee maker",
  "climate.living_room": "Living room thermostat",
  "lock.front_door": "Front door lock",
  "media_player.tv": "TV",
  "person.alex": "Alex",
  "person.sam": "Sam",
  "light.office": "Office light",
  "switch.space_heater": "Space heater",
  "climate.hallway": "Hallway thermostat",
  "weather.home": "Forecast Home",
};

export const household: SuggestionContext = {
  nameOf: (entity) => NAMES[entity] ?? entity,
  people: ["person.alex", "person.sam"],
  weatherEntities: ["weather.home"],
  outsideTemperatureSensors: ["sensor.outside_temperature"],
  outsideTemperatureUnit: "°C",
};

export function stored(
  finding: Partial<Omit<Finding, "type" | "params">> & Pick<Finding, "type" | "key" | "entities" | "params">,
  extra: Partial<StoredPattern> = {},
): StoredPattern {
  return {
    id: 1,
    area: null,
    summary: "",
    confidence: 0.7,
    support: 20,
    opportunities: 28,
    usefulness: 0.7,
    automated: false,
    users: [],
    evidence: { days: ["2026-11-02", "2026-11-27"] },
    status: "active",
    snoozedUntil: null,
    firstSeen: T0,
    lastSeen: T0,
    updatedAt: T0,
    missedRuns: 0,
    ...finding,
    ...extra,
    // The fields spread from two partial records: TypeScript cannot follow that type and params still agree.
  } as StoredPattern;
}

/** As TimeBasedDetector reports Alex's weekday kitchen light. */
export const kitchenWeekdayMorning = stored(
  {
    type: "time_based",
    key: "time_based|light.kitchen|on|weekdays|07",
    entities: ["light.kitchen"],
    area: "kitchen",
    summary: "Kitchen light turns on around 06:55 ± 6 min on 18 of 20 weekdays",
    confidence: 0.72,
    support: 18,
    opportunities: 20,
    lift: 9.4,
    evidence: { days: ["2026-11-27", "2026-11-02", "2026-11-13"], minutes: [410, 417, 421] },
    params: {
      state: "on",
      dayType: "weekdays",
      minuteOfDay: 415.4,
      time: "06:55",
      spreadMinutes: 6.2,
      windowMinutes: 60,
    },
  },
  { id: 11 },
);

/** As CoOccurrenceDetector reports the hallway light following hallway motion. */
export const hallwayMotionLight = stored(
  {
    type: "co_occurrence",
    key: "co_occurrence|binary_sensor.hallway_motion|on|light.hallway|on",
    entities: ["binary_sensor.hallway_motion", "light.hallway"],
    area: "hallway",
    summary:
      "Hallway light turns on within 30 s after Hallway motion turns on: 143 of 160 times, 14.2× as often as by chance",
    confidence: 0.84,
    support: 143,
    opportunities: 160,
    lift: 14.2,
    params: {
      trigger: { entity: "binary_sensor.hallway_motion", state: "on" },
      follower: { entity: "light.hallway", state: "on" },
      windowSeconds: 30,
      chanceRate: 0.061,
    },
  },
  { id: 12 },
);

/** As SequenceDetector reports the morning bathroom chain. */
export const morningBathroom = stored(
  {
    type: "sequence",
    key: "sequence|light.bedroom|off>binary_sensor.hallway_motion|on>light.bathroom|on>fan.bathroom|on",
    entities: ["light.bedroom", "binary_sensor.hallway_motion", "light.bathroom", "fan.bathroom"],
    area: null,
    summary:
      "Bedroom light off → Hallway motion on → Bathroom light on → Bathroom fan on, within about 1 min, on 24 of 28 days, usually starting around 06:47",
    confidence: 0.68,
    support: 24,
    opportunities: 28,
    params: {
      steps: [
        { entity: "light.bedroom", state: "off" },
        { entity: "binary_sensor.hallway_motion", state: "on" },
        { entity: "light.bathroom", state: "on" },
        { entity: "fan.bathroom", state: "on" },
      ],
      meanDurationSeconds: 61.5,
      meanGapSeconds: [14.8, 8.9, 37.8],
      startMinuteOfDay: 407.3,
      startTime: "06:47",
      startSpreadMinutes: 21.4,
    },
  },
  { id: 13 },
);

/** As DurationDetector reports the bathroom fan. */
export const bathroomFanDuration = stored(
  {
    type: "duration",
    key: "duration|fan.bathroom",
    entities: ["fan.bathroom"],
    area: "bathroom",
    summary: "Bathroom fan stays on for about 15 min (usually 13 min to 17 min), 22 of 25 times",
    confidence: 0.71,
    support: 22,
    opportunities: 25,
    params: {
      medianSeconds: 905.1,
      lowerQuartileSeconds: 781.2,
      upperQuartileSeconds: 1018.6,
      meanSeconds: 911.4,
      sdSeconds: 96.2,
      minSeconds: 640,
      maxSeconds: 1260,
    },
  },
  { id: 14 },
);

/** As DayTypeDetector reports Sam's wake-up light: earlier on weekdays than at weekends. */
export const bedroomWakeUp = stored(
  {
    type: "day_type",
    key: "day_type|light.bedroom|on|shift",
    entities: ["light.bedroom"],
    area: "bedroom",
    summary:
      "Bedroom light turns on around 06:46 on weekdays (38 of 40) and around 08:31 at weekends (15 of 16), 105 min later",
    confidence: 0.74,
    support: 53,
    opportunities: 56,
    params: {
      state: "on",
      kind: "shift",
      weekdayMinuteOfDay: 405.6,
      weekendMinuteOfDay: 510.8,
      weekdayTime: "06:46",
      weekendTime: "08:31",
      weekdaySpreadMinutes: 5.1,
      weekendSpreadMinutes: 11.7,
      shiftMinutes: 105,
      windowMinutes: 60,
    },
  },
  { id: 15 },
);

/** As ContextualDetector reports the living room light following sunset. */
export const livingRoomSunset = stored(
  {
    type: "contextual",
    key: "contextual|light.living_room|on|sunset",
    entities: ["light.living_room"],
    area: "living_room",
    summary: "Living room light turns on 10 min after sunset (± 3 min, against ± 41 min on the clock) on 49 of 56 days",
    confidence: 0.77,
    support: 49,
    opportunities: 56,
    lift: 13.7,
    params: { state: "on", context: "sunset", offsetMinutes: 10, spreadMinutes: 3.1, clockSpreadMinutes: 41.2 },
  },
  { id: 16 },
);

/** As ContextualDetector reports lights going off after the last person leaves. */
export const hallwayOffWhenEmpty = stored(
  {
    type: "contextual",
    key: "contextual|light.hallway|off|presence_left",
    entities: ["light.hallway"],
    area: "hallway",
    summary:
      "Hallway light turns off when the last person leaves: within 20 min, 31 of the 34 times the last person left while it was on",
    confidence: 0.78,
    support: 31,
    opportunities: 34,
    params: { state: "off", context: "presence_left", windowMinutes: 20 },
  },
  { id: 17 },
);
