// Sensors that stay on while someone is there (bed and seat pressure mats, presence radars).
import { domainOf } from "../../core/home-event.js";

/**
 * A motion sensor pulses; a pressure mat under a bed or a seat, or an occupancy radar, is on for
 * the whole stay. Known by the words Home Assistant users give them (the device class,
 * `occupancy` or `presence`, is in the entity id as HA names it, or in the device's name).
 */
const HELD_WORDS = /(^|_)(occupancy|occupied|presence|bed|seat|chair|sofa|couch|armchair|pressure|mat)(_|$)/;

export function isPresenceHeld(entity: string): boolean {
  return domainOf(entity) === "binary_sensor" && HELD_WORDS.test(entity.slice(entity.indexOf(".") + 1));
}

/** The hours a span [start, end) touches, from a function giving each moment's hour (of day or week). */
export function hoursTouched(start: number, end: number, hourOf: (ts: number) => number): number[] {
  const hours = new Set<number>();
  for (let t = start; t < end; t += 3_600_000) hours.add(hourOf(t));
  if (end > start) hours.add(hourOf(end - 1));
  return [...hours];
}
