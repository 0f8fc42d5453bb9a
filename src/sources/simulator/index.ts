// The simulator's public surface: the seeded home, its live source and the simulation both are made from.

export { createAcceleratedClock } from "./accelerated-clock.js";
export type { AnomalyKind, AnomalyPlan, AnomalySetting } from "./anomalies.js";
export { ANOMALY_KINDS, MISSABLE_ROUTINES } from "./anomalies.js";
export type { HomeSize } from "./home-layout.js";
export type { ResidentInfo } from "./residents.js";
export type { SimulatedDay, SimulatedHome } from "./simulated-home.js";
export { createSimulatedHome } from "./simulated-home.js";
export type { Simulation, SimulatorOptions } from "./simulation.js";
export { createSimulation, DEFAULT_EVENTS_PER_DAY } from "./simulation.js";
export type { SimulatorSource, SimulatorSourceOptions } from "./simulator-source.js";
export { createSimulatorSource } from "./simulator-source.js";
