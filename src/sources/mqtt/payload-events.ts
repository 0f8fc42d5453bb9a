// Turns one device's JSON payload into HomeEvents for the properties whose state changed.
import type { HomeEvent } from "../../core/home-event.js";
import { slugify } from "./entity-naming.js";
import { type DeviceMappings, guessMapping, type PropertyMapping, stateFor } from "./property-mapping.js";

export interface PayloadContext {
  /** The device's name as in the topic (zigbee2mqtt's friendly name). */
  device: string;
  payload: Record<string, unknown>;
  /** From bridge/devices when known; then only what the device exposes is mapped. */
  mappings?: DeviceMappings;
  /**
   * Last state per entity id, shared across messages and updated here: zigbee2mqtt re-publishes
   * the full state on every message, so only what differs from this is news.
   */
  lastStates: Map<string, string>;
  /** A retained message is a replay of the past: it sets what we know, it is not a change now. */
  retained: boolean;
  ts: number;
  source: string;
}

export function eventsFromPayload(ctx: PayloadContext): HomeEvent[] {
  const events: HomeEvent[] = [];
  const slug = slugify(ctx.device);
  if (slug === "") return events;
  for (const [property, value] of Object.entries(ctx.payload)) {
    const mapping = ctx.mappings ? ctx.mappings.get(property) : guessMapping(property, value, ctx.payload);
    if (!mapping) continue;
    const state = stateFor(mapping, value);
    if (state === undefined) continue;
    const entity = `${mapping.domain}.${slug}${mapping.suffix}`;
    const previous = ctx.lastStates.get(entity);
    ctx.lastStates.set(entity, state);
    if (mapping.eventLike) {
      // A button pressed twice is two presses; a retained press is an old one.
      if (!ctx.retained) events.push(event(ctx, mapping, entity, state, previous));
      continue;
    }
    if (previous === state) continue;
    if (previous === undefined) {
      // Nothing known before: a replayed or first measurement is a baseline, a first
      // on/off or mode seen live is worth keeping (a motion sensor reports only when triggered).
      if (ctx.retained || mapping.kind === "numeric") continue;
    }
    events.push(event(ctx, mapping, entity, state, previous));
  }
  return events;
}

function event(
  ctx: PayloadContext,
  mapping: PropertyMapping,
  entity: string,
  state: string,
  previous: string | undefined,
): HomeEvent {
  const e: HomeEvent = { ts: ctx.ts, entity, state, source: ctx.source };
  if (previous !== undefined) e.previous = previous;
  if (mapping.unit !== undefined) e.unit = mapping.unit;
  return e;
}
