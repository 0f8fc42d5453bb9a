// Sensors that report on their own: sun, weather, outside and indoor readings, batteries.
import type { HomeEvent } from "../../core/home-event.js";
import { daysBetween } from "../../core/local-time.js";
import { SOURCE } from "./day-assembly.js";
import type { DayContext } from "./day-context.js";
import type { EntityBehaviour } from "./home-layout.js";
import { contextId, hashText, Prng } from "./prng.js";
import { sunEventsOfDay, sunStateAtDayStart } from "./solar-model.js";
import { smoothNoise } from "./weather-model.js";

const SAMPLE_MS = 5 * 60_000;
const HOUR = 3_600_000;

/** One list per entity, each in time order. */
export function environmentEvents(ctx: DayContext): HomeEvent[][] {
  const lists: HomeEvent[][] = [];
  for (const entity of ctx.world.layout.simulated) {
    const b = entity.behaviour;
    const id = entity.entityId;
    if (b.kind === "sun") lists.push(sunEvents(ctx, id));
    else if (b.kind === "weather") lists.push(weatherEvents(ctx, id));
    else if (b.kind === "outside_temperature") {
      lists.push(sampledEvents(ctx, id, 0.5, (ts) => ctx.world.weather.outsideTemperatureAt(ts)));
    } else if (b.kind === "indoor") {
      lists.push(sampledEvents(ctx, id, b.resolution, (ts) => indoorValue(ctx, id, b, ts)));
    } else if (b.kind === "battery") lists.push(batteryEvents(ctx, id));
  }
  return lists;
}

function changes(
  ctx: DayContext,
  entity: string,
  initial: string,
  points: { ts: number; state: string }[],
): HomeEvent[] {
  const ids = ctx.rng(`context:${entity}`);
  const out: HomeEvent[] = [];
  let previous = initial;
  for (const { ts, state } of points) {
    if (state === previous) continue;
    out.push({ ts, entity, state, previous, context: contextId(ts, ids), source: SOURCE });
    previous = state;
  }
  return out;
}

function sunEvents(ctx: DayContext, entity: string): HomeEvent[] {
  const { local, latitude, longitude } = ctx.world;
  const initial = sunStateAtDayStart(local, latitude, longitude, ctx.day);
  return changes(ctx, entity, initial, sunEventsOfDay(local, latitude, longitude, ctx.day));
}

function weatherEvents(ctx: DayContext, entity: string): HomeEvent[] {
  const { local, weather } = ctx.world;
  return changes(ctx, entity, weather.stateAtDayStart(local, ctx.day), weather.changesOfDay(local, ctx.day));
}

/** Samples every five minutes and reports when the rounded value changes, as a real sensor with a precision. */
function sampledEvents(
  ctx: DayContext,
  entity: string,
  resolution: number,
  valueAt: (ts: number) => number,
): HomeEvent[] {
  const decimals = resolution < 1 ? Math.ceil(-Math.log10(resolution) - 1e-9) : 0;
  const format = (v: number) => {
    const text = (Math.round(v / resolution) * resolution).toFixed(decimals);
    return text === "-0" || text === "-0.0" ? (0).toFixed(decimals) : text;
  };
  const first = Math.ceil(ctx.start / SAMPLE_MS) * SAMPLE_MS;
  const initial = format(valueAt(first - SAMPLE_MS));
  const points: { ts: number; state: string }[] = [];
  for (let ts = first; ts < ctx.end; ts += SAMPLE_MS) points.push({ ts, state: format(valueAt(ts)) });
  return changes(ctx, entity, initial, points);
}

function indoorValue(
  ctx: DayContext,
  entity: string,
  b: Extract<EntityBehaviour, { kind: "indoor" }>,
  ts: number,
): number {
  const solarHour = (((ts / HOUR + ctx.world.longitude / 15) % 24) + 24) % 24;
  const daily = b.dailyAmplitude * Math.cos((2 * Math.PI * (solarHour - b.peakHour)) / 24);
  const wander = b.noise * smoothNoise(ctx.world.seed, entity, 4 * HOUR, ts);
  return Math.max(0, b.base + daily + wander);
}

/** A battery that loses a percent every four days and is replaced when empty. */
function batteryEvents(ctx: DayContext, entity: string): HomeEvent[] {
  const offset = hashText(entity) % 400;
  const index = daysBetween("2000-01-01", ctx.day);
  const level = (i: number) => String(100 - Math.floor(((i + offset) % 400) / 4));
  const rng = Prng.for(ctx.world.seed, ctx.day, `battery:${entity}`);
  const ts = Math.floor(rng.uniform(ctx.start, ctx.end - 1_000));
  return changes(ctx, entity, level(index - 1), [{ ts, state: level(index) }]);
}
