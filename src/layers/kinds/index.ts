// The registry of aggregate kinds: every L2 daily table and every L3 period table, in rollup order.
import type { AggregateKind, PeriodKind } from "../aggregate-kind.js";
import { anomalyDaily } from "./anomaly-daily.js";
import { coOccurrenceDaily } from "./co-occurrence-daily.js";
import { contextualDaily } from "./contextual-daily.js";
import { dayTypeDaily } from "./day-type-daily.js";
import { durationDaily } from "./duration-daily.js";
import { contextualMonthly, dayTypeWeekly, seasonalMonthly, sessionWeekly } from "./period-kinds.js";
import { roomBasedDaily } from "./room-based-daily.js";
import { seasonalDaily } from "./seasonal-daily.js";
import { sequenceDaily } from "./sequence-daily.js";
import { sessionDaily } from "./session-daily.js";
import { timeBasedDaily } from "./time-based-daily.js";

/**
 * A kind as storage sees it: values are opaque JSON it passes back to the same kind's merge.
 * Kinds are invariant in their value type, so the lists erase it once, here.
 */
const opaque = <V>(kind: AggregateKind<V>): AggregateKind<unknown> => kind as unknown as AggregateKind<unknown>;
const opaquePeriod = <V>(kind: PeriodKind<V>): PeriodKind<unknown> => kind as unknown as PeriodKind<unknown>;

/** Every L2 table; names are table names and must stay stable (they key stored rows). */
export const L2_KINDS: readonly AggregateKind<unknown>[] = [
  opaque(timeBasedDaily),
  opaque(coOccurrenceDaily),
  opaque(sequenceDaily),
  opaque(roomBasedDaily),
  opaque(durationDaily),
  opaque(anomalyDaily),
  opaque(sessionDaily),
  opaque(dayTypeDaily),
  opaque(contextualDaily),
  opaque(seasonalDaily),
];

/** Every L3 table, each the merge of one L2 kind over calendar weeks (Monday first) or months. */
export const L3_KINDS: readonly PeriodKind<unknown>[] = [
  opaquePeriod(sessionWeekly),
  opaquePeriod(dayTypeWeekly),
  opaquePeriod(contextualMonthly),
  opaquePeriod(seasonalMonthly),
];

export { anomalyDaily, type AnomalyDay, type AnomalyValue } from "./anomaly-daily.js";
export {
  coOccurrenceDaily,
  createCoOccurrenceKind,
  DEFAULT_CO_OCCURRENCE_OPTIONS,
  pairKey,
  type CoDayValue,
  type CoEntityValue,
  type CoOccurrenceOptions,
  type CoOccurrenceValue,
  type CoPairValue,
} from "./co-occurrence-daily.js";
export {
  contextualDaily,
  sunBin,
  temperatureBucket,
  SUN_BIN_MINUTES,
  TEMPERATURE_BUCKET,
  type ContextExposureValue,
  type ContextualValue,
  type ContextUsageValue,
} from "./contextual-daily.js";
export { dayTypeDaily, type DayTypeDay, type DayTypeValue } from "./day-type-daily.js";
export { durationBin, durationBinStart, durationDaily, type DurationValue } from "./duration-daily.js";
export { contextualMonthly, dayTypeWeekly, seasonalMonthly, sessionWeekly } from "./period-kinds.js";
export { roomBasedDaily, ROOM_TRANSITION_GAP_MS, type RoomBasedValue } from "./room-based-daily.js";
export { seasonalDaily, type SeasonalValue } from "./seasonal-daily.js";
export {
  createSequenceKind,
  DEFAULT_SEQUENCE_OPTIONS,
  isStepEntity,
  sequenceDaily,
  sequenceKey,
  type SequenceOptions,
  type SequenceStep,
  type SequenceValue,
} from "./sequence-daily.js";
export {
  createSessionKind,
  DEFAULT_SESSION_OPTIONS,
  sessionDaily,
  type ActivitySession,
  type SessionOptions,
  type SessionValue,
} from "./session-daily.js";
export { timeBasedDaily, TIME_BASED_MAX_PER_DAY, type TimeBasedDay, type TimeBasedValue } from "./time-based-daily.js";
export type { Attribution, Counts } from "./attribution.js";
export { topUsers } from "./attribution.js";
export {
  ACTIVE_STATES,
  CONTROLLABLE_DOMAINS,
  habitState,
  IGNORED_DOMAINS,
  isControllable,
  isPassive,
  PASSIVE_DOMAINS,
} from "./entity-classes.js";
