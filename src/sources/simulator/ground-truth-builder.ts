// Writes the planted routines out as typed ground truth, from the same numbers the simulation draws from.
import { formatDay } from "../../core/local-time.js";
import type { SimulationWorld } from "./day-context.js";
import type {
  AreaActivityRoutine,
  AreaTransitionRoutine,
  DetectorType,
  LocalClockTime,
  PlantedRoutine,
  SessionRoutine,
} from "./ground-truth.js";
import { EVERY_DAY, HEATING_MONTHS, HOME_OFFICE_DAYS, hm, PLAN, ROUTINE_ID, WEEKDAYS, WEEKEND, formatMinute, type Timing } from "./routine-catalog.js";
import { GLOOMY_WEATHER } from "./weather-model.js";

const clock = (t: Timing): LocalClockTime => ({ time: formatMinute(t.minute), minuteOfDay: t.minute, toleranceMinutes: t.tolerance });
const window = (from: string, to: string, tolerance = 15): [LocalClockTime, LocalClockTime] => [
  clock({ minute: hm(from), tolerance }),
  clock({ minute: hm(to), tolerance }),
];

const SAM = "person.sam";
const ALEX = "person.alex";
const INDOOR_LIGHTS = ["light.kitchen", "light.hallway", "light.bedroom", "light.bathroom", "light.living_room", "light.office"];
const base = {
  automated: false,
  userId: null,
  alsoDetectableAs: [] as DetectorType[],
};

