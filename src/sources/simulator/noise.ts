// Noise that must never look like a habit: random toggles, chatty power readings, a flapping sensor, media churn.
import type { HomeEvent } from "../../core/home-event.js";
import { addDays } from "../../core/local-time.js";
import { SOURCE } from "./day-assembly.js";
import type { DayContext } from "./day-context.js";
import type { EntityBehaviour, SimulatedEntity } from "./home-layout.js";
import { contextId, Prng } from "./prng.js";

const SECOND = 1_000;
const MINUTE = 60_000;

type Chatty = Extract<EntityBehaviour, { kind: "power" | "flapping" | "churn" }>;

export function isChatty(entity: SimulatedEntity): entity is SimulatedEntity & { behaviour: Chatty } {
  const kind = entity.behaviour.kind;
  return kind === "power" || kind === "flapping" || kind === "churn";
}

/** Switched on and back off at uniformly random times of day and night. */
export function planToggles(ctx: DayContext): void {
  for (const entity of ctx.world.layout.simulated) {
    if (entity.behaviour.kind !== "toggle") continue;
    const rng = ctx.rng(`toggle:${entity.entityId}`);
    const count = rng.int(0, entity.behaviour.perDay * 2);
    for (let i = 0; i < count; i++) {
      const on = rng.uniform(ctx.start, ctx.end - 2 * 60 * MINUTE);
      ctx.set(on, entity.entityId, "on");
      ctx.set(on + rng.uniform(1, 120) * MINUTE, entity.entityId, "off");
    }
  }
}

/**
 * The chatty entities' events for a day, `budget` of them in all, shared by weight. Each entity's
 * last state of a day is drawn from that day's seed alone, so the next day knows where it starts.
 */
export function chattyEvents(ctx: DayContext, budget: number): HomeEvent[][] {
  const chatty = ctx.world.layout.simulated.filter(isChatty);
  const totalWeight = chatty.reduce((sum, e) => sum + e.behaviour.weight, 0);
  return chatty.map((entity) => {
    const share = Math.max(4, Math.round((budget * entity.behaviour.weight) / totalWeight));
    const b = entity.behaviour;
    if (b.kind === "flapping") return flappingEvents(ctx, entity.entityId, Math.floor(share / 2));
    return valueChurn(ctx, entity.entityId, b, share);
  });
}

/** Strictly increasing millisecond times spread uniformly over the day. */
function uniformTimes(rng: Prng, n: number, start: number, end: number): Float64Array {
  const times = rng.sortedUniform(n, start, end);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const t = Math.max(Math.floor(times[i]), kept > 0 ? times[kept - 1] + 1 : start);
    if (t < end) times[kept++] = t;
  }
  return times.subarray(0, kept);
}

function flappingEvents(ctx: DayContext, entity: string, pulses: number): HomeEvent[] {
  const rng = ctx.rng(`chatty:${entity}`);
  const ids = ctx.rng(`context:${entity}`);
  const starts = uniformTimes(rng, pulses, ctx.start, ctx.end - 10 * SECOND);
  const out: HomeEvent[] = [];
  for (let i = 0; i < starts.length; i++) {
    const next = i + 1 < starts.length ? starts[i + 1] : ctx.end - SECOND;
    const off = Math.min(starts[i] + Math.floor(rng.uniform(1, 6) * SECOND), next - 1);
    if (off <= starts[i]) continue;
    out.push({
      ts: starts[i],
      entity,
      state: "on",
      previous: "off",
      context: contextId(starts[i], ids),
      source: SOURCE,
    });
    out.push({ ts: off, entity, state: "off", previous: "on", context: contextId(off, ids), source: SOURCE });
  }
  return out;
}

/** A power reading or a media player's churning state: every event differs from the one before. */
function valueChurn(
  ctx: DayContext,
  entity: string,
  b: Extract<Chatty, { kind: "power" | "churn" }>,
  n: number,
): HomeEvent[] {
  const rng = ctx.rng(`chatty:${entity}`);
  const ids = ctx.rng(`context:${entity}`);
  const draw = (r: Prng) => (b.kind === "power" ? powerValue(r, b.base, b.spread) : r.pick(b.states));
  const initial = draw(Prng.for(ctx.world.seed, addDays(ctx.day, -1), `end:${entity}`));
  const last = draw(Prng.for(ctx.world.seed, ctx.day, `end:${entity}`));
  const times = uniformTimes(rng, n, ctx.start, ctx.end);
  const states: string[] = [];
  let previous = initial;
  for (let i = 0; i < times.length; i++) {
    let state = i === times.length - 1 ? last : draw(rng);
    // The second-to-last must differ from both neighbours so the last one is still a change.
    for (let tries = 0; (state === previous || (i === times.length - 2 && state === last)) && tries < 20; tries++)
      state = draw(rng);
    states.push(state);
    previous = state;
  }
  const out: HomeEvent[] = [];
  previous = initial;
  for (let i = 0; i < times.length; i++) {
    if (states[i] === previous) continue;
    out.push({ ts: times[i], entity, state: states[i], previous, context: contextId(times[i], ids), source: SOURCE });
    previous = states[i];
  }
  return out;
}

function powerValue(rng: Prng, base: number, spread: number): string {
  const value = Math.max(0, base + spread * 0.35 * rng.gaussian());
  return value.toFixed(1);
}
