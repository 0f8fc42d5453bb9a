// What a simulation planted, read from its day plans: the ground truth and the measured room truth the eval judges by.
import { addDays, parseDay } from "../../../src/core/local-time.js";
import type { Simulation } from "../../../src/sources/simulator/simulation.js";
import type { GroundTruth, PlantedAnomaly } from "./ground-truth.js";
import { plantedRoutines } from "./ground-truth-builder.js";
import { type MeasuredRoomTruth, measureRoomTruth } from "./measured-room-truth.js";
import { describeAnomaly } from "./planted-anomalies.js";

const NOISE_KINDS = new Set(["toggle", "power", "flapping", "churn"]);
const INCIDENTAL_KINDS = new Set(["indoor", "battery", "visit", "sun", "weather", "outside_temperature"]);

/** The planted routines, and the anomalies on [fromDay, fromDay + days) (explicit plans when no range). */
export function groundTruthOf(sim: Simulation, fromDay?: string, days = 0): GroundTruth {
  const { world } = sim;
  const anomalyDays = new Set<string>();
  if (Array.isArray(sim.anomalies)) for (const plan of sim.anomalies) anomalyDays.add(plan.day);
  if (fromDay !== undefined) {
    for (let i = 0; i < days; i++) {
      const day = addDays(fromDay, i);
      if (sim.anomaliesOf(day).length > 0) anomalyDays.add(day);
    }
  }
  const planted: PlantedAnomaly[] = [];
  for (const day of [...anomalyDays].sort()) {
    for (const realized of sim.planDay(day).realized) planted.push(describeAnomaly(world.local, day, realized));
  }
  const referenceYear = fromDay ? parseDay(fromDay)[0] : 2026;
  const simulated = world.layout.simulated;
  return {
    seed: sim.seed,
    timeZone: world.local.timeZone,
    latitude: world.latitude,
    longitude: world.longitude,
    residents: world.residents,
    routines: plantedRoutines(world, referenceYear),
    anomalies: planted,
    noiseEntities: simulated.filter((e) => NOISE_KINDS.has(e.behaviour.kind)).map((e) => e.entityId),
    incidentalEntities: simulated.filter((e) => INCIDENTAL_KINDS.has(e.behaviour.kind)).map((e) => e.entityId),
  };
}

/** Where the residents really were on [fromDay, fromDay + days): busy hours per area and moves, as shares of days. */
export function roomTruthOf(sim: Simulation, fromDay: string, days: number): MeasuredRoomTruth {
  parseDay(fromDay);
  // Areas whose sensors can show someone there: a motion sensor, or the front door's entrance.
  const observable = new Set([...sim.world.motionByArea.keys(), "entrance"]);
  const planned = Array.from({ length: days }, (_, i) => sim.planDay(addDays(fromDay, i)));
  return measureRoomTruth(planned, observable);
}
