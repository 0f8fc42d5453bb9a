// Hand-built homes for detector tests: events on chosen days, read back through the computed kinds.

import { ManualClock } from "../../../src/core/clock.js";
import type { HomeEvent } from "../../../src/core/home-event.js";
import { addDays, LocalTime, weekdayOf } from "../../../src/core/local-time.js";
import type { DetectorInput } from "../../../src/detectors/detector.js";
import { ReferenceWindowReader } from "../../../src/layers/reference-window-reader.js";
import type { EntityRecord } from "../../../src/storage/registry-store.js";
import { MemoryEventStore } from "../../support/memory/memory-event-store.js";
import { registryWith } from "./memory-registry.js";

export const BERLIN = new LocalTime("Europe/Berlin");

/** 28 days from Monday 2 February 2026: 20 weekdays and 8 weekend days, no DST change. */
export const FROM = "2026-02-02";
export const TO = "2026-03-01";
export const DAYS = Array.from({ length: 28 }, (_, i) => addDays(FROM, i));

export interface DayContext {
  day: string;
  index: number;
  weekday: number;
  weekend: boolean;
  /** A state change at "HH:MM[:SS]" local time of this day, optionally shifted by seconds. */
  at(hhmm: string, entity: string, state: string, extra?: Partial<HomeEvent>): HomeEvent;
}

/** Events for every day of the window, from a function of the day. */
export function everyDay(build: (d: DayContext) => (HomeEvent | null)[]): HomeEvent[] {
  return DAYS.flatMap((day, index) => {
    const weekday = weekdayOf(day);
    const at = (hhmm: string, entity: string, state: string, extra: Partial<HomeEvent> = {}): HomeEvent => {
      const [h, m, s = "0"] = hhmm.split(":");
      const ts = BERLIN.toEpoch(day, Number(h) * 60 + Number(m)) + Math.round(Number(s) * 1000);
      return { ts, entity, state, source: "test", ...extra };
    };
    return build({ day, index, weekday, weekend: weekday >= 5, at }).filter((e): e is HomeEvent => e !== null);
  });
}

/** "HH:MM" plus some minutes (may be negative; wraps within the day). */
export function plus(hhmm: string, minutes: number): string {
  const [h, m] = hhmm.split(":").map(Number);
  const total = (((h * 60 + m + minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

/**
 * The input a runner would give a detector over the 28 days, read through the reference path
 * (every window computed straight from the raw events), the evening after the last day.
 */
export function detectorInput(
  events: HomeEvent[],
  entities: EntityRecord[],
  areas: string[] = [],
  settings: Record<string, unknown> = {},
): DetectorInput {
  const registry = registryWith(entities, areas);
  const store = new MemoryEventStore();
  store.append(events);
  const clock = new ManualClock(BERLIN.toEpoch(addDays(TO, 1), 18 * 60));
  const reader = new ReferenceWindowReader({ events: store, time: BERLIN, clock, areaOf: (e) => registry.areaOf(e) });
  return { reader, from: FROM, to: TO, time: BERLIN, registry, settings };
}
