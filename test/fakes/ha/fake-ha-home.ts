// The fake Home Assistant's core: states, the event bus, the recorder's history, in HA 2023.12's shapes.
import { FakeHaConfigEntries } from "./fake-ha-config-entries.js";
import { FakeHaRegistries } from "./fake-ha-registries.js";
import { FakeHaServices } from "./fake-ha-services.js";
import { type FakeContext, IdMaker, isoFromMicros } from "./ha-wire-format.js";

export interface StateRecord {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  lcMicros: number;
  luMicros: number;
  context: FakeContext;
}

/** One recorder row: the state and attributes from luMicros on. */
export interface HistoryRow {
  state: string;
  attributes: Record<string, unknown>;
  lcMicros: number;
  luMicros: number;
}

/** An event on the bus, keys in HA's order. */
export interface FiredEvent {
  event_type: string;
  data: Record<string, unknown>;
  origin: "LOCAL";
  time_fired: string;
  context: FakeContext;
}

export interface FakeHomeOptions {
  now: () => number;
  /** The user behind the token: service calls and fire_event over the websocket carry it. */
  userId: string;
  userName: string;
  haVersion: string;
  timeZone: string;
  locationName: string;
  /**
   * The recorder's commit_interval (HA's default is 5 s; 0 commits every row at once). Rows
   * written since the last commit are in get_states and on the bus but not yet in history.
   */
  commitIntervalMs?: number;
}

export interface FakeUser {
  id: string;
  name: string;
  admin: boolean;
  owner?: boolean;
}

export class FakeHaHome {
  readonly ids = new IdMaker();
  readonly states = new Map<string, StateRecord>();
  readonly history = new Map<string, HistoryRow[]>();
  readonly fired: FiredEvent[] = [];
  readonly registries: FakeHaRegistries;
  readonly configEntries = new FakeHaConfigEntries();
  readonly services: FakeHaServices;
  /** People who can sign in; config/auth/list answers with them (the owner is an administrator). */
  readonly users: FakeUser[] = [];
  private readonly listeners = new Set<(event: FiredEvent) => void>();
  private lastMicros = 0;
  private forcedCommitMicros = 0;
  private readonly trackers: StateRecord[][] = [];

  constructor(readonly options: FakeHomeOptions) {
    this.registries = new FakeHaRegistries(this);
    this.services = new FakeHaServices(this);
    this.users.push({ id: options.userId, name: options.userName, admin: true, owner: true });
  }

  /** Strictly increasing microseconds: two changes in one millisecond still get distinct times, as in HA. */
  nowMicros(): number {
    this.lastMicros = Math.max(Math.floor(this.options.now() * 1000), this.lastMicros + 1);
    return this.lastMicros;
  }

  /**
   * Newest row time the recorder has committed: its timer commits every commitIntervalMs (at whole
   * multiples of it), and commitNow() (a clean shutdown) commits everything written so far.
   */
  committedUntilMicros(): number {
    const interval = this.options.commitIntervalMs ?? 0;
    if (interval <= 0) return Number.POSITIVE_INFINITY;
    const tick = Math.floor(this.options.now() / interval) * interval * 1000;
    return Math.max(tick, this.forcedCommitMicros);
  }

  /** What Home Assistant's recorder does when it stops: commits what it holds. */
  commitNow(): void {
    this.forcedCommitMicros = this.lastMicros;
  }

  newContext(parentId: string | null = null, userId: string | null = null): FakeContext {
    return { id: this.ids.ulid(this.options.now()), parent_id: parentId, user_id: userId };
  }

