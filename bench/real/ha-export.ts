// Turns a real home's on-intervals into the state changes its Home Assistant would have recorded.
import { writeFileSync } from "node:fs";
import { addDays, daysBetween, type LocalTime } from "../../src/core/local-time.js";
import type { RealHome, Wall } from "./datasets.js";
import { type HaEntity, haEntityOf } from "./home-entities.js";

export interface StateChange {
  ts: number;
  entity: string;
  state: "on" | "off";
}

export interface ExportedHome {
  /** Days every wall time was moved by (a whole number of weeks). */
  shiftDays: number;
  changes: StateChange[];
  entities: HaEntity[];
  /** Intervals merged because they overlapped an earlier one of the same sensor. */
  merged: number;
  /** Intervals whose end equalled their start, given one second. */
  widened: number;
}

/** Whole weeks that move `lastDay` to the latest day before `today` with its weekday. */
export function weekShift(lastDay: string, today: string): number {
  const gap = daysBetween(lastDay, addDays(today, -1));
  return Math.floor(gap / 7) * 7;
}

export function shiftWall(w: Wall, days: number): Wall {
  return { day: addDays(w.day, days), second: w.second };
}

export function wallEpoch(time: LocalTime, w: Wall): number {
  return time.toEpoch(w.day, Math.floor(w.second / 60)) + (w.second % 60) * 1000;
}

export function exportHome(home: RealHome, time: LocalTime, today: string): ExportedHome {
  const lastDay = home.intervals.map((i) => i.end.day).sort()[home.intervals.length - 1];
  const shiftDays = weekShift(lastDay, today);
  const byEntity = new Map<string, { entity: HaEntity; spans: [number, number][] }>();
  let widened = 0;
  for (const i of home.intervals) {
    const entity = haEntityOf(home.name, i.sensor);
    const start = wallEpoch(time, shiftWall(i.start, shiftDays));
    let end = wallEpoch(time, shiftWall(i.end, shiftDays));
    if (end <= start) {
      end = start + 1000;
      widened++;
    }
    let slot = byEntity.get(entity.entityId);
    if (!slot) {
      slot = { entity, spans: [] };
      byEntity.set(entity.entityId, slot);
    }
    slot.spans.push([start, end]);
  }
  const changes: StateChange[] = [];
  let merged = 0;
  for (const { entity, spans } of byEntity.values()) {
    spans.sort((a, b) => a[0] - b[0]);
    // A sensor is on or off: an interval that starts before the last ended continues it.
    const joined: [number, number][] = [];
    for (const s of spans) {
      const last = joined[joined.length - 1];
      if (last && s[0] <= last[1]) {
        last[1] = Math.max(last[1], s[1]);
        merged++;
      } else joined.push([s[0], s[1]]);
    }
    for (const [start, end] of joined) {
      changes.push({ ts: start, entity: entity.entityId, state: "on" });
      changes.push({ ts: end, entity: entity.entityId, state: "off" });
    }
  }
  changes.sort((a, b) => a.ts - b.ts || a.entity.localeCompare(b.entity));
  return { shiftDays, changes, entities: [...byEntity.values()].map((s) => s.entity), merged, widened };
}

/** Writes the changes as state_changed JSON lines (what `home-patterns import --format jsonl` reads). */
export function writeStateChangedJsonl(file: string, home: ExportedHome): void {
  const names = new Map(home.entities.map((e) => [e.entityId, e]));
  const lines = home.changes.map((c) => {
    const e = names.get(c.entity) as HaEntity;
    const when = new Date(c.ts).toISOString();
    const attributes = { device_class: e.deviceClass, friendly_name: e.friendlyName };
    return JSON.stringify({
      event_type: "state_changed",
      time_fired: when,
      data: {
        entity_id: c.entity,
        old_state: { entity_id: c.entity, state: c.state === "on" ? "off" : "on", attributes },
        new_state: { entity_id: c.entity, state: c.state, attributes, last_changed: when, last_updated: when },
      },
    });
  });
  writeFileSync(file, `${lines.join("\n")}\n`);
}

/** The entity → area map a user passes to `import --areas`. */
export function writeAreaMap(file: string, home: ExportedHome): void {
  writeFileSync(file, JSON.stringify(Object.fromEntries(home.entities.map((e) => [e.entityId, e.area])), null, 2));
}