/** Every planted routine (anomalies are added by the caller for the days asked about). */
export function plantedRoutines(world: SimulationWorld, referenceYear: number): PlantedRoutine[] {
  const p = PLAN;
  const seq = p.morningSequence.gapsSeconds;
  const userOf = (person: string) => world.residents.find((r) => r.person === person)?.userId ?? null;
  const sequenceStart = (t: Timing): LocalClockTime => clock({ minute: t.minute + 8.5, tolerance: t.tolerance + 3.5 });
  const heaterShare = spaceHeaterShare(world, referenceYear);
  const heaterMonths = Object.entries(heaterShare).filter(([, share]) => share >= 0.25).map(([m]) => Number(m));
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const inSeason = mean(heaterMonths.map((m) => heaterShare[m]));
  const offSeason = mean(Object.keys(heaterShare).map(Number).filter((m) => !heaterMonths.includes(m)).map((m) => heaterShare[m]));

  return [
    { ...base, id: ROUTINE_ID.kitchenLight, type: "time_based", description: "Alex switches the kitchen light on on weekday mornings", entities: ["light.kitchen"], area: "kitchen", weekdays: [...WEEKDAYS], probability: p.alex.kitchenLightProbability, resident: ALEX, target: { entity: "light.kitchen", state: "on" }, at: clock(p.alex.kitchenArrival), alsoDetectableAs: ["day_type", "session"] },
    { ...base, id: ROUTINE_ID.wakeUp, type: "day_type", description: "Sam's bedroom light at wake-up: early on weekdays, late at weekends", entities: ["light.bedroom"], area: "bedroom", weekdays: [...EVERY_DAY], probability: p.sam.wakeLightProbability, resident: SAM, target: { entity: "light.bedroom", state: "on" }, byDayType: { weekday: clock(p.sam.wake.weekday), weekend: clock(p.sam.wake.weekend) }, alsoDetectableAs: ["time_based", "session"] },
    { ...base, id: ROUTINE_ID.morningSequence, type: "sequence", description: "Bedroom light off, through the hallway, bathroom light on, fan on", entities: ["light.bedroom", "binary_sensor.hallway_motion", "light.bathroom", "switch.bathroom_fan"], area: "bathroom", weekdays: [...EVERY_DAY], probability: p.morningSequence.probability, resident: SAM, steps: [{ entity: "light.bedroom", state: "off" }, { entity: "binary_sensor.hallway_motion", state: "on" }, { entity: "light.bathroom", state: "on" }, { entity: "switch.bathroom_fan", state: "on" }], gapSeconds: seq.map((g) => ({ ...g })), windowSeconds: seq.reduce((sum, g) => sum + g.max, 0), startsAt: { weekday: sequenceStart(p.sam.wake.weekday), weekend: sequenceStart(p.sam.wake.weekend) }, alsoDetectableAs: ["co_occurrence", "time_based", "day_type"] },
    { ...base, id: ROUTINE_ID.bathroomFan, type: "duration", description: "The bathroom fan runs about a quarter of an hour after the morning shower", entities: ["switch.bathroom_fan"], area: "bathroom", weekdays: [...EVERY_DAY], probability: p.morningSequence.probability, resident: SAM, target: { entity: "switch.bathroom_fan", state: "on" }, endState: "off", minutes: durationStats(p.bathroomFan.meanMinutes, p.bathroomFan.toleranceMinutes), alsoDetectableAs: ["time_based", "day_type", "co_occurrence"] },
    { ...base, id: ROUTINE_ID.coffee, type: "duration", description: "Alex's coffee maker runs about four minutes each morning", entities: ["switch.coffee_maker"], area: "kitchen", weekdays: [...EVERY_DAY], probability: p.coffee.probability, resident: ALEX, target: { entity: "switch.coffee_maker", state: "on" }, endState: "off", minutes: durationStats(p.coffee.meanMinutes, p.coffee.toleranceMinutes), alsoDetectableAs: ["time_based", "day_type", "co_occurrence"] },
    { ...base, id: ROUTINE_ID.hallwayLight, type: "co_occurrence", description: "Whoever walks through the windowless hallway switches its light on", entities: ["binary_sensor.hallway_motion", "light.hallway"], area: "hallway", weekdays: [...EVERY_DAY], probability: p.hallwayLight.probability, resident: null, trigger: { entity: "binary_sensor.hallway_motion", state: "on" }, follower: { entity: "light.hallway", state: "on" }, windowSeconds: p.hallwayLight.windowSeconds, delaySeconds: { ...p.hallwayLight.delaySeconds }, alsoDetectableAs: ["sequence"] },
    { ...base, id: ROUTINE_ID.livingRoomSunset, type: "contextual", description: "Living room light on ten minutes after sunset (by voice, so events carry the speaker's user id)", entities: ["light.living_room", "sun.sun"], area: "living_room", weekdays: [...EVERY_DAY], probability: p.livingRoomSunset.probability, resident: null, condition: "someone is home 10 minutes after sunset; otherwise it goes on 1–3 minutes after the first arrival after sunset", target: { entity: "light.living_room", state: "on" }, context: { kind: "sun", entity: "sun.sun", event: "sunset", offsetMinutes: p.livingRoomSunset.offsetMinutes, toleranceMinutes: p.livingRoomSunset.toleranceMinutes } },
    { ...base, id: ROUTINE_ID.porchOn, type: "contextual", automated: true, description: "An automation switches the porch light on at sunset", entities: ["light.porch", "sun.sun"], area: "entrance", weekdays: [...EVERY_DAY], probability: 1, resident: null, condition: "sunset before 22:50", target: { entity: "light.porch", state: "on" }, context: { kind: "sun", entity: "sun.sun", event: "sunset", offsetMinutes: 0, toleranceMinutes: 0.05 }, alsoDetectableAs: ["co_occurrence"] },
    { ...base, id: ROUTINE_ID.porchOff, type: "time_based", automated: true, description: "The same automation switches the porch light off at 23:00", entities: ["light.porch"], area: "entrance", weekdays: [...EVERY_DAY], probability: 1, resident: null, condition: "sunset before 22:50", target: { entity: "light.porch", state: "off" }, at: clock({ minute: p.porch.offAt, tolerance: 0.05 }) },
    { ...base, id: ROUTINE_ID.lightsOffWhenEmpty, type: "contextual", automated: true, description: "An automation switches the indoor lights off when the last person leaves (light.kitchen is the one usually still on)", entities: [...INDOOR_LIGHTS, ALEX, SAM], area: null, weekdays: [...EVERY_DAY], probability: 1, resident: null, condition: "everyone has left (Mon, Tue, Thu mornings; weekend errands) and the light was on", target: { entity: "light.kitchen", state: "off" }, context: { kind: "presence", event: "everyone_left", entities: [ALEX, SAM], delaySeconds: { ...p.lightsOffWhenEmpty.delaySeconds } } },
    { ...base, id: ROUTINE_ID.heatingOff, type: "contextual", description: "Sam turns the heating off in the app once everyone has left", entities: ["climate.living_room", ALEX, SAM], area: "living_room", weekdays: [...EVERY_DAY], probability: 1, resident: SAM, userId: userOf(SAM), months: [...HEATING_MONTHS], condition: "everyone has left, heating season", target: { entity: "climate.living_room", state: "off" }, context: { kind: "presence", event: "everyone_left", entities: [ALEX, SAM], delaySeconds: { ...p.heating.offDelaySeconds } }, alsoDetectableAs: ["seasonal"] },
    { ...base, id: ROUTINE_ID.heatingOn, type: "contextual", description: "Sam turns the heating back on in the app when the first one comes home", entities: ["climate.living_room", ALEX, SAM], area: "living_room", weekdays: [...EVERY_DAY], probability: 1, resident: SAM, userId: userOf(SAM), months: [...HEATING_MONTHS], condition: "first arrival after everyone had left, heating season", target: { entity: "climate.living_room", state: "heat" }, context: { kind: "presence", event: "first_arrived", entities: [ALEX, SAM], delaySeconds: { ...p.heating.onDelaySeconds } }, alsoDetectableAs: ["seasonal"] },
    { ...base, id: ROUTINE_ID.officeLight, type: "contextual", description: "Sam switches the office light on when working from home on a gloomy day", entities: ["light.office", "weather.home"], area: "office", weekdays: [...HOME_OFFICE_DAYS], probability: p.officeLight.probability, resident: SAM, condition: "Sam sits down in the office (about 08:45 and after lunch)", target: { entity: "light.office", state: "on" }, context: { kind: "weather", entity: "weather.home", states: [...GLOOMY_WEATHER], otherwiseProbability: p.officeLight.otherwiseProbability } },
    { ...base, id: ROUTINE_ID.spaceHeater, type: "contextual", description: "Sam switches the office space heater on when it is cold outside", entities: ["switch.space_heater", "sensor.outside_temperature"], area: "office", weekdays: [...HOME_OFFICE_DAYS], probability: p.spaceHeater.probability, resident: SAM, condition: "Sam sits down in the office and it is below 5 °C outside", target: { entity: "switch.space_heater", state: "on" }, context: { kind: "temperature", entity: "sensor.outside_temperature", below: p.spaceHeater.belowCelsius }, alsoDetectableAs: ["seasonal"] },
    { ...base, id: ROUTINE_ID.spaceHeaterSeason, type: "seasonal", description: "The space heater is a winter thing (it follows the cold)", entities: ["switch.space_heater"], area: "office", weekdays: [...HOME_OFFICE_DAYS], probability: inSeason, resident: SAM, target: { entity: "switch.space_heater", state: "on" }, months: heaterMonths, inSeasonProbability: inSeason, offSeasonProbability: offSeason, at: clock(p.sam.officeStart), monthlyShare: heaterShare, alsoDetectableAs: ["contextual"] },
    { ...base, id: ROUTINE_ID.gardenLight, type: "seasonal", description: "Summer weekend evenings in the garden with the garden light on", entities: ["light.garden"], area: "garden", weekdays: [...WEEKEND], probability: p.garden.inSeason, resident: SAM, target: { entity: "light.garden", state: "on" }, months: [...p.garden.months], inSeasonProbability: p.garden.inSeason, offSeasonProbability: p.garden.offSeason, at: clock(p.garden.on), alsoDetectableAs: ["duration"] },
    { ...base, id: ROUTINE_ID.tv, type: "day_type", description: "The evening TV goes on later at weekends", entities: ["media_player.living_room_tv"], area: "living_room", weekdays: [...EVERY_DAY], probability: p.tv.probability, resident: null, condition: "not on garden evenings", target: { entity: "media_player.living_room_tv", state: "on" }, byDayType: { weekday: clock(p.tv.weekday), weekend: clock(p.tv.weekend) }, alsoDetectableAs: ["time_based", "session", "duration"] },
    ...sessions(),
    ...areaActivity(world),
    ...areaTransitions(world),
  ];
}

