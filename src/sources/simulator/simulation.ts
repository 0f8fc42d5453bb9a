// One seeded simulation: its options settled and checked, the world they describe, and each day's plan.
import { ConfigError } from "../../core/errors.js";
import { LocalTime } from "../../core/local-time.js";
import { ANOMALY_KINDS, type AnomalySetting, anomaliesOfDay, MISSABLE_ROUTINES } from "./anomalies.js";
import { DISCRETE_KINDS } from "./day-assembly.js";
import type { DayAnomaly, DayContext, SimulationWorld } from "./day-context.js";
import { planDay } from "./day-simulation.js";
import { buildHomeLayout, type HomeSize } from "./home-layout.js";
import { residentsFor } from "./residents.js";
import { WeatherModel } from "./weather-model.js";

export interface SimulatorOptions {
  /** Same seed, same home, same events. Default 1. */
  seed?: number | string;
  /** IANA zone the routines' wall-clock times live in. Default Europe/Berlin. */
  timeZone?: string;
  /** For sunrise, sunset and the climate. Default Berlin (52.52, 13.405). */
  latitude?: number;
  longitude?: number;
  /** small ≈ 28 entities, default ≈ 50, large ≈ 120. */
  size?: HomeSize;
  /** Target events per day; chatty sensors fill the gap, routines stay the same. Default by size. */
  eventsPerDay?: number;
  /** "auto" (default): about one day in twelve, chosen by the seed; "none"; or explicit plans. */
  anomalies?: AnomalySetting;
}

export const DEFAULT_EVENTS_PER_DAY: Record<HomeSize, number> = { small: 2_500, default: 6_000, large: 20_000 };

/**
 * The settled options and the world they make. The home generates its events from it; the eval
 * reads the same plans (where the residents were, which anomalies happened) to judge the detectors,
 * so the product needs no judging code of its own.
 */
export interface Simulation {
  readonly seed: string;
  readonly size: HomeSize;
  readonly eventsPerDay: number;
  readonly anomalies: AnomalySetting;
  readonly world: SimulationWorld;
  /** The anomalies planted on one local day, with their drawn windows. */
  anomaliesOf(day: string): DayAnomaly[];
  /** Every discrete state change of one local day and where everyone was, without sensors or chatty noise. */
  planDay(day: string): DayContext;
}

export function createSimulation(options: SimulatorOptions = {}): Simulation {
  const seed = String(options.seed ?? 1);
  const timeZone = options.timeZone ?? "Europe/Berlin";
  const latitude = options.latitude ?? 52.52;
  const longitude = options.longitude ?? 13.405;
  const size = options.size ?? "default";
  const anomalies = options.anomalies ?? "auto";
  const layout = buildHomeLayout(size);
  const eventsPerDay = options.eventsPerDay ?? DEFAULT_EVENTS_PER_DAY[size];
  const discrete = layout.simulated.filter((e) => DISCRETE_KINDS.has(e.behaviour.kind)).map((e) => e.entityId);
  validate(options, timeZone, latitude, longitude, eventsPerDay, anomalies, discrete);

  const local = new LocalTime(timeZone);
  const motionByArea = new Map<string, string>();
  for (const e of layout.simulated) if (e.behaviour.kind === "motion") motionByArea.set(e.behaviour.area, e.entityId);
  const world: SimulationWorld = {
    seed,
    local,
    latitude,
    longitude,
    layout,
    weather: new WeatherModel(seed, latitude, longitude),
    residents: residentsFor(seed),
    entityIds: new Set(layout.simulated.map((e) => e.entityId)),
    motionByArea,
    deviceClasses: new Map(layout.simulated.flatMap((e) => (e.deviceClass ? [[e.entityId, e.deviceClass]] : []))),
    units: new Map(layout.simulated.flatMap((e) => (e.unit ? [[e.entityId, e.unit]] : []))),
  };
  const anomaliesOf = (day: string) => anomaliesOfDay(seed, anomalies, local, day);
  return {
    seed,
    size,
    eventsPerDay,
    anomalies,
    world,
    anomaliesOf,
    planDay: (day) => planDay(world, day, anomaliesOf(day)),
  };
}

function validate(
  options: SimulatorOptions,
  timeZone: string,
  latitude: number,
  longitude: number,
  eventsPerDay: number,
  anomalies: AnomalySetting,
  entities: string[],
): void {
  const problems: string[] = [];
  if (!LocalTime.isValidZone(timeZone)) problems.push(`timeZone "${timeZone}" is not an IANA time zone`);
  if (!(latitude >= -90 && latitude <= 90)) problems.push(`latitude ${latitude} must be within -90..90`);
  if (!(longitude >= -180 && longitude <= 180)) problems.push(`longitude ${longitude} must be within -180..180`);
  if (!Number.isFinite(eventsPerDay) || eventsPerDay < 0)
    problems.push(`eventsPerDay ${eventsPerDay} must be a number ≥ 0`);
  if (options.size !== undefined && !["small", "default", "large"].includes(options.size)) {
    problems.push(`size "${options.size}" must be small, default or large`);
  }
  if (Array.isArray(anomalies)) {
    for (const plan of anomalies) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(plan.day)) problems.push(`anomaly day "${plan.day}" must be YYYY-MM-DD`);
      if (!ANOMALY_KINDS.includes(plan.kind))
        problems.push(`anomaly kind "${plan.kind}" must be one of ${ANOMALY_KINDS.join(", ")}`);
      if (plan.routineId !== undefined && !MISSABLE_ROUTINES.includes(plan.routineId)) {
        problems.push(`missed_routine "${plan.routineId}" must be one of ${MISSABLE_ROUTINES.join(", ")}`);
      }
      if (plan.entity !== undefined && !entities.includes(plan.entity)) {
        problems.push(
          `anomaly entity "${plan.entity}" must be one this home's residents or automations drive (a light, switch, motion sensor…)`,
        );
      }
    }
  } else if (anomalies !== "auto" && anomalies !== "none") {
    problems.push(`anomalies must be "auto", "none" or a list of plans`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
