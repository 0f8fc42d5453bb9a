// The simulated home: registry records, a day-by-day event generator and its ground truth, all from one seed.
import { ConfigError } from "../../core/errors.js";
import type { HomeEvent } from "../../core/home-event.js";
import { addDays, LocalTime, parseDay } from "../../core/local-time.js";
import type { AreaRecord, DeviceRecord, EntityRecord } from "../../storage/registry-store.js";
import { ANOMALY_KINDS, type AnomalySetting, anomaliesOfDay, describeAnomaly, MISSABLE_ROUTINES } from "./anomalies.js";
import { DISCRETE_KINDS } from "./day-assembly.js";
import type { SimulationWorld } from "./day-context.js";
import { planDay, simulateDay } from "./day-simulation.js";
import type { GroundTruth, PlantedAnomaly, ResidentInfo } from "./ground-truth.js";
import { plantedRoutines } from "./ground-truth-builder.js";
import { buildHomeLayout, type HomeSize } from "./home-layout.js";
import { type MeasuredRoomTruth, measureRoomTruth } from "./measured-room-truth.js";
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

export interface SimulatedDay {
  day: string;
  /** [start, end) of the local day, epoch ms (23, 24 or 25 hours). */
  start: number;
  end: number;
  events: HomeEvent[];
}

export interface SimulatedHome {
  readonly seed: string;
  readonly timeZone: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly size: HomeSize;
  readonly eventsPerDay: number;
  readonly areas: AreaRecord[];
  readonly devices: DeviceRecord[];
  readonly entities: EntityRecord[];
  readonly residents: ResidentInfo[];
  /** All events of one local day "YYYY-MM-DD", in time order. */
  generateDay(day: string): HomeEvent[];
  /** Day after day from fromDay, one day in memory at a time. */
  generate(fromDay: string, days: number): Generator<SimulatedDay>;
  /** The planted routines, and the anomalies on [fromDay, fromDay + days) (explicit plans when no range). */
  groundTruth(fromDay?: string, days?: number): GroundTruth;
  /** Where the residents really were on [fromDay, fromDay + days): busy hours per area and moves, as shares of days. */
  roomTruth(fromDay: string, days: number): MeasuredRoomTruth;
}

export const DEFAULT_EVENTS_PER_DAY: Record<HomeSize, number> = { small: 2_500, default: 6_000, large: 20_000 };

export function createSimulatedHome(options: SimulatorOptions = {}): SimulatedHome {
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
  };
  const anomaliesOf = (day: string) => anomaliesOfDay(seed, anomalies, local, day);

  const generateDay = (day: string) => simulateDay(world, day, anomaliesOf(day), eventsPerDay).events;

  function* generate(fromDay: string, days: number): Generator<SimulatedDay> {
    parseDay(fromDay);
    for (let i = 0; i < days; i++) {
      const day = addDays(fromDay, i);
      const { start, end } = local.dayBounds(day);
      yield { day, start, end, events: generateDay(day) };
    }
  }

  function groundTruth(fromDay?: string, days = 0): GroundTruth {
    const anomalyDays = new Set<string>();
    if (Array.isArray(anomalies)) for (const plan of anomalies) anomalyDays.add(plan.day);
    if (fromDay !== undefined) {
      for (let i = 0; i < days; i++) {
        const day = addDays(fromDay, i);
        if (anomaliesOf(day).length > 0) anomalyDays.add(day);
      }
    }
    const planted: PlantedAnomaly[] = [];
    for (const day of [...anomalyDays].sort()) {
      const ctx = planDay(world, day, anomaliesOf(day));
      for (const realized of ctx.realized) planted.push(describeAnomaly(local, day, realized));
    }
    const referenceYear = fromDay ? parseDay(fromDay)[0] : 2026;
    const noiseKinds = new Set(["toggle", "power", "flapping", "churn"]);
    const incidentalKinds = new Set(["indoor", "battery", "visit", "sun", "weather", "outside_temperature"]);
    return {
      seed,
      timeZone,
      latitude,
      longitude,
      residents: world.residents,
      routines: plantedRoutines(world, referenceYear),
      anomalies: planted,
      noiseEntities: layout.simulated.filter((e) => noiseKinds.has(e.behaviour.kind)).map((e) => e.entityId),
      incidentalEntities: layout.simulated.filter((e) => incidentalKinds.has(e.behaviour.kind)).map((e) => e.entityId),
    };
  }

  function roomTruth(fromDay: string, days: number): MeasuredRoomTruth {
    parseDay(fromDay);
    // Areas whose sensors can show someone there: a motion sensor, or the front door's entrance.
    const observable = new Set([...motionByArea.keys(), "entrance"]);
    const planned = Array.from({ length: days }, (_, i) => addDays(fromDay, i)).map((day) =>
      planDay(world, day, anomaliesOf(day)),
    );
    return measureRoomTruth(planned, observable);
  }

  return {
    seed,
    timeZone,
    latitude,
    longitude,
    size,
    eventsPerDay,
    areas: layout.areas,
    devices: layout.devices,
    entities: layout.entities,
    residents: world.residents,
    generateDay,
    generate,
    groundTruth,
    roomTruth,
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
