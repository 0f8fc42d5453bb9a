// The simulated home: registry records and a day-by-day event generator, all from one seed.
import type { HomeEvent } from "../../core/home-event.js";
import { addDays, parseDay } from "../../core/local-time.js";
import type { AreaRecord, DeviceRecord, EntityRecord } from "../../storage/registry-store.js";
import { simulateDay } from "./day-simulation.js";
import type { HomeSize } from "./home-layout.js";
import type { ResidentInfo } from "./residents.js";
import { createSimulation, type SimulatorOptions } from "./simulation.js";

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
}

export function createSimulatedHome(options: SimulatorOptions = {}): SimulatedHome {
  const sim = createSimulation(options);
  const { world, eventsPerDay } = sim;
  const { local, layout } = world;
  const generateDay = (day: string) => simulateDay(world, day, sim.anomaliesOf(day), eventsPerDay).events;

  function* generate(fromDay: string, days: number): Generator<SimulatedDay> {
    parseDay(fromDay);
    for (let i = 0; i < days; i++) {
      const day = addDays(fromDay, i);
      const { start, end } = local.dayBounds(day);
      yield { day, start, end, events: generateDay(day) };
    }
  }

  return {
    seed: sim.seed,
    timeZone: local.timeZone,
    latitude: world.latitude,
    longitude: world.longitude,
    size: sim.size,
    eventsPerDay,
    areas: layout.areas,
    devices: layout.devices,
    entities: layout.entities,
    residents: world.residents,
    generateDay,
    generate,
  };
}
