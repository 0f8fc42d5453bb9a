// Small pieces the ground-truth writers share: residents, clock times, defaults.

import { formatMinute, hm, type Timing } from "../../../src/sources/simulator/routine-catalog.js";
import type { DetectorType, LocalClockTime } from "./ground-truth.js";

export const ALEX = "person.alex";
export const SAM = "person.sam";

export const clock = (t: Timing): LocalClockTime => ({
  time: formatMinute(t.minute),
  minuteOfDay: t.minute,
  toleranceMinutes: t.tolerance,
});

/** "HH:MM" with a tolerance, as a clock time. */
export const wallTime = (time: string, tolerance: number): LocalClockTime => clock({ minute: hm(time), tolerance });

/** Defaults every routine shares: a manual habit without a user id. */
export const manual = {
  automated: false,
  userId: null,
  alsoDetectableAs: [] as DetectorType[],
};
