// Writes the planted routines out as typed ground truth, from the same numbers the simulation draws from.
import type { SimulationWorld } from "../../../src/sources/simulator/day-context.js";
import { EVERY_DAY, PLAN, ROUTINE_ID, type Timing, WEEKDAYS } from "../../../src/sources/simulator/routine-catalog.js";
import type { LocalClockTime, PlantedRoutine } from "./ground-truth.js";
import { contextRoutines } from "./ground-truth-context.js";
import { eveningRoutines } from "./ground-truth-evening.js";
import { ALEX, clock, manual, SAM } from "./ground-truth-parts.js";
import { roomRoutines } from "./ground-truth-rooms.js";

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** Every planted routine (anomalies are added by the caller for the days asked about). */
export function plantedRoutines(world: SimulationWorld, referenceYear: number): PlantedRoutine[] {
  return [...clockRoutines(), ...eveningRoutines(), ...contextRoutines(world, referenceYear), ...roomRoutines()];
}

/** A duration drawn normally around mean and clamped to ± tolerance (Prng.around). */
function durationStats(mean: number, tolerance: number) {
  return { mean, sd: tolerance / 2, min: mean - tolerance, max: mean + tolerance };
}

/** A duration drawn uniformly between min and max (Prng.uniform). */
function uniformDurationStats({ min, max }: { min: number; max: number }) {
  return { mean: (min + max) / 2, sd: Math.round(((max - min) / Math.sqrt(12)) * 100) / 100, min, max };
}

