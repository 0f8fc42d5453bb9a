// Turns Home Assistant events into HomeEvents and context events (who called what, which automation fired).
import type { HomeEvent } from "../../core/home-event.js";
import type {
  AutomationTriggeredData,
  CallServiceData,
  HaContext,
  HaEvent,
  HaState,
  StateChangedData,
} from "./ha-messages.js";
import { isoToEpochMs } from "./ha-time.js";

export type StateChangeOutcome =
  | { kind: "event"; event: HomeEvent }
  /** Not a state change: the entity was removed, or only attributes moved. */
  | { kind: "skip"; why: string }
  | { kind: "reject"; reason: string };

export function homeEventFromStateChanged(event: HaEvent<StateChangedData>, source: string): StateChangeOutcome {
  const data = event.data;
  if (!data || typeof data.entity_id !== "string" || data.entity_id === "") {
    return { kind: "reject", reason: "state_changed without entity_id" };
  }
  const entity = data.entity_id;
  const next = data.new_state;
  if (next === null) return { kind: "skip", why: "entity removed" };
  if (!next || typeof next.state !== "string") {
    return { kind: "reject", reason: `state_changed for ${entity} without a new state` };
  }
  const ts = isoToEpochMs(next.last_changed);
  if (!Number.isFinite(ts)) {
    return {
      kind: "reject",
      reason: `state_changed for ${entity} with last_changed ${JSON.stringify(next.last_changed)}`,
    };
  }
  const old = data.old_state;
  // Attribute-only updates keep last_changed: they repeat the state the store already has.
  if (old && old.state === next.state) return { kind: "skip", why: "attributes only" };
  return { kind: "event", event: homeEventFromState(next, source, ts, old?.state, event.context) };
}

/** A HomeEvent for a state as Home Assistant reports it now (get_states, new_state). */
export function homeEventFromState(
  state: HaState,
  source: string,
  ts: number,
  previous?: string,
  fallbackContext?: HaContext,
): HomeEvent {
  const context = state.context ?? fallbackContext;
  const event: HomeEvent = { ts, entity: state.entity_id, state: state.state, source };
  if (previous !== undefined) event.previous = previous;
  if (context?.user_id) event.user = context.user_id;
  if (context?.parent_id) event.parent = context.parent_id;
  if (context?.id) event.context = context.id;
  const deviceClass = state.attributes?.device_class;
  if (typeof deviceClass === "string" && deviceClass !== "") event.deviceClass = deviceClass;
  const unit = state.attributes?.unit_of_measurement;
  if (typeof unit === "string" && unit !== "") event.unit = unit;
  return event;
}

export interface ContextRef {
  id: string;
  /** The context that caused this one (an automation's trigger, a script's call). */
  parentId?: string;
  /** The Home Assistant user behind it, when a person did it. */
  userId?: string;
}

/** Service calls and automation runs, kept for the context graph: who called what, which automation fired. */
export type HaContextEvent =
  | {
      kind: "call_service";
      ts: number;
      context: ContextRef;
      domain: string;
      service: string;
      /** Targeted entities, from service_data (HA merges the call's target into it). */
      entityIds: string[];
    }
  | {
      kind: "automation_triggered";
      ts: number;
      context: ContextRef;
      /** The automation's entity id, e.g. "automation.switch_on_sets_level". */
      automation: string;
      name: string;
      /** What triggered it, as HA describes it ("state of input_boolean.test_switch"). */
      trigger?: string;
    };

export function contextEventFrom(event: HaEvent): HaContextEvent | undefined {
  const ts = isoToEpochMs(event.time_fired);
  if (!Number.isFinite(ts) || !event.context?.id) return undefined;
  const context = contextRef(event.context);
  if (event.event_type === "call_service") {
    const data = event.data as unknown as CallServiceData;
    if (typeof data?.domain !== "string" || typeof data.service !== "string") return undefined;
    return {
      kind: "call_service",
      ts,
      context,
      domain: data.domain,
      service: data.service,
      entityIds: entityIdsOf(data.service_data?.entity_id),
    };
  }
  if (event.event_type === "automation_triggered") {
    const data = event.data as unknown as AutomationTriggeredData;
    if (typeof data?.entity_id !== "string") return undefined;
    const result: HaContextEvent = {
      kind: "automation_triggered",
      ts,
      context,
      automation: data.entity_id,
      name: typeof data.name === "string" ? data.name : data.entity_id,
    };
    if (typeof data.source === "string") result.trigger = data.source;
    return result;
  }
  return undefined;
}

function contextRef(context: HaContext): ContextRef {
  const ref: ContextRef = { id: context.id };
  if (context.parent_id) ref.parentId = context.parent_id;
  if (context.user_id) ref.userId = context.user_id;
  return ref;
}

function entityIdsOf(value: unknown): string[] {
  if (typeof value === "string")
    return value
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}