  listen(listener: (event: FiredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fire(
    eventType: string,
    data: Record<string, unknown>,
    context: FakeContext,
    atMicros = this.nowMicros(),
  ): FiredEvent {
    const event: FiredEvent = {
      event_type: eventType,
      data,
      origin: "LOCAL",
      time_fired: isoFromMicros(atMicros),
      context,
    };
    this.fired.push(event);
    for (const listener of [...this.listeners]) listener(event);
    this.services.afterEvent(event);
    return event;
  }

  /**
   * Sets a state the way HA's state machine does: nothing happens when state and attributes are
   * unchanged; an attribute-only change keeps last_changed. Fires state_changed and records history.
   */
  writeState(
    entityId: string,
    state: string,
    attributes: Record<string, unknown> | undefined,
    context: FakeContext,
  ): StateRecord | undefined {
    const old = this.states.get(entityId);
    const attrs = attributes ?? old?.attributes ?? {};
    if (old && old.state === state && JSON.stringify(old.attributes) === JSON.stringify(attrs)) return undefined;
    const micros = this.nowMicros();
    const record: StateRecord = {
      entity_id: entityId,
      state,
      attributes: attrs,
      lcMicros: old && old.state === state ? old.lcMicros : micros,
      luMicros: micros,
      context,
    };
    this.states.set(entityId, record);
    for (const tracker of this.trackers) tracker.push(record);
    const rows = this.history.get(entityId) ?? [];
    rows.push({ state, attributes: recordedAttributes(entityId, attrs), lcMicros: record.lcMicros, luMicros: micros });
    this.history.set(entityId, rows);
    this.fire(
      "state_changed",
      { entity_id: entityId, old_state: old ? stateJson(old) : null, new_state: stateJson(record) },
      context,
      micros,
    );
    this.services.afterStateChange(old, record);
    return record;
  }

  /** The states written while fn runs, as HA's REST service call answers them. */
  trackStates(fn: () => void): StateRecord[] {
    const changed: StateRecord[] = [];
    this.trackers.push(changed);
    try {
      fn();
    } finally {
      this.trackers.splice(this.trackers.indexOf(changed), 1);
    }
    return changed;
  }

  removeState(entityId: string, context: FakeContext): void {
    const old = this.states.get(entityId);
    if (!old) return;
    this.states.delete(entityId);
    this.fire("state_changed", { entity_id: entityId, old_state: stateJson(old), new_state: null }, context);
  }

  coreConfig(): Record<string, unknown> {
    return {
      latitude: 52.37,
      longitude: 4.89,
      elevation: 0,
      unit_system: {
        length: "km",
        accumulated_precipitation: "mm",
        mass: "g",
        pressure: "Pa",
        temperature: "°C",
        volume: "L",
        wind_speed: "m/s",
      },
      location_name: this.options.locationName,
      time_zone: this.options.timeZone,
      components: [
        "api",
        "automation",
        "config",
        "history",
        "input_boolean",
        "input_number",
        "recorder",
        "websocket_api",
      ],
      config_dir: "/config",
      whitelist_external_dirs: ["/config/www", "/media"],
      allowlist_external_dirs: ["/config/www", "/media"],
      allowlist_external_urls: [],
      version: this.options.haVersion,
      config_source: "yaml",
      recovery_mode: false,
      state: "RUNNING",
      external_url: null,
      internal_url: null,
      currency: "EUR",
      country: "NL",
      language: "en",
      safe_mode: false,
    };
  }

  setTimeZone(zone: string): void {
    this.options.timeZone = zone;
    this.fire("core_config_updated", { time_zone: zone }, this.newContext());
  }
}

const INPUT_HELPER_UNRECORDED = new Set(["editable", "initial", "min", "max", "step", "mode"]);
/** An automation's or script's run state: HA 2023.12's history of automation.* carries friendly_name only. */
const RUN_UNRECORDED = new Set(["id", "last_triggered", "mode", "current", "max"]);

/** The recorder leaves out attributes integrations mark unrecorded (input helpers' settings, run state). */
function recordedAttributes(entityId: string, attributes: Record<string, unknown>): Record<string, unknown> {
  const unrecorded = entityId.startsWith("input_")
    ? INPUT_HELPER_UNRECORDED
    : entityId.startsWith("automation.") || entityId.startsWith("script.")
      ? RUN_UNRECORDED
      : undefined;
  if (!unrecorded) return attributes;
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => !unrecorded.has(key)));
}

/** A state as get_states, the REST API and state_changed events carry it. */
export function stateJson(record: StateRecord): Record<string, unknown> {
  return {
    entity_id: record.entity_id,
    state: record.state,
    attributes: record.attributes,
    last_changed: isoFromMicros(record.lcMicros),
    last_updated: isoFromMicros(record.luMicros),
    context: record.context,
  };
}
