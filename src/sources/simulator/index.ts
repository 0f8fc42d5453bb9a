// The simulator's public surface: the seeded home, its live source and its ground truth.
export { createSimulatedHome, DEFAULT_EVENTS_PER_DAY } from "./simulated-home.js";
export type { SimulatedDay, SimulatedHome, SimulatorOptions } from "./simulated-home.js";
export { createSimulatorSource } from "./simulator-source.js";
export type { SimulatorSource, SimulatorSourceOptions } from "./simulator-source.js";
export { createAcceleratedClock } from "./accelerated-clock.js";
export { ANOMALY_KINDS, MISSABLE_ROUTINES } from "./anomalies.js";
export type { AnomalySetting } from "./anomalies.js";
export type { HomeSize } from "./home-layout.js";
export type * from "./ground-truth.js";
export type { MeasuredRoomTruth, RoomDayType, HourShares } from "./measured-room-truth.js";
