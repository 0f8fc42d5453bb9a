// The fake's services, automations and template mirrors: enough of HA to produce real contexts and call chains.
import type { FakeHaHome, FiredEvent, StateRecord } from "./fake-ha-home.js";
import { type FakeContext, isoFromMicros, pythonFloat, slugify } from "./ha-wire-format.js";

/** A service failure as a websocket error (code, message, extra keys such as translation_key). */
export class FakeHaError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface AutomationConfig {
  id: string;
  alias: string;
  description?: string;
  trigger?: unknown;
  action?: unknown;
  mode?: string;
  [key: string]: unknown;
}

interface Automation {
  entityId: string;
  config: AutomationConfig;
}

const SWITCHABLE = new Set(["input_boolean", "light", "switch", "fan", "homeassistant"]);

export class FakeHaServices {
  /** Configs as automations.yaml holds them (REST reads and writes these). */
  readonly automationConfigs = new Map<string, AutomationConfig>();
  private readonly automations = new Map<string, Automation>();
  private readonly mirrors = new Map<string, string[]>();

  constructor(private readonly home: FakeHaHome) {}

  exists(domain: string, service: string): boolean {
    if (SWITCHABLE.has(domain)) return ["turn_on", "turn_off", "toggle"].includes(service);
    if (domain === "input_number") return service === "set_value";
    if (domain === "automation") return ["reload", "trigger", "turn_on", "turn_off", "toggle"].includes(service);
    return false;
  }

  /**
   * Calls a service as HA does: not_found before anything happens; otherwise the call_service
   * event first, then the state changes; a failing call has still fired its event.
   */
  call(
    domain: string,
    service: string,
    serviceData: Record<string, unknown>,
    target: Record<string, unknown> | undefined,
    context: FakeContext,
  ): StateRecord[] {
    if (!this.exists(domain, service)) {
      throw new FakeHaError("not_found", `Service ${domain}.${service} not found.`, {
        translation_key: "service_not_found",
        translation_placeholders: { domain, service },
        translation_domain: "homeassistant",
      });
    }
    const merged: Record<string, unknown> = { ...serviceData };
    for (const [key, value] of Object.entries(target ?? {})) merged[key] = Array.isArray(value) ? value : [value];
    this.home.fire("call_service", { domain, service, service_data: merged }, context);
    const entityIds = listOf(merged.entity_id).filter(
      (e): e is string => typeof e === "string" && this.home.states.has(e),
    );
    const changed: StateRecord[] = [];
    const write = (entityId: string, state: string, attributes?: Record<string, unknown>) => {
      const record = this.home.writeState(entityId, state, attributes, context);
      if (record) changed.push(record);
    };
    if (SWITCHABLE.has(domain) || (domain === "automation" && service !== "reload" && service !== "trigger")) {
      for (const entityId of entityIds) {
        const current = this.home.states.get(entityId)!.state;
        const next = service === "turn_on" ? "on" : service === "turn_off" ? "off" : current === "on" ? "off" : "on";
        write(entityId, next);
      }
    } else if (domain === "input_number") {
      const value = Number(merged.value);
      for (const entityId of entityIds) {
        const attrs = this.home.states.get(entityId)!.attributes;
        const min = Number(attrs.min ?? 0);
        const max = Number(attrs.max ?? 100);
        if (!Number.isFinite(value) || value < min || value > max) {
          throw new FakeHaError(
            "invalid_format",
            `Invalid value for ${entityId}: ${pythonFloat(value)} (range ${pythonFloat(min)} - ${pythonFloat(max)})`,
          );
        }
        write(entityId, pythonFloat(value));
      }
    } else if (domain === "automation" && service === "reload") {
      for (const config of this.automationConfigs.values()) this.addAutomation(config);
    } else if (domain === "automation" && service === "trigger") {
      for (const entityId of entityIds) {
        const automation = this.automations.get(entityId);
        if (automation) this.run(automation, context.id, "trigger action");
      }
    }
    return changed;
  }

  /** Creates (or replaces) an automation and its entity, as a reload after saving it does. */
  addAutomation(config: AutomationConfig): string {
    const problem = triggerProblem(config);
    if (problem) throw new Error(`the fake cannot load automation ${config.id}: ${problem}`);
    const entityId =
      [...this.automations.values()].find((a) => a.config.id === config.id)?.entityId ??
      `automation.${slugify(config.alias ?? config.id)}`;
    this.automationConfigs.set(config.id, config);
    this.automations.set(entityId, { entityId, config });
    if (!this.home.states.has(entityId)) {
      this.home.writeState(entityId, "on", automationAttributes(config, null, 0), this.home.newContext());
    }
    return entityId;
  }

  /** A template sensor that copies another entity's state in the same context (HA's sensor.switch_mirror). */
  addMirror(target: string, source: string): void {
    this.mirrors.set(source, [...(this.mirrors.get(source) ?? []), target]);
  }

