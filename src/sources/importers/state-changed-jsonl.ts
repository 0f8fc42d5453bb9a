// JSON lines of Home Assistant state_changed events, as fired on the bus or as websocket frames.

import { InputError } from "../../core/errors.js";
import type { HomeEvent } from "../../core/home-event.js";
import { checkEntityId, eventsOf, type LineParser, parseIsoTime } from "./line-parser.js";

export const STATE_CHANGED_JSONL_SOURCE = "import:jsonl";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Accepts per line: a bus event {event_type, data, time_fired, context}, a websocket frame
 * {type: "event", event: {...}}, a coalesced array of frames, or a recorded {dir, frame}.
 * Other events and frames (results, automation_triggered) carry no state change and yield nothing.
 */
export function createStateChangedJsonlParser(source = STATE_CHANGED_JSONL_SOURCE): LineParser {
  const fromItem = (item: unknown): HomeEvent[] => {
    if (Array.isArray(item)) return item.flatMap(fromItem);
    if (!isObject(item))
      throw new InputError(`expected a JSON object, got ${JSON.stringify(item).slice(0, 40)}`, "not an event");
    if ("frame" in item && "dir" in item) return fromItem(item.frame);
    if (item.type === "event" && isObject(item.event)) return fromEvent(item.event);
    if (typeof item.event_type === "string") return fromEvent(item);
    if (typeof item.type === "string") return [];
    throw new InputError("neither a state_changed event nor a websocket frame", "not an event");
  };

  const fromEvent = (event: Json): HomeEvent[] => {
    if (event.event_type !== "state_changed") return [];
    if (!isObject(event.data)) throw new InputError("state_changed event without data", "not an event");
    const entity = checkEntityId(event.data.entity_id);
    const next = event.data.new_state;
    // new_state null: the entity was removed, which is not a state it was in.
    if (next === null || next === undefined) return [];
    if (!isObject(next) || typeof next.state !== "string")
      throw new InputError(`${entity}: new_state has no state`, "bad state");
    const old = event.data.old_state;
    if (old !== null && old !== undefined && !isObject(old))
      throw new InputError(`${entity}: old_state is not an object`, "bad state");
    const previous = isObject(old) && typeof old.state === "string" ? old.state : undefined;
    // Only attributes changed: the state did not.
    if (previous === next.state) return [];
    const ts =
      next.last_changed !== undefined
        ? parseIsoTime(next.last_changed, "new_state.last_changed")
        : parseIsoTime(event.time_fired, "time_fired");
    const context = isObject(next.context) ? next.context : isObject(event.context) ? event.context : undefined;
    const result: HomeEvent = { ts, entity, state: next.state, source };
    if (previous !== undefined) result.previous = previous;
    if (typeof context?.user_id === "string" && context.user_id) result.user = context.user_id;
    if (typeof context?.parent_id === "string" && context.parent_id) result.parent = context.parent_id;
    if (typeof context?.id === "string" && context.id) result.context = context.id;
    const deviceClass = isObject(next.attributes) ? next.attributes.device_class : undefined;
    if (typeof deviceClass === "string" && deviceClass !== "") result.deviceClass = deviceClass;
    const unit = isObject(next.attributes) ? next.attributes.unit_of_measurement : undefined;
    if (typeof unit === "string" && unit !== "") result.unit = unit;
    return [result];
  };

  return {
    line(text, lineNumber) {
      if (text.trim() === "") return [{ kind: "skipped", line: lineNumber, reason: "blank line" }];
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new InputError(`not valid JSON (${(err as Error).message})`, "not valid JSON");
      }
      // Other events, results and attribute-only changes carry no state change: not an error.
      return [eventsOf(lineNumber, fromItem(parsed), "no state change in it")];
    },
    end() {
      return [];
    },
  };
}
