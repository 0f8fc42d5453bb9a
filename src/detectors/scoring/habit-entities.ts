// Which entities a detector may report on: not diagnostics, not measurements, not chatter.

import { domainOf } from "../../core/home-event.js";
import type { WindowReader } from "../../layers/aggregate-kind.js";
import { isActSensor } from "../../layers/kinds/act-sensors.js";
import { CHATTER_CHANGES_PER_DAY, IGNORED_DOMAINS, isControllable } from "../../layers/kinds/entity-classes.js";
import { type TimeBasedValue, timeBasedDaily } from "../../layers/kinds/time-based-daily.js";
import type { RegistryStore } from "../../storage/registry-store.js";

export interface HabitEntitySettings {
  /** An entity changing more often than this per covered day is chatter (a flapping sensor, a churning player). */
  maxChangesPerDay: number;
}

export const DEFAULT_HABIT_ENTITY_SETTINGS: HabitEntitySettings = { maxChangesPerDay: CHATTER_CHANGES_PER_DAY };

/** Entity categories Home Assistant uses for things people do not operate. */
const HIDDEN_CATEGORIES: ReadonlySet<string> = new Set(["config", "diagnostic"]);

/** Domains that never describe a person's habit even when their state is text (sensor.*: readings). */
const NON_HABIT_DOMAINS: ReadonlySet<string> = new Set(["sensor", "camera", "image", "event"]);

export class HabitEntities {
  private constructor(
    private readonly registry: RegistryStore,
    private readonly changesPerDay: ReadonlyMap<string, number>,
    private readonly settings: HabitEntitySettings,
  ) {}

  /** Counts each entity's changes over the window from time_based_daily. */
  static fromWindow(
    reader: WindowReader,
    from: string,
    to: string,
    registry: RegistryStore,
    settings = DEFAULT_HABIT_ENTITY_SETTINGS,
  ): HabitEntities {
    const days = Math.max(1, reader.coveredDays(from, to).length);
    const totals = new Map<string, number>();
    const add = (value: TimeBasedValue) => totals.set(value.entity, (totals.get(value.entity) ?? 0) + value.count);
    // Only the counts are wanted: summed row by row when the reader makes rows one at a time,
    // rather than merging every entity's minutes of the whole window first.
    if (reader.eachRow) for (const row of reader.eachRow(timeBasedDaily, from, to)) add(row.value);
    else for (const value of reader.merged(timeBasedDaily, from, to).values()) add(value);
    const perDay = new Map<string, number>();
    for (const [entity, total] of totals) perDay.set(entity, total / days);
    return new HabitEntities(registry, perDay, settings);
  }

  /** Why an entity is left out, or null when a detector may report on it. */
  exclusion(entity: string): string | null {
    const domain = domainOf(entity);
    if (IGNORED_DOMAINS.has(domain) || NON_HABIT_DOMAINS.has(domain)) return "not a habit domain";
    const record = this.registry.getEntity(entity);
    if (record?.disabled) return "disabled";
    if (record?.entityCategory && HIDDEN_CATEGORIES.has(record.entityCategory))
      return `${record.entityCategory} entity`;
    if ((this.changesPerDay.get(entity) ?? 0) > this.settings.maxChangesPerDay) return "chattering";
    return null;
  }

  allows(entity: string): boolean {
    return this.exclusion(entity) === null;
  }

  controllable(entity: string): boolean {
    return isControllable(entity);
  }

  /** Controllable, or a sensor of an act (fridge, cupboard, flush, bed mat): its habits are told. */
  speaksFor(entity: string): boolean {
    return isControllable(entity) || isActSensor(entity);
  }

  changesPerDayOf(entity: string): number {
    return this.changesPerDay.get(entity) ?? 0;
  }

  /** Same physical device (a plug's switch and its power sensor): a pair of them is trivial. */
  sameDevice(a: string, b: string): boolean {
    const da = this.registry.getEntity(a)?.deviceId;
    return !!da && da === this.registry.getEntity(b)?.deviceId;
  }
}