  afterStateChange(old: StateRecord | undefined, record: StateRecord): void {
    if (old?.state === record.state) return;
    for (const target of this.mirrors.get(record.entity_id) ?? []) {
      this.home.writeState(target, record.state, undefined, record.context);
    }
    for (const automation of this.automations.values()) {
      if (this.home.states.get(automation.entityId)?.state !== "on") continue;
      if (!triggers(automation.config, old, record)) continue;
      // HA runs automations as tasks: the triggering call's result goes out first.
      setImmediate(() => this.run(automation, record.context.id, `state of ${record.entity_id}`));
    }
  }

  /** Event triggers: HA runs every enabled automation whose event trigger matches a fired event. */
  afterEvent(event: FiredEvent): void {
    for (const automation of this.automations.values()) {
      if (this.home.states.get(automation.entityId)?.state !== "on") continue;
      if (!triggersOf(automation.config).some((trigger) => eventTriggerMatches(trigger, event))) continue;
      setImmediate(() => this.run(automation, event.context.id, `event '${event.event_type}'`));
    }
  }

  private run(automation: Automation, parentContextId: string, source: string): void {
    const { entityId, config } = automation;
    const context = this.home.newContext(parentContextId, null);
    this.home.fire("automation_triggered", { name: config.alias, entity_id: entityId, source }, context);
    const triggered = isoFromMicros(this.home.nowMicros());
    this.home.writeState(entityId, "on", automationAttributes(config, triggered, 1), context);
    for (const action of listOf(config.action ?? config.actions) as Record<string, unknown>[]) {
      const name = String(action.service ?? action.action ?? "");
      const dot = name.indexOf(".");
      if (dot < 0) continue;
      const target =
        (action.target as Record<string, unknown> | undefined) ??
        (action.entity_id !== undefined ? { entity_id: action.entity_id } : undefined);
      try {
        this.call(
          name.slice(0, dot),
          name.slice(dot + 1),
          (action.data as Record<string, unknown>) ?? {},
          target,
          context,
        );
      } catch {
        // A failing action ends the run, as in HA; the automation entity still goes back to idle.
      }
    }
    this.home.writeState(entityId, "on", automationAttributes(config, triggered, 0), context);
  }
}

function automationAttributes(
  config: AutomationConfig,
  lastTriggered: string | null,
  current: number,
): Record<string, unknown> {
  return {
    id: config.id,
    last_triggered: lastTriggered,
    mode: config.mode ?? "single",
    current,
    friendly_name: config.alias,
  };
}

function triggersOf(config: AutomationConfig): Record<string, unknown>[] {
  return listOf(config.trigger ?? config.triggers) as Record<string, unknown>[];
}

function triggers(config: AutomationConfig, old: StateRecord | undefined, record: StateRecord): boolean {
  return triggersOf(config).some((trigger) => {
    if ((trigger.platform ?? trigger.trigger) !== "state") return false;
    if (!listOf(trigger.entity_id).includes(record.entity_id)) return false;
    if (trigger.to !== undefined && trigger.to !== record.state) return false;
    if (trigger.from !== undefined && trigger.from !== old?.state) return false;
    return true;
  });
}

/** Keys HA's event trigger schema accepts that the fake also honours (context matching is not modelled). */
const EVENT_TRIGGER_KEYS = new Set(["platform", "trigger", "event_type", "event_data", "id", "alias", "enabled"]);

/**
 * What HA's schema would refuse in an event trigger, worded as its "Message malformed" errors,
 * plus keys the fake does not model, so a test never relies on a match the fake only pretends.
 */
export function triggerProblem(config: AutomationConfig): string | undefined {
  for (const trigger of triggersOf(config)) {
    if ((trigger?.platform ?? trigger?.trigger) !== "event") continue;
    const types = listOf(trigger.event_type);
    if (types.length === 0) return "required key not provided @ data['event_type']";
    if (types.some((t) => typeof t !== "string" || t === ""))
      return "expected str for dictionary value @ data['event_type']";
    const data = trigger.event_data;
    if (data !== undefined && (data === null || typeof data !== "object" || Array.isArray(data))) {
      return "expected a dictionary for dictionary value @ data['event_data']";
    }
    const unknown = Object.keys(trigger).find((key) => !EVENT_TRIGGER_KEYS.has(key));
    if (unknown) return `extra keys not allowed @ data['${unknown}'] (not modelled by the fake)`;
  }
  return undefined;
}

/**
 * HA's event trigger: the event type is one of event_type, and every key of event_data is in the
 * event's data with an equal value (other keys of the data may be anything).
 */
function eventTriggerMatches(trigger: Record<string, unknown>, event: FiredEvent): boolean {
  if ((trigger.platform ?? trigger.trigger) !== "event" || trigger.enabled === false) return false;
  if (!listOf(trigger.event_type).includes(event.event_type)) return false;
  const wanted = (trigger.event_data ?? {}) as Record<string, unknown>;
  return Object.entries(wanted).every(
    ([key, value]) => key in event.data && JSON.stringify(event.data[key]) === JSON.stringify(value),
  );
}

export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
