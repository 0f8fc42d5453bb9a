// The contextual detector's tunable thresholds, shared by its sun, presence and weather analyses.
export const CONTEXTUAL_DEFAULTS = {
  /** Long, so sunset moves enough to tell the sun from the clock (L2 keeps 90 days by default). */
  windowDays: 84,
  minConfidence: 0.5,
  minSupport: 6,
  /** Sun: a day's change this close to the sun-relative centre counts for it. */
  sunRadiusMinutes: 30,
  /** Sun: the spread around the sun must be at most this share of the spread of the best clock-time cluster. */
  maxSunToClockSpread: 0.6,
  /** Sun: changes further than this from sunrise or sunset do not follow it. */
  maxSunOffsetMinutes: 180,
  /** Weather and temperature: a day's change this close to one of the habit's usual times counts for it. */
  contextSlotRadiusMinutes: 60,
  /** Presence: a change this soon after everyone left or the first one came home follows it. */
  presenceWindowMinutes: 20,
  /** Presence: lower bound of the share that follows, over the share of the day such windows cover. */
  minPresenceLift: 5,
  /** Presence: lower bound of the share of events it follows, over the chance of a change in any such window. */
  minPresenceFollowLift: 10,
  /** Weather and temperature: the rate at its usual times in the context over the rate outside it, at least (both intervals must also part). */
  minContextRateRatio: 2,
  maxChangesPerDay: 80,
  includePassive: false,
};
export type ContextualSettings = typeof CONTEXTUAL_DEFAULTS;
