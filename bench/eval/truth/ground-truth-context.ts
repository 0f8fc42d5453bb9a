// Ground truth for routines that follow the sun, presence, weather, temperature and the seasons.
import { formatDay } from "../../../src/core/local-time.js";
import type { SimulationWorld } from "../../../src/sources/simulator/day-context.js";
import {
  EVERY_DAY,
  HEATING_MONTHS,
  HOME_OFFICE_DAYS,
  PLAN,
  ROUTINE_ID,
  WEEKEND,
} from "../../../src/sources/simulator/routine-catalog.js";
import { GLOOMY_WEATHER } from "../../../src/sources/simulator/weather-model.js";
import type { PlantedRoutine } from "./ground-truth.js";
import { ALEX, clock, manual, SAM } from "./ground-truth-parts.js";

const INDOOR_LIGHTS = [
  "light.kitchen",
  "light.hallway",
  "light.bedroom",
  "light.bathroom",
  "light.living_room",
  "light.office",
];
const PEOPLE = [ALEX, SAM];

export function contextRoutines(world: SimulationWorld, referenceYear: number): PlantedRoutine[] {
  const p = PLAN;
  const sam = world.residents.find((r) => r.person === SAM)?.userId ?? null;
  const heaterShare = spaceHeaterShare(world, referenceYear);
  const heaterMonths = Object.keys(heaterShare)
    .map(Number)
    .filter((m) => heaterShare[m] >= 0.25);
  const offMonths = Object.keys(heaterShare)
    .map(Number)
    .filter((m) => !heaterMonths.includes(m));
  const mean = (months: number[]) =>
    months.length === 0
      ? 0
      : Math.round((months.reduce((sum, m) => sum + heaterShare[m], 0) / months.length) * 1000) / 1000;
  return [
    {
      ...manual,
      id: ROUTINE_ID.livingRoomSunset,
      type: "contextual",
      description:
        "Living room light on ten minutes after sunset, by voice (events carry the speaker's user id); the last one to bed switches it " +
        "off (household.ts livingRoomAtSunset), so it stays on from sunset to bedtime, a span that moves only with the sunset over a few weeks",
      entities: ["light.living_room", "sun.sun"],
      area: "living_room",
      weekdays: [...EVERY_DAY],
      probability: p.livingRoomSunset.probability,
      resident: null,
      condition:
        "someone is home 10 minutes after sunset; otherwise it goes on 1–3 minutes after the first arrival after sunset",
      target: { entity: "light.living_room", state: "on" },
      context: {
        kind: "sun",
        entity: "sun.sun",
        event: "sunset",
        offsetMinutes: p.livingRoomSunset.offsetMinutes,
        toleranceMinutes: p.livingRoomSunset.toleranceMinutes,
      },
      alsoDetectableAs: ["duration"],
    },
    {
      ...manual,
      id: ROUTINE_ID.porchOn,
      type: "contextual",
      automated: true,
      description:
        "An automation switches the porch light on at sunset (household.ts porchAutomation); the 23:00 automation switches it off, " +
        "so it stays on from sunset to 23:00, a span that moves only with the sunset over a few weeks",
      entities: ["light.porch", "sun.sun"],
      area: "entrance",
      weekdays: [...EVERY_DAY],
      probability: 1,
      resident: null,
      condition: "sunset before 22:50",
      target: { entity: "light.porch", state: "on" },
      context: { kind: "sun", entity: "sun.sun", event: "sunset", offsetMinutes: 0, toleranceMinutes: 0.05 },
      alsoDetectableAs: ["co_occurrence", "duration"],
    },
    {
      ...manual,
      id: ROUTINE_ID.lightsOffWhenEmpty,
      type: "contextual",
      automated: true,
      description:
        "An automation switches the indoor lights off when the last person leaves (the kitchen light is the one usually on)",
      entities: [...INDOOR_LIGHTS, ...PEOPLE],
      area: null,
      weekdays: [...EVERY_DAY],
      probability: 1,
      resident: null,
      condition: "everyone has left (Monday, Tuesday, Thursday mornings; weekend errands) and the light was on",
      target: { entity: "light.kitchen", state: "off" },
      context: {
        kind: "presence",
        event: "everyone_left",
        entities: PEOPLE,
        delaySeconds: { ...p.lightsOffWhenEmpty.delaySeconds },
      },
    },
    {
      ...manual,
      id: ROUTINE_ID.heatingOff,
      type: "contextual",
      description: "Sam turns the heating off in the app once everyone has left",
      entities: ["climate.living_room", ...PEOPLE],
      area: "living_room",
      weekdays: [...EVERY_DAY],
      probability: 1,
      resident: SAM,
      userId: sam,
      months: [...HEATING_MONTHS],
      condition: "everyone has left, in the heating season",
      target: { entity: "climate.living_room", state: "off" },
      context: {
        kind: "presence",
        event: "everyone_left",
        entities: PEOPLE,
        delaySeconds: { ...p.heating.offDelaySeconds },
      },
      alsoDetectableAs: ["seasonal"],
    },
    {
      ...manual,
      id: ROUTINE_ID.heatingOn,
      type: "contextual",
      description: "Sam turns the heating back on in the app when the first one comes home",
      entities: ["climate.living_room", ...PEOPLE],
      area: "living_room",
      weekdays: [...EVERY_DAY],
      probability: 1,
      resident: SAM,
      userId: sam,
      months: [...HEATING_MONTHS],
      condition: "first arrival after everyone had left, in the heating season",
      target: { entity: "climate.living_room", state: "heat" },
      context: {
        kind: "presence",
        event: "first_arrived",
        entities: PEOPLE,
        delaySeconds: { ...p.heating.onDelaySeconds },
      },
      alsoDetectableAs: ["seasonal"],
    },
    {
      ...manual,
      id: ROUTINE_ID.officeLight,
      type: "contextual",
      description:
        "Sam switches the office light on when working from home on a gloomy day and off on leaving the office (sam-day.ts officeBlock): " +
        "on for a working block, office start to lunch (about 3 h 15) or after lunch to the end of the day (about 4 h)",
      entities: ["light.office", "weather.home"],
      area: "office",
      weekdays: [...HOME_OFFICE_DAYS],
      probability: p.officeLight.probability,
      resident: SAM,
      condition: "Sam sits down in the office (about 08:45 and again after lunch)",
      target: { entity: "light.office", state: "on" },
      context: {
        kind: "weather",
        entity: "weather.home",
        states: [...GLOOMY_WEATHER],
        otherwiseProbability: p.officeLight.otherwiseProbability,
      },
      alsoDetectableAs: ["duration"],
    },
    {
      ...manual,
      id: ROUTINE_ID.spaceHeater,
      type: "contextual",
      description: "Sam switches the office space heater on when it is cold outside",
      entities: ["switch.space_heater", "sensor.outside_temperature"],
      area: "office",
      weekdays: [...HOME_OFFICE_DAYS],
      probability: p.spaceHeater.probability,
      resident: SAM,
      condition: "Sam sits down in the office and it is below 5 °C outside",
      target: { entity: "switch.space_heater", state: "on" },
      context: { kind: "temperature", entity: "sensor.outside_temperature", below: p.spaceHeater.belowCelsius },
      alsoDetectableAs: ["seasonal"],
    },
    {
      ...manual,
      id: ROUTINE_ID.spaceHeaterSeason,
      type: "seasonal",
      description: "The space heater is a winter thing (it follows the cold)",
      entities: ["switch.space_heater"],
      area: "office",
      weekdays: [...HOME_OFFICE_DAYS],
      probability: mean(heaterMonths),
      resident: SAM,
      target: { entity: "switch.space_heater", state: "on" },
      months: heaterMonths,
      inSeasonProbability: mean(heaterMonths),
      offSeasonProbability: mean(offMonths),
      at: clock(p.sam.officeStart),
      monthlyShare: heaterShare,
      alsoDetectableAs: ["contextual"],
    },
    {
      ...manual,
      id: ROUTINE_ID.gardenLight,
      type: "seasonal",
      description: "Summer weekend evenings in the garden with the garden light on",
      entities: ["light.garden"],
      area: "garden",
      weekdays: [...WEEKEND],
      probability: p.garden.inSeason,
      resident: SAM,
      target: { entity: "light.garden", state: "on" },
      months: [...p.garden.months],
      inSeasonProbability: p.garden.inSeason,
      offSeasonProbability: p.garden.offSeason,
      at: clock(p.garden.on),
      alsoDetectableAs: ["duration"],
    },
  ];
}

/** Per month, the share of home-office days on which it is cold enough for the heater at office time. */
function spaceHeaterShare(world: SimulationWorld, year: number): Record<number, number> {
  const share: Record<number, number> = {};
  for (let month = 1; month <= 12; month++) {
    let cold = 0;
    let days = 0;
    for (let d = 1; new Date(Date.UTC(year, month - 1, d)).getUTCMonth() === month - 1; d++) {
      const ts = world.local.toEpoch(formatDay(year, month, d), PLAN.sam.officeStart.minute);
      days++;
      if (world.weather.outsideTemperatureAt(ts) < PLAN.spaceHeater.belowCelsius) cold++;
    }
    share[month] = Math.round((PLAN.spaceHeater.probability * cold * 1000) / days) / 1000;
  }
  return share;
}
