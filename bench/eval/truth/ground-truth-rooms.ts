// Ground truth for the household's bursts of activity: the sessions that start its mornings and evenings.

import { PLAN, WEEKDAYS, WEEKEND } from "../../../src/sources/simulator/routine-catalog.js";
import type { LocalClockTime, PlantedRoutine, SessionRoutine } from "./ground-truth.js";
import { clock, manual, wallTime } from "./ground-truth-parts.js";

const MORNING_ENTITIES = [
  "light.bedroom",
  "light.bathroom",
  "switch.bathroom_fan",
  "light.kitchen",
  "switch.coffee_maker",
  "light.hallway",
  "binary_sensor.hallway_motion",
  "binary_sensor.kitchen_motion",
  "binary_sensor.bathroom_motion",
  "binary_sensor.front_door",
];
const EVENING_ENTITIES = [
  "light.living_room",
  "media_player.living_room_tv",
  "binary_sensor.living_room_motion",
  "binary_sensor.kitchen_motion",
  "light.hallway",
  "light.bedroom",
];

/**
 * The household's sessions. Busy hours per area and moves between areas are not written here: they
 * are measured from where the residents really were (SimulatedHome.roomTruth, measured-room-truth.ts).
 */
export function roomRoutines(): PlantedRoutine[] {
  return sessions();
}

function sessions(): SessionRoutine[] {
  const session = (
    id: string,
    name: string,
    weekdays: readonly number[],
    start: LocalClockTime,
    end: LocalClockTime,
    entities: string[],
    areas: string[],
    description: string,
  ): SessionRoutine => ({
    ...manual,
    id,
    type: "session",
    name,
    description,
    entities,
    area: null,
    weekdays: [...weekdays],
    probability: 0.95,
    resident: null,
    start,
    end,
    areas,
    alsoDetectableAs: ["room_based"],
  });
  const morningAreas = ["bedroom", "bathroom", "kitchen", "hallway"];
  return [
    session(
      "session-weekday-morning",
      "weekday morning",
      WEEKDAYS,
      wallTime("06:45", 12),
      wallTime("08:15", 12),
      MORNING_ENTITIES,
      morningAreas,
      "Both get up, shower, have breakfast, leave",
    ),
    session(
      "session-weekend-morning",
      "weekend morning",
      WEEKEND,
      wallTime("08:10", 20),
      wallTime("09:45", 20),
      MORNING_ENTITIES,
      morningAreas,
      "A slower weekend morning",
    ),
    // The house is empty or quiet on weekday afternoons until Sam is back from work (or out of the
    // home office, a quarter of an hour later); at weekends someone is about all day, so no evening
    // burst starts then.
    session(
      "session-evening",
      "weekday evening",
      WEEKDAYS,
      clock(PLAN.sam.backFromWork),
      wallTime("23:10", 20),
      EVENING_ENTITIES,
      ["kitchen", "living_room", "hallway", "bedroom"],
      "Sam home from work or out of the home office, then cooking, the sofa, TV, bed",
    ),
  ];
}
