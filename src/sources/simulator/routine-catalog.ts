// The planted routines' numbers, in one place: the day simulation draws from them, the ground truth reports them.

/** A local wall-clock time with a tolerance, in minutes since midnight. */
export interface Timing {
  minute: number;
  tolerance: number;
}

export const hm = (text: string): number => {
  const [h, m] = text.split(":").map(Number);
  return h * 60 + m;
};

const at = (text: string, tolerance: number): Timing => ({ minute: hm(text), tolerance });

export const WEEKDAYS = [0, 1, 2, 3, 4] as const;
export const WEEKEND = [5, 6] as const;
export const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6] as const;
/** Sam works from home on Wednesdays and Fridays; on other weekdays the house empties. */
export const HOME_OFFICE_DAYS = [2, 4] as const;
export const HEATING_MONTHS = [10, 11, 12, 1, 2, 3, 4] as const;

export const PLAN = {
  alex: {
    /** Alex walks into the kitchen and switches the light on (time_based). */
    kitchenArrival: at("06:55", 8),
    kitchenLightProbability: 0.85,
    weekendKitchenArrival: at("08:10", 20),
    leaveForWork: at("07:40", 10),
    backFromWork: at("17:45", 25),
    bedtime: { weekday: at("22:45", 15), weekend: at("23:15", 15) },
  },
  sam: {
    /** Sam's bedroom light at wake-up: the day_type routine. */
    wake: { weekday: at("06:45", 10), weekend: at("08:30", 20) },
    wakeLightProbability: 0.97,
    leaveForWork: at("08:15", 10),
    backFromWork: at("16:30", 20),
    officeStart: at("08:45", 15),
    lunchStart: at("12:00", 15),
    officeEnd: at("16:45", 20),
    cooking: at("18:00", 15),
    bedtime: { weekday: at("23:05", 15), weekend: at("23:30", 10) },
  },
  /** light.bedroom off → hallway motion → light.bathroom on → bathroom fan on. */
  morningSequence: {
    probability: 0.9,
    gapsSeconds: [
      { min: 5, max: 25 },
      { min: 3, max: 15 },
      { min: 10, max: 60 },
    ],
  },
  /** Sam's shower: the bathroom light goes on on arrival and off this many minutes later (uniform). */
  shower: { minutes: { min: 12, max: 20 } },
  bathroomFan: { meanMinutes: 15, toleranceMinutes: 3 },
  coffee: { probability: 0.9, meanMinutes: 4, toleranceMinutes: 1 },
  /** Whoever walks through the windowless hallway switches its light on. */
  hallwayLight: {
    probability: 0.9,
    delaySeconds: { min: 2, max: 20 },
    windowSeconds: 30,
    onSeconds: { min: 60, max: 240 },
  },
  /** A walk from one room to the next (uniform), the arrival motion comes at its end. */
  walkSeconds: { min: 6, max: 20 },
  /**
   * Bedtime: the first one in the bedroom switches its light on a few seconds after arriving, and it
   * goes off a little before the last one falls asleep, some minutes after getting there.
   */
  night: {
    lightOnSeconds: { min: 3, max: 15 },
    fallAsleepMinutes: { min: 5, max: 12 },
    lightOffBeforeAsleepSeconds: { min: 5, max: 30 },
  },
  livingRoomSunset: { offsetMinutes: 10, toleranceMinutes: 5, probability: 0.9 },
  porch: { offAt: hm("23:00"), latestSunset: hm("22:50") },
  lightsOffWhenEmpty: { delaySeconds: { min: 2, max: 8 } },
  heating: { offDelaySeconds: { min: 300, max: 900 }, onDelaySeconds: { min: 60, max: 360 } },
  officeLight: { probability: 0.85, otherwiseProbability: 0.05 },
  spaceHeater: { belowCelsius: 5, probability: 0.9 },
  garden: { months: [5, 6, 7, 8], inSeason: 0.7, offSeason: 0.03, on: at("20:00", 30), off: at("22:15", 15) },
  tv: { probability: 0.85, weekday: at("19:30", 15), weekend: at("20:15", 30), off: at("22:30", 20) },
  weekendErrands: { probability: 0.6, leave: at("11:00", 30), awayMinutes: { min: 90, max: 180 } },
} as const;

/** Routine ids, shared by the ground truth and by anomaly plans. */
export const ROUTINE_ID = {
  kitchenLight: "kitchen-light-weekday-morning",
  wakeUp: "wake-up-bedroom-light",
  morningSequence: "morning-bathroom-sequence",
  bathroomFan: "bathroom-fan-duration",
  coffee: "coffee-maker-duration",
  hallwayLight: "hallway-motion-light",
  livingRoomSunset: "living-room-light-at-sunset",
  porchOn: "porch-light-sunset-automation",
  porchOff: "porch-light-off-2300-automation",
  lightsOffWhenEmpty: "lights-off-when-everyone-leaves",
  heatingOff: "heating-off-when-everyone-leaves",
  heatingOn: "heating-on-when-someone-arrives",
  officeLight: "office-light-gloomy-weather",
  spaceHeater: "space-heater-when-cold",
  spaceHeaterSeason: "space-heater-winter",
  gardenLight: "garden-light-summer-evenings",
  tv: "evening-tv",
  tvOff: "evening-tv-off",
  bathroomLight: "bathroom-light-shower-duration",
  bedroomLightAtBedtime: "bedroom-light-on-at-bedtime",
  bedroomLightAsleep: "bedroom-light-off-when-asleep",
  livingRoomLightAtBedtime: "living-room-light-off-at-bedtime",
} as const;

export function isWeekend(weekday: number): boolean {
  return weekday >= 5;
}

export function isHeatingMonth(month: number): boolean {
  return (HEATING_MONTHS as readonly number[]).includes(month);
}

export function formatMinute(minute: number): string {
  const m = ((Math.round(minute) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}
