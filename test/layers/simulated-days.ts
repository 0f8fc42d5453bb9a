// A deterministic little home for the layer tests: routines, noise and events around midnight.
import type { HomeEvent } from "../../src/core/home-event.js";
import { addDays, type LocalTime } from "../../src/core/local-time.js";

function mulberry(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LIGHTS = ["light.kitchen", "light.hall", "light.bedroom", "light.porch"];
const SENSORS = ["sensor.living_temperature", "binary_sensor.hall_motion"];

/** Events of `days` local days from `fromDay`, in time order. */
export function simulatedDays(time: LocalTime, fromDay: string, days: number, seed = 7): HomeEvent[] {
  const rand = mulberry(seed);
  const out: HomeEvent[] = [];
  for (let d = 0; d < days; d++) {
    const day = addDays(fromDay, d);
    const at = (minute: number) => time.toEpoch(day, 0) + Math.round(minute * 60_000);
    // Morning routine around 06:50, evening lights, a porch light left on over midnight some days.
    const wake = 410 + rand() * 20;
    out.push({ ts: at(wake), entity: "light.kitchen", state: "on", previous: "off", source: "simulator" });
    out.push({
      ts: at(wake + 25 + rand() * 10),
      entity: "light.kitchen",
      state: "off",
      previous: "on",
      source: "simulator",
    });
    out.push({ ts: at(wake + 2), entity: "light.hall", state: "on", previous: "off", source: "simulator", user: "u1" });
    out.push({
      ts: at(wake + 4),
      entity: "light.hall",
      state: "off",
      previous: "on",
      source: "simulator",
      parent: "ctx-auto",
    });
    out.push({
      ts: at(1080 + rand() * 60),
      entity: "light.bedroom",
      state: "on",
      previous: "off",
      source: "simulator",
    });
    out.push({
      ts: at(1350 + rand() * 60),
      entity: "light.bedroom",
      state: "off",
      previous: "on",
      source: "simulator",
    });
    if (d % 3 === 0)
      out.push({ ts: at(1430 + rand() * 9), entity: "light.porch", state: "on", previous: "off", source: "simulator" });
    if (d % 3 === 1)
      out.push({ ts: at(5 + rand() * 30), entity: "light.porch", state: "off", previous: "on", source: "simulator" });
    for (let i = 0; i < 20; i++) {
      const minute = rand() * 1439;
      out.push({
        ts: at(minute),
        entity: SENSORS[0],
        state: (19 + Math.round(rand() * 40) / 10).toFixed(1),
        source: "simulator",
      });
      out.push({ ts: at(minute + 0.5), entity: SENSORS[1], state: rand() < 0.5 ? "on" : "off", source: "simulator" });
    }
  }
  return out.sort((a, b) => a.ts - b.ts || (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0));
}

export const SIMULATED_ENTITIES = [...LIGHTS, ...SENSORS];