function durationStats(mean: number, tolerance: number) {
  return { mean, sd: tolerance / 2, min: mean - tolerance, max: mean + tolerance };
}

function sessions(): SessionRoutine[] {
  const morning = ["light.bedroom", "light.bathroom", "switch.bathroom_fan", "light.kitchen", "switch.coffee_maker", "light.hallway", "binary_sensor.hallway_motion", "binary_sensor.kitchen_motion", "binary_sensor.bathroom_motion", "binary_sensor.front_door"];
  const evening = ["light.living_room", "media_player.living_room_tv", "binary_sensor.living_room_motion", "binary_sensor.kitchen_motion", "light.hallway", "light.bedroom"];
  const make = (id: string, name: string, weekdays: readonly number[], [start, end]: [LocalClockTime, LocalClockTime], entities: string[], areas: string[], description: string): SessionRoutine => ({
    ...base, id, type: "session", name, description, entities, area: null, weekdays: [...weekdays], probability: 0.95, resident: null, start, end, areas, alsoDetectableAs: ["room_based"],
  });
  return [
    make("session-weekday-morning", "weekday morning", WEEKDAYS, window("06:45", "08:15", 12), morning, ["bedroom", "bathroom", "kitchen", "hallway"], "Both get up, shower, breakfast, leave"),
    make("session-weekend-morning", "weekend morning", WEEKEND, window("08:10", "09:45", 20), morning, ["bedroom", "bathroom", "kitchen", "hallway"], "A slower weekend morning"),
    make("session-evening", "evening", EVERY_DAY, window("17:45", "23:10", 20), evening, ["kitchen", "living_room", "hallway", "bedroom"], "Cooking, the sofa, TV, bed"),
  ];
}

