// The registry of aggregate kinds: every L2 daily table and every L3 period table, in rollup order.
import type { AggregateKind, PeriodKind } from "../aggregate-kind.js";
import { anomalyDaily } from "./anomaly-daily.js";
import { coOccurrenceDaily } from "./co-occurrence-daily.js";
import { contextualDaily } from "./contextual-daily.js";
import { dayTypeDaily } from "./day-type-daily.js";
import { durationDaily } from "./duration-daily.js";
import { nextActionDaily } from "./next-action-daily.js";
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
  opaque(nextActionDaily),
];

/** Every L3 table, each the merge of one L2 kind over calendar weeks (Monday first) or months. */
export const L3_KINDS: readonly PeriodKind<unknown>[] = [
  opaquePeriod(sessionWeekly),
  opaquePeriod(dayTypeWeekly),
  opaquePeriod(contextualMonthly),
  opaquePeriod(seasonalMonthly),
];

export { type AnomalyDay, type AnomalyValue, anomalyDaily } from "./anomaly-daily.js";
export type { Attribution, Counts } from "./attribution.js";
export { topUsers } from "./attribution.js";
export {
  addCauseCounts,
  type CauseCounts,
  CHANGE_CAUSES,
  type ChangeCause,
  causeOf,
  causeShares,
  emptyCauseCounts,
} from "./change-cause.js";
export {
  type CoDayValue,
  type CoEntityValue,
  type CoOccurrenceOptions,
  type CoOccurrenceValue,
  type CoPairValue,
  coOccurrenceDaily,
  createCoOccurrenceKind,
  DEFAULT_CO_OCCURRENCE_OPTIONS,
  pairKey,
} from "./co-occurrence-daily.js";
export {
  type ContextExposureValue,
  type ContextUsageValue,
  type ContextualValue,
  contextualDaily,
  SUN_BIN_MINUTES,
  sunBin,
  TEMPERATURE_BUCKET,
  temperatureBucket,
} from "./contextual-daily.js";
export { DAY_PARTS, type DayPart, dayPartIndex, hoursOfPart } from "./day-parts.js";
export { type DayTypeDay, type DayTypeValue, dayTypeDaily } from "./day-type-daily.js";
export { type DurationValue, durationBin, durationBinStart, durationDaily } from "./duration-daily.js";
export {
  ACTIVE_STATES,
  CONTROLLABLE_DOMAINS,
  habitState,
  IGNORED_DOMAINS,
  isControllable,
  isPassive,
  PASSIVE_DOMAINS,
} from "./entity-classes.js";
export { isManualAction, presenceOf } from "./manual-action.js";
export { FOLLOW_MS, type NextActionValue, nextActionDaily } from "./next-action-daily.js";
export { contextualMonthly, dayTypeWeekly, seasonalMonthly, sessionWeekly } from "./period-kinds.js";
export { ROOM_TRANSITION_GAP_MS, type RoomBasedValue, roomBasedDaily } from "./room-based-daily.js";
export { type SeasonalValue, seasonalDaily } from "./seasonal-daily.js";
export {
  createSequenceKind,
  DEFAULT_SEQUENCE_OPTIONS,
  isStepEntity,
  type SequenceOptions,
  type SequenceStep,
  type SequenceValue,
  sequenceDaily,
  sequenceKey,
} from "./sequence-daily.js";
export {
  type ActivitySession,
  createSessionKind,
  DEFAULT_SESSION_OPTIONS,
  type SessionOptions,
  type SessionValue,
  sessionDaily,
} from "./session-daily.js";
export { TIME_BASED_MAX_PER_DAY, type TimeBasedDay, type TimeBasedValue, timeBasedDaily } from "./time-based-daily.js";