/** Routines tied to the clock: time of day, day type, sequence, pair and duration. */
function clockRoutines(): PlantedRoutine[] {
  const p = PLAN;
  const gaps = p.morningSequence.gapsSeconds;
  const sequenceStart = (t: Timing): LocalClockTime => clock({ minute: t.minute + 8.5, tolerance: t.tolerance + 3.5 });
  return [
    {
      ...manual,
      id: ROUTINE_ID.kitchenLight,
      type: "time_based",
      description:
        "Alex switches the kitchen light on on weekday mornings; it stays on until Sam leaves (the everyone-left automation, about " +
        "08:15) or, on home-office days, goes to the office (about 08:45): on for about 1 h 20 or 1 h 50 (alex-day.ts, household.ts, sam-day.ts)",
      entities: ["light.kitchen"],
      area: "kitchen",
      weekdays: [...WEEKDAYS],
      probability: p.alex.kitchenLightProbability,
      resident: ALEX,
      target: { entity: "light.kitchen", state: "on" },
      at: clock(p.alex.kitchenArrival),
      alsoDetectableAs: ["day_type", "session", "duration"],
    },
    {
      ...manual,
      id: ROUTINE_ID.wakeUp,
      type: "day_type",
      description: "Sam's bedroom light at wake-up: early on weekdays, late at weekends",
      entities: ["light.bedroom"],
      area: "bedroom",
      weekdays: [...EVERY_DAY],
      probability: p.sam.wakeLightProbability,
      resident: SAM,
      target: { entity: "light.bedroom", state: "on" },
      byDayType: { weekday: clock(p.sam.wake.weekday), weekend: clock(p.sam.wake.weekend) },
      alsoDetectableAs: ["time_based", "session"],
    },
    {
      ...manual,
      id: ROUTINE_ID.morningSequence,
      type: "sequence",
      description: "Bedroom light off, through the hallway, bathroom light on, fan on",
      entities: ["light.bedroom", "binary_sensor.hallway_motion", "light.bathroom", "switch.bathroom_fan"],
      area: "bathroom",
      weekdays: [...EVERY_DAY],
      // The first step needs the wake-up light to have been switched on.
      probability: Math.round(p.morningSequence.probability * p.sam.wakeLightProbability * 100) / 100,
      resident: SAM,
      steps: [
        { entity: "light.bedroom", state: "off" },
        { entity: "binary_sensor.hallway_motion", state: "on" },
        { entity: "light.bathroom", state: "on" },
        { entity: "switch.bathroom_fan", state: "on" },
      ],
      gapSeconds: gaps.map((g) => ({ ...g })),
      windowSeconds: gaps.reduce((sum, g) => sum + g.max, 0),
      startsAt: { weekday: sequenceStart(p.sam.wake.weekday), weekend: sequenceStart(p.sam.wake.weekend) },
      alsoDetectableAs: ["co_occurrence", "time_based", "day_type"],
    },
    {
      ...manual,
      id: ROUTINE_ID.bathroomFan,
      type: "duration",
      description: "The bathroom fan runs about a quarter of an hour after the morning shower",
      entities: ["switch.bathroom_fan"],
      area: "bathroom",
      weekdays: [...EVERY_DAY],
      probability: p.morningSequence.probability,
      resident: SAM,
      target: { entity: "switch.bathroom_fan", state: "on" },
      endState: "off",
      minutes: durationStats(p.bathroomFan.meanMinutes, p.bathroomFan.toleranceMinutes),
      alsoDetectableAs: ["time_based", "day_type", "co_occurrence"],
    },
    {
      ...manual,
      id: ROUTINE_ID.bathroomLight,
      type: "duration",
      description:
        "Sam's bathroom light stays on for the morning shower (sam-day.ts morningBathroom, PLAN.shower.minutes): on as Sam arrives, " +
        "off as Sam leaves",
      entities: ["light.bathroom"],
      area: "bathroom",
      weekdays: [...EVERY_DAY],
      probability: p.morningSequence.probability,
      resident: SAM,
      target: { entity: "light.bathroom", state: "on" },
      endState: "off",
      minutes: uniformDurationStats(p.shower.minutes),
    },
    {
      ...manual,
      id: ROUTINE_ID.coffee,
      type: "duration",
      description: "Alex's coffee maker runs about four minutes each morning",
      entities: ["switch.coffee_maker"],
      area: "kitchen",
      weekdays: [...EVERY_DAY],
      probability: p.coffee.probability,
      resident: ALEX,
      target: { entity: "switch.coffee_maker", state: "on" },
      endState: "off",
      minutes: durationStats(p.coffee.meanMinutes, p.coffee.toleranceMinutes),
      alsoDetectableAs: ["time_based", "day_type", "co_occurrence"],
    },
    {
      ...manual,
      id: ROUTINE_ID.hallwayLight,
      type: "co_occurrence",
      description:
        "Whoever walks through the windowless hallway switches its light on; it goes off PLAN.hallwayLight.onSeconds (1–4 min) after " +
        "the last pass, a steady on-duration where passes seldom overlap (household.ts hallwayLight)",
      entities: ["binary_sensor.hallway_motion", "light.hallway"],
      area: "hallway",
      weekdays: [...EVERY_DAY],
      probability: p.hallwayLight.probability,
      resident: null,
      trigger: { entity: "binary_sensor.hallway_motion", state: "on" },
      follower: { entity: "light.hallway", state: "on" },
      windowSeconds: p.hallwayLight.windowSeconds,
      delaySeconds: { ...p.hallwayLight.delaySeconds },
      alsoDetectableAs: ["sequence", "duration"],
    },
    {
      ...manual,
      id: ROUTINE_ID.porchOff,
      type: "time_based",
      automated: true,
      description: "The porch automation switches the light off at 23:00",
      entities: ["light.porch"],
      area: "entrance",
      weekdays: [...EVERY_DAY],
      probability: 1,
      resident: null,
      condition: "sunset before 22:50",
      target: { entity: "light.porch", state: "off" },
      at: clock({ minute: p.porch.offAt, tolerance: 0.05 }),
    },
    {
      ...manual,
      id: ROUTINE_ID.tv,
      type: "day_type",
      description:
        "The evening TV goes on later at weekends (day-plan.ts decideDay). In the garden months (PLAN.garden.months) a weekend " +
        "evening goes to the garden instead on PLAN.garden.inSeason of them and the TV stays off, so the weekend TV is seen on " +
        "about a quarter of summer weekends and only the weekday time is a habit then: the routine is the weekday-weekend " +
        "difference of the other months",
      entities: ["media_player.living_room_tv"],
      area: "living_room",
      weekdays: [...EVERY_DAY],
      probability: p.tv.probability,
      resident: null,
      months: MONTHS.filter((m) => !(p.garden.months as readonly number[]).includes(m)),
      condition: "not on garden evenings",
      target: { entity: "media_player.living_room_tv", state: "on" },
      byDayType: { weekday: clock(p.tv.weekday), weekend: clock(p.tv.weekend) },
      alsoDetectableAs: ["time_based", "session", "duration"],
    },
  ];
}