function areaActivity(world: SimulationWorld): AreaActivityRoutine[] {
  const make = (area: string, weekdays: readonly number[], from: string, to: string, resident: string, description: string): AreaActivityRoutine => {
    const [fromTime, toTime] = window(from, to, 15);
    const hoursOfWeek = weekdays.flatMap((d) => hoursBetween(hm(from), hm(to)).map((h) => d * 24 + h));
    return { ...base, id: `area-${area}-${weekdays.length === 7 ? "daily" : weekdays.join("")}-${from.replace(":", "")}`, type: "room_based", kind: "area_activity", description, entities: [], area, weekdays: [...weekdays], probability: 0.9, resident, from: fromTime, to: toTime, hoursOfWeek };
  };
  return [
    make("kitchen", WEEKDAYS, "06:55", "07:40", ALEX, "Alex's weekday breakfast"),
    make("bathroom", WEEKDAYS, "06:55", "07:15", SAM, "Sam's weekday shower"),
    make("bathroom", WEEKEND, "08:40", "09:00", SAM, "Sam's weekend shower"),
    make("kitchen", WEEKEND, "08:10", "09:15", ALEX, "Weekend breakfast"),
    make("office", HOME_OFFICE_DAYS, "08:45", "16:45", SAM, "Sam works from home on Wednesdays and Fridays"),
    make("kitchen", EVERY_DAY, "18:00", "18:50", SAM, "Sam cooks dinner"),
    make("living_room", EVERY_DAY, "19:00", "22:45", ALEX, "Evenings on the sofa"),
    make("bedroom", EVERY_DAY, "22:45", "23:20", SAM, "Going to bed"),
  ].map((r) => ({ ...r, entities: motionSensors(world, [r.area]) }));
}

function areaTransitions(world: SimulationWorld): AreaTransitionRoutine[] {
  const make = (fromArea: string, toArea: string, via: string | null, weekdays: readonly number[], time: string, tolerance: number, resident: string, description: string): AreaTransitionRoutine => ({
    ...base, id: `transition-${fromArea}-${toArea}-${time.replace(":", "")}`, type: "room_based", kind: "area_transition", description, entities: motionSensors(world, [fromArea, via, toArea]), area: toArea, weekdays: [...weekdays], probability: 0.9, resident, fromArea, toArea, via, at: clock({ minute: hm(time), tolerance }),
  });
  return [
    make("bedroom", "bathroom", "hallway", WEEKDAYS, "06:54", 14, SAM, "Sam from bed to the shower"),
    make("bedroom", "bathroom", "hallway", WEEKEND, "08:39", 24, SAM, "Sam from bed to the shower"),
    make("bedroom", "kitchen", "hallway", WEEKDAYS, "06:55", 8, ALEX, "Alex straight to the kitchen"),
    make("kitchen", "office", "hallway", HOME_OFFICE_DAYS, "08:45", 15, SAM, "Sam to the desk"),
    make("living_room", "kitchen", "hallway", EVERY_DAY, "18:00", 15, SAM, "Sam starts cooking"),
    make("living_room", "bedroom", "hallway", EVERY_DAY, "22:45", 15, ALEX, "Alex goes to bed"),
    make("entrance", "living_room", "hallway", WEEKDAYS, "17:45", 25, ALEX, "Alex home from work"),
  ];
}

function motionSensors(world: SimulationWorld, areas: (string | null)[]): string[] {
  return areas.flatMap((a) => (a === null ? [] : world.motionByArea.get(a) ?? []));
}

/** Local hours touched by [from, to) minutes. */
function hoursBetween(from: number, to: number): number[] {
  const hours: number[] = [];
  for (let h = Math.floor(from / 60); h * 60 < to; h++) hours.push(h);
  return hours;
}

/** Share of home-office days per month on which it is below the heater's threshold at office time, from the weather model. */
function spaceHeaterShare(world: SimulationWorld, year: number): Record<number, number> {
  const share: Record<number, number> = {};
  for (let month = 1; month <= 12; month++) {
    let cold = 0;
    let days = 0;
    for (let d = 1; d <= 31; d++) {
      const date = new Date(Date.UTC(year, month - 1, d));
      if (date.getUTCMonth() !== month - 1) break;
      const day = formatDay(year, month, d);
      const ts = world.local.toEpoch(day, PLAN.sam.officeStart.minute);
      days++;
      if (world.weather.outsideTemperatureAt(ts) < PLAN.spaceHeater.belowCelsius) cold++;
    }
    share[month] = Math.round((PLAN.spaceHeater.probability * cold * 1000) / days) / 1000;
  }
  return share;
}
