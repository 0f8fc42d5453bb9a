// What a detector reports and the catalog keeps: one pattern with its numbers and evidence.
import type { ParamsByType } from "./finding-params.js";

export const PATTERN_TYPES = [
  "time_based",
  "co_occurrence",
  "sequence",
  "room_based",
  "duration",
  "anomaly",
  "session",
  "day_type",
  "contextual",
  "seasonal",
  "automation_quiet",
] as const;
export type PatternType = (typeof PATTERN_TYPES)[number];

interface FindingBase {
  /** Stable key from type, entities and discrete parameters: the catalog upserts by it. */
  key: string;
  /** Entities involved, in the pattern's own order (trigger first for pairs and sequences). */
  entities: string[];
  area: string | null;
  /** One line a person understands: "Kitchen light turns on around 06:55 ± 10 min on 21 of 28 weekdays". */
  summary: string;
  /** Calibrated lower confidence bound in [0, 1], never a sum of bonuses. */
  confidence: number;
  /** How often it happened (days, or occurrences where the type says so). */
  support: number;
  /** How often it could have happened (days observed, or trigger occurrences). */
  opportunities: number;
  /** Observed rate over the rate expected by chance, where that applies. */
  lift?: number;
  /** Rank: how useful the finding is to a person (used for caps and ordering). */
  usefulness: number;
  /** True when the behaviour is already caused by an automation or script (HA context parent). */
  automated: boolean;
  /** Home Assistant user ids who caused it, when known. */
  users: string[];
  /** The days that support it, and any type-specific evidence. */
  evidence: { days: string[] } & Record<string, unknown>;
}

/** A finding of one pattern type, with that type's params (time of day and spread, states, window, context, ...). */
export type FindingOf<T extends PatternType> = FindingBase & { type: T; params: ParamsByType[T] };

/** What a detector reports: discriminated by `type`, which fixes the shape of `params`. */
export type Finding = { [T in PatternType]: FindingOf<T> }[PatternType];

/** A type with its params, kept together (as a store reads them back). */
export type TypedParams = { [T in PatternType]: { type: T; params: ParamsByType[T] } }[PatternType];

export const ANOMALY_KINDS = [
  "unusual_time",
  "unusual_duration",
  "missed_routine",
  "activity_high",
  "activity_low",
  "unavailable",
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface Anomaly {
  /** Stable per occurrence: kind, subject and the local day or time it concerns. */
  key: string;
  kind: AnomalyKind;
  /** Entity or area it concerns. */
  entity: string | null;
  area: string | null;
  /** When it was observed, epoch ms. */
  ts: number;
  severity: "low" | "medium" | "high";
  summary: string;
  /** What was expected instead, in words ("usually on by 07:30"). */
  expected: string;
  details: Record<string, unknown>;
}
