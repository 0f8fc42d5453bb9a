// The simulator's public surface: the seeded home, its live source and its ground truth.

export { createAcceleratedClock } from "./accelerated-clock.js";
export type { AnomalySetting } from "./anomalies.js";
export { ANOMALY_KINDS, MISSABLE_ROUTINES } from "./anomalies.js";
export type * from "./ground-truth.js";
export type { HomeSize } from "./home-layout.js";
export type { HourShares, MeasuredRoomTruth, RoomDayType } from "./measured-room-truth.js";
export type { SimulatedDay, SimulatedHome, SimulatorOptions } from "./simulated-home.js";
export { createSimulatedHome, DEFAULT_EVENTS_PER_DAY } from "./simulated-home.js";
export type { SimulatorSource, SimulatorSourceOptions } from "./simulator-source.js";
export { createSimulatorSource } from "./simulator-source.js";
