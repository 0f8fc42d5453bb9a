// Turns where residents are into motion: pulses while they are in a room, merged per sensor into on/off changes.
import type { DayContext } from "./day-context.js";
import type { Stay } from "./residents.js";

const SECOND = 1_000;
const MINUTE = 60_000;

/** Mean gap between motion bursts: someone moving about trips the sensor often, someone seated rarely. */
const MEAN_GAP: Record<Stay["activity"], number> = { asleep: 0, active: 2.5 * MINUTE, sitting: 11 * MINUTE };

/** Adds the motion a resident makes while staying in rooms (the arrival pulse comes from the walk itself). */
export function addStayMotion(ctx: DayContext, stays: readonly Stay[]): void {
  for (const stay of stays) {
    if (stay.activity === "asleep") continue;
    const rng = ctx.rng(`stay-motion:${stay.person}:${stay.from}`);
    let t = stay.from + Math.max(30 * SECOND, rng.exponential(MEAN_GAP[stay.activity]));
    while (t < stay.to) {
      ctx.pulse(stay.area, t, rng.uniform(30, 90) * SECOND);
      t += Math.max(30 * SECOND, rng.exponential(MEAN_GAP[stay.activity]));
    }
  }
}

/** Short visits to side rooms (laundry, garage) at random daytime hours, by whoever is up and at home then. */
export function addVisits(ctx: DayContext): void {
  const awake = ctx.whereabouts.filter((w) => w.activity !== "asleep");
  const someoneUp = (t: number) => awake.some((w) => w.from <= t && t < w.to);
  for (const entity of ctx.world.layout.simulated) {
    if (entity.behaviour.kind !== "visit") continue;
    const rng = ctx.rng(`visits:${entity.entityId}`);
    const count = rng.int(0, entity.behaviour.perDay * 2);
    for (let i = 0; i < count; i++) {
      let t = ctx.at(rng.uniform(7 * 60, 22 * 60));
      const end = t + rng.uniform(2, 12) * MINUTE;
      // Nobody walks into the laundry while everyone is asleep or out.
      if (!someoneUp(t)) continue;
      while (t < end) {
        ctx.pulse(entity.behaviour.area, t, rng.uniform(30, 90) * SECOND);
        t += Math.max(30 * SECOND, rng.exponential(2 * MINUTE));
      }
    }
  }
}

/** Merges overlapping pulses per motion sensor and plans the resulting on/off changes. */
export function planMotionChanges(ctx: DayContext): void {
  const sensorOf = new Map<string, string>(ctx.world.motionByArea);
  for (const entity of ctx.world.layout.simulated) {
    if (entity.behaviour.kind === "visit") sensorOf.set(entity.behaviour.area, entity.entityId);
  }
  const byEntity = new Map<string, { from: number; to: number }[]>();
  for (const pulse of ctx.pulses) {
    const sensor = sensorOf.get(pulse.area);
    if (!sensor) continue;
    const list = byEntity.get(sensor) ?? [];
    list.push({ from: pulse.ts, to: Math.min(ctx.end - 2 * SECOND, pulse.ts + pulse.durationMs) });
    byEntity.set(sensor, list);
  }
  for (const [sensor, intervals] of byEntity) {
    intervals.sort((a, b) => a.from - b.from);
    let current: { from: number; to: number } | null = null;
    for (const interval of intervals) {
      if (current && interval.from <= current.to) {
        current.to = Math.max(current.to, interval.to);
        continue;
      }
      if (current) emit(ctx, sensor, current);
      current = { ...interval };
    }
    if (current) emit(ctx, sensor, current);
  }
}

function emit(ctx: DayContext, sensor: string, interval: { from: number; to: number }): void {
  if (interval.to <= interval.from) return;
  ctx.set(interval.from, sensor, "on");
  ctx.set(interval.to, sensor, "off");
}

/** Times the hallway sensor is triggered, in order: what the hallway-light habit reacts to. */
export function hallwayPasses(ctx: DayContext): number[] {
  return ctx.pulses
    .filter((p) => p.area === "hallway")
    .map((p) => p.ts)
    .sort((a, b) => a - b);
}
