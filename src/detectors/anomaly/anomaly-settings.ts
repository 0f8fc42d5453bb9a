// How unusual each kind of anomaly must be, per sensitivity (option anomaly_sensitivity).

export type Sensitivity = "low" | "medium" | "high";
export const SENSITIVITIES: readonly Sensitivity[] = ["low", "medium", "high"];

/**
 * One level's thresholds. A reading that passes the "low" level is a clear break from habit and
 * gets severity high; one that passes only "high" gets severity low.
 */
export interface AnomalyThresholds {
  /**
   * unusual_time: an activation this far (minutes, circular) from every activation of the
   * baseline, where a uniformly random entity with as many activations would leave such a hole
   * with at most `unusualTimeChance`.
   */
  unusualTimeChance: number;
  /** unusual_time: the hole around the activation is at least this many minutes each side. */
  unusualTimeMinGap: number;
  /** unusual_duration: on for longer than this multiple of the longest baseline interval… */
  longOnFactor: number;
  /** …and at least this many minutes longer than it. */
  longOnMinMinutes: number;
  /** missed_routine: the routine is expected when the predictive chance of missing it is at most this. */
  missChance: number;
  /** missed_routine: minutes after the usual latest start before it counts as missed (at least). */
  missMarginMinutes: number;
  /** activity_high: standard deviations above the hour-of-week mean… */
  highZ: number;
  /** …and at least this multiple of the busiest hour the subject had in the whole baseline… */
  highFactor: number;
  /** …and at least this many changes more than that hour. */
  highMinExcess: number;
  /** activity_low: this many consecutive hours… */
  lowRunHours: number;
  /** …with at most this share of the least activity any baseline week had in them. */
  lowFraction: number;
  /** unavailable: minutes a device must stay unavailable. */
  unavailableMinutes: number;
}

export const THRESHOLDS: Record<Sensitivity, AnomalyThresholds> = {
  low: {
    unusualTimeChance: 0.0001,
    unusualTimeMinGap: 180,
    longOnFactor: 2,
    longOnMinMinutes: 30,
    missChance: 0.02,
    missMarginMinutes: 150,
    highZ: 6,
    highFactor: 3,
    highMinExcess: 40,
    lowRunHours: 4,
    lowFraction: 0.1,
    unavailableMinutes: 120,
  },
  medium: {
    unusualTimeChance: 0.001,
    unusualTimeMinGap: 120,
    longOnFactor: 1.5,
    longOnMinMinutes: 15,
    missChance: 0.035,
    missMarginMinutes: 90,
    highZ: 4,
    highFactor: 2,
    highMinExcess: 25,
    lowRunHours: 3,
    lowFraction: 0.2,
    unavailableMinutes: 30,
  },
  high: {
    unusualTimeChance: 0.01,
    unusualTimeMinGap: 90,
    longOnFactor: 1.25,
    longOnMinMinutes: 10,
    missChance: 0.1,
    missMarginMinutes: 45,
    highZ: 3,
    highFactor: 1.5,
    highMinExcess: 15,
    lowRunHours: 2,
    lowFraction: 0.3,
    unavailableMinutes: 10,
  },
};

/** Severity of a reading by the strictest level it passes. */
export function severityFor(passes: (level: Sensitivity) => boolean): "low" | "medium" | "high" | null {
  if (passes("low")) return "high";
  if (passes("medium")) return "medium";
  if (passes("high")) return "low";
  return null;
}

/** Levels at or above the configured one: with "medium", readings that pass low or medium are reported. */
export function reportable(severity: "low" | "medium" | "high" | null, sensitivity: Sensitivity): boolean {
  if (severity === null) return false;
  const rank = { high: 0, medium: 1, low: 2 }[severity];
  const allowed = { low: 0, medium: 1, high: 2 }[sensitivity];
  return rank <= allowed;
}

export function sensitivityOf(settings: Record<string, unknown>): Sensitivity {
  const s = settings.sensitivity ?? settings.anomaly_sensitivity;
  return s === "low" || s === "high" ? s : "medium";
}
