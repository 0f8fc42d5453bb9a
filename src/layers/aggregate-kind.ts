// The contract between raw events, the L2/L3 tables and the detectors: mergeable aggregates.
import type { HomeEvent } from "../core/home-event.js";
import type { LocalTime } from "../core/local-time.js";

/** What a daily aggregate is computed from: one local day of L1 events. */
export interface DayInput {
  /** Local day "YYYY-MM-DD" in the home's zone. */
  day: string;
  /** [start, end) of the day in epoch ms (23, 24 or 25 hours). */
  start: number;
  end: number;
  /** The day's events in time order (ts within [start, end)). */
  events: DayEvents;
  /**
   * Each entity's last event before the day (looked back at most CARRY_IN_MS): the state it
   * entered the day in, so an interval that crosses midnight is not lost.
   */
  carryIn: ReadonlyMap<string, HomeEvent>;
  time: LocalTime;
  areaOf(entity: string): string | null;
}

/** A day's events, taken in order by iterating (an array, or L1's day held as columns). */
export interface DayEvents extends Iterable<HomeEvent> {
  readonly length: number;
}

/** How far before a day its carry-in states are looked for. */
export const CARRY_IN_MS = 48 * 3_600_000;

/**
 * One L2 table: rows keyed by a string (e.g. "light.kitchen|on"), each value JSON-serializable.
 * `merge` must be associative and commutative, so a window of any length is the merge of its
 * days in any order, and merge(compute(day1), compute(day2)) is what the detectors read.
 */
export interface AggregateKind<V> {
  /** Table name, e.g. "time_based_daily". */
  readonly name: string;
  computeDay(input: DayInput): Map<string, V>;
  merge(a: V, b: V): V;
  /**
   * merge(a, b) done in place: may change `a` (and keep parts of `b`) and returns the merge, equal
   * to merge(a, b). Only for an `a` nobody else holds (a row just decoded from storage, or what
   * merge returned): a 30-day window then folds into one object per key instead of a new object
   * per key and day. It changes `a` and the parts merge or absorb made for it, never `b` nor the
   * parts of `b` it keeps, so the rows folded in stay as they were (a window read hands them out
   * per day too; test/layers/absorb-inputs.test.ts checks every kind).
   */
  absorb?(a: V, b: V): V;
}

/** One L3 table: the merge of an L2 kind's rows over a calendar week (Monday first) or month. */
export interface PeriodKind<V> {
  /** Table name, e.g. "session_weekly". */
  readonly name: string;
  readonly period: "week" | "month";
  /** The L2 kind whose day rows are merged. */
  readonly source: AggregateKind<V>;
}

/** Reads windows of aggregates; implemented over the L2/L3 tables and, for tests and the naive baseline, straight from L1. */
export interface WindowReader {
  /** The merge of each key's rows over the days [from, to] (inclusive local days). */
  merged<V>(kind: AggregateKind<V>, from: string, to: string): Map<string, V>;
  /** Rows per day over [from, to], for detectors that need day-level evidence. */
  byDay<V>(kind: AggregateKind<V>, from: string, to: string): Map<string, Map<string, V>>;
  /** Rows per period start ("YYYY-MM-DD" Monday or "YYYY-MM") over the periods touching [from, to]. */
  byPeriod<V>(kind: PeriodKind<V>, from: string, to: string): Map<string, Map<string, V>>;
  /** Days [from, to] that have been rolled up (a detector counts support against these). */
  coveredDays(from: string, to: string): string[];
  /**
   * Days [from, to] whose events are in the week and month aggregates, their daily rows kept or
   * purged since: what a detector reading periods counts against (a year of months outlives the
   * 90 days of daily rows).
   */
  rolledUpDays(from: string, to: string): string[];
  /**
   * The rows of the covered days in [from, to], oldest day first, each made when the caller takes
   * it and the caller's to change: what windowRows walks. A reader without it is walked through
   * byDay, a day at a time.
   */
  eachRow?<V>(kind: AggregateKind<V>, from: string, to: string): Iterable<{ at: string; key: string; value: V }>;
  /**
   * True when every call answers with rows made for that call (decoded from storage), which the
   * caller may then change; a reader that hands out rows it keeps (a cache, the evaluation's
   * in-memory days) leaves it unset, and callers that fold rows in place copy them first.
   */
  readonly freshRows?: boolean;
}
