// Ground truth for where people are: sessions of activity, busy areas per hour of week, area transitions.
import type { SimulationWorld } from "./day-context.js";
import type { AreaActivityRoutine, AreaTransitionRoutine, LocalClockTime, PlantedRoutine, SessionRoutine } from "./ground-truth.js";
import { ALEX, clock, manual, motionSensors, SAM, wallTime } from "./ground-truth-parts.js";
import { EVERY_DAY, HOME_OFFICE_DAYS, hm, PLAN, WEEKDAYS, WEEKEND } from "./routine-catalog.js";

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

export function roomRoutines(world: SimulationWorld): PlantedRoutine[] {
  return [...sessions(), ...areaActivity(world), ...areaTransitions(world)];
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

/** Local hours touched by [from, to) minutes. */
function hoursBetween(from: number, to: number): number[] {
  const hours: number[] = [];
  for (let h = Math.floor(from / 60); h * 60 < to; h++) hours.push(h);
  return hours;
}

function areaActivity(world: SimulationWorld): AreaActivityRoutine[] {
  const active = (
    area: string,
    weekdays: readonly number[],
    from: string,
    to: string,
    resident: string,
    description: string,
  ): AreaActivityRoutine => ({
    ...manual,
    id: `area-${area}-${weekdays.length === 7 ? "daily" : weekdays.join("")}-${from.replace(":", "")}`,
    type: "room_based",
    kind: "area_activity",
    description,
    entities: motionSensors(world, [area]),
    area,
    weekdays: [...weekdays],
    probability: 0.9,
    resident,
    from: wallTime(from, 15),
    to: wallTime(to, 15),
    hoursOfWeek: weekdays.flatMap((d) => hoursBetween(hm(from), hm(to)).map((h) => d * 24 + h)),
  });
  return [
    active("kitchen", WEEKDAYS, "06:55", "07:40", ALEX, "Alex's weekday breakfast"),
    active("bathroom", WEEKDAYS, "06:55", "07:15", SAM, "Sam's weekday shower"),
    active("bathroom", WEEKEND, "08:40", "09:00", SAM, "Sam's weekend shower"),
    active("kitchen", WEEKEND, "08:10", "09:15", ALEX, "Weekend breakfast"),
    active("office", HOME_OFFICE_DAYS, "08:45", "16:45", SAM, "Sam works from home on Wednesdays and Fridays"),
    active("kitchen", EVERY_DAY, "18:00", "18:50", SAM, "Sam cooks dinner"),
    active("living_room", EVERY_DAY, "19:00", "22:45", ALEX, "Evenings on the sofa"),
    active("bedroom", EVERY_DAY, "22:45", "23:20", SAM, "Going to bed"),
  ];
}

function areaTransitions(world: SimulationWorld): AreaTransitionRoutine[] {
  const move = (
    fromArea: string,
    toArea: string,
    weekdays: readonly number[],
    time: string,
    tolerance: number,
    resident: string,
    description: string,
  ): AreaTransitionRoutine => ({
    ...manual,
    id: `transition-${fromArea}-${toArea}-${time.replace(":", "")}`,
    type: "room_based",
    kind: "area_transition",
    description,
    entities: motionSensors(world, [fromArea, "hallway", toArea]),
    area: toArea,
    weekdays: [...weekdays],
    probability: 0.9,
    resident,
    fromArea,
    toArea,
    via: "hallway",
    at: wallTime(time, tolerance),
  });
  return [
    move("bedroom", "bathroom", WEEKDAYS, "06:54", 14, SAM, "Sam from bed to the shower"),
    move("bedroom", "bathroom", WEEKEND, "08:39", 24, SAM, "Sam from bed to the shower"),
    move("bedroom", "kitchen", WEEKDAYS, "06:55", 8, ALEX, "Alex straight to the kitchen"),
    move("kitchen", "office", HOME_OFFICE_DAYS, "08:45", 15, SAM, "Sam to the desk"),
    move("living_room", "kitchen", EVERY_DAY, "18:00", 15, SAM, "Sam starts cooking"),
    move("living_room", "bedroom", EVERY_DAY, "22:45", 15, ALEX, "Alex goes to bed"),
    move("entrance", "living_room", WEEKDAYS, "17:45", 25, ALEX, "Alex home from work"),
  ];
}
