import { errorMessage } from "../../core/errors.js";
import { TypedBus } from "../../core/event-bus.js";
import type { HomeEvent } from "../../core/home-event.js";
import type { Logger } from "../../core/logger.js";
import { OWN_USER } from "../../layers/kinds/change-cause.js";
import type { DeviceClassSeen, UnitSeen } from "../../storage/registry-store.js";
import type { EventSink, SourceState, SourceStatus } from "../event-source.js";
import { catchUp, RECORDER_WAIT_MS } from "./ha-catch-up.js";
import { ChangeDelivery } from "./ha-change-delivery.js";
import { HaAuthError, HaCommandError, HaConnection } from "./ha-connection.js";
import { contextEventFrom, type HaContextEvent, homeEventFromStateChanged } from "./ha-event-mapping.js";
import { fetchAttributeHistory } from "./ha-history-backfill.js";
import { LiveEntities } from "./ha-live-entities.js";
import type {
  HaCoreConfig,
  HaDeviceEntry,
  HaEntityEntry,
  HaEvent,
  HaHistoryResult,
  HaState,
  RegistryUpdatedData,
  StateChangedData,
} from "./ha-messages.js";
import { HaRegistrySync, REGISTRY_EVENT_TYPES } from "./ha-registry-sync.js";
import type { HaHomeConfig, HaSource, HaSourceDeps } from "./ha-source-api.js";
import { ownEntityIds } from "./own-entities.js";
import { ScriptContexts } from "./script-contexts.js";

export type { HaHomeConfig, HaSource, HaSourceDeps };

interface SourceEvents {
  homeConfig: HaHomeConfig;
  contextEvent: HaContextEvent;
  synced: undefined;
  busEvent: { eventType: string; data: unknown };
}

const DAY_MS = 86_400_000;

export function createHaSource(deps: HaSourceDeps): HaSource {
  return new HomeAssistantSource(deps);
}

class HomeAssistantSource implements HaSource {
  readonly name: string;
  private readonly logger: Logger;
  private readonly bus: TypedBus<SourceEvents>;
  private connection: HaConnection | undefined;
  private registrySync: HaRegistrySync | undefined;
  private sink: EventSink | undefined;
  private state: SourceState = "stopped";
  private detail: string | undefined;
  private config: HaHomeConfig | undefined;
  /** Live events wait while a sync runs, so the backfill goes out first and in order. */
  private readonly delivery = new ChangeDelivery(() => this.sink);
  private generation = 0;
  private currentSync: Promise<void> = Promise.resolve();
  private unsubscribers: (() => Promise<void>)[] = [];
  /** Entities Home Patterns publishes itself: never stored, so never learned from. */
  private own = new Set<string>();
  private readonly live = new LiveEntities();
  private readonly scripts = new ScriptContexts();
  /** The Home Assistant user our token belongs to: its changes are ours, never learned from. */
  private ownUser: string | undefined;

  constructor(private readonly deps: HaSourceDeps) {
    this.name = deps.name ?? "ha";
    this.logger = deps.logger.child(this.name);
    this.bus = new TypedBus<SourceEvents>(this.logger);
  }

  start(sink: EventSink): Promise<void> {
    if (this.connection) return Promise.reject(new Error(`${this.name} source already started`));
    this.sink = sink;
    const conn = new HaConnection({
      url: this.deps.url,
      token: this.deps.token,
      logger: this.logger,
      clock: this.deps.clock,
      socketFactory: this.deps.socketFactory,
      backoff: this.deps.backoff,
      connectTimeoutMs: this.deps.connectTimeoutMs,
    });
    this.connection = conn;
    this.own = ownEntityIds(this.deps.registry);
    this.registrySync = new HaRegistrySync(conn, this.deps.registry, this.logger, () => {
      this.own = ownEntityIds(this.deps.registry);
    });
    this.setState("starting", `connecting to ${conn.url}`);
    conn.on("ready", "ha-source", ({ reconnect }) => {
      if (reconnect) void this.onConnected();
    });
    conn.on("disconnected", "ha-source", ({ reason }) => {
      this.delivery.hold();
      this.setState("disconnected", `${conn.url}: ${reason}; reconnecting`);
    });
    conn.on("attemptFailed", "ha-source", ({ attempt, error, retryInMs }) => {
      this.setState(
        "disconnected",
        `cannot reach ${conn.url}: ${error}; attempt ${attempt + 1} in ${Math.round(retryInMs / 1000)} s`,
      );
    });
    conn.on("authFailed", "ha-source", ({ message }) => {
      this.setState("error", `Home Assistant rejected the access token (${message}); check the token`);
    });

    // Resolves once connected with config and registries loaded, or at the first failed attempt
    // (retrying continues in the background); rejects when the token is refused.
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (err?: unknown) => {
        if (settled) return;
        settled = true;
        offFailure();
        if (err) reject(err);
        else resolve();
      };
      const offFailure = conn.on("attemptFailed", "ha-source-start", () => settle());
      conn
        .open()
        .then(async () => {
          await this.subscribeAll(conn);
          await this.onConnected();
          settle();
        })
        .catch((err) => {
          if (!(err instanceof HaAuthError) && this.state !== "stopped") {
            this.setState("error", errorMessage(err));
          }
          // Stopped on purpose (the service stops while Home Assistant is away): nothing went wrong.
          if (settled && this.state !== "stopped")
            this.logger.error("Home Assistant source stopped connecting", { error: errorMessage(err) });
          settle(err);
        });
    });
  }

  async stop(): Promise<void> {
    this.generation += 1;
    for (const unsubscribe of this.unsubscribers.splice(0)) await unsubscribe().catch(() => undefined);
    this.connection?.close();
    this.connection = undefined;
    this.delivery.drop();
    this.sink = undefined;
    this.setState("stopped", undefined);
  }

  status(): SourceStatus {
    const status: SourceStatus = { name: this.name, state: this.state, eventsDelivered: this.delivery.delivered };
    if (this.detail !== undefined) status.detail = this.detail;
    if (this.delivery.lastEventAt !== undefined) status.lastEventAt = this.delivery.lastEventAt;
    return status;
  }

  homeConfig(): HaHomeConfig | undefined {
    return this.config;
  }

  onHomeConfig(listener: (config: HaHomeConfig) => void): () => void {
    return this.bus.on("homeConfig", "home-config-listener", listener);
  }

  onContextEvent(listener: (event: HaContextEvent) => void): () => void {
    return this.bus.on("contextEvent", "context-event-listener", listener);
  }

  onBusEvent(listener: (eventType: string, data: unknown) => void): () => void {
    return this.bus.on("busEvent", "bus-event-listener", ({ eventType, data }) => listener(eventType, data));
  }

  async fireEvent(eventType: string, data: Record<string, unknown> = {}): Promise<void> {
    if (!this.connection)
      throw new HaCommandError("not_connected", "Home Assistant source is not started", "fire_event");
    await this.connection.command({ type: "fire_event", event_type: eventType, event_data: data });
  }

  async listUsers<T>(): Promise<T[]> {
    if (!this.connection)
      throw new HaCommandError("not_connected", "Home Assistant source is not started", "config/auth/list");
    return this.connection.command<T[]>({ type: "config/auth/list" });
  }

  async listEntityRegistry(): Promise<HaEntityEntry[]> {
    if (!this.connection)
      throw new HaCommandError("not_connected", "Home Assistant source is not started", "config/entity_registry/list");
    return this.connection.command<HaEntityEntry[]>({ type: "config/entity_registry/list" });
  }

  async removeEntityRegistryEntry(entityId: string): Promise<boolean> {
    if (!this.connection)
      throw new HaCommandError(
        "not_connected",
        "Home Assistant source is not started",
        "config/entity_registry/remove",
      );
    try {
      await this.connection.command({ type: "config/entity_registry/remove", entity_id: entityId });
      return true;
    } catch (err) {
      // Someone (or HA's MQTT integration, on an empty config) removed it first: the goal is reached.
      if (err instanceof HaCommandError && err.code === "not_found") return false;
      throw err;
    }
  }

  async listDeviceRegistry(): Promise<HaDeviceEntry[]> {
    return this.connected("config/device_registry/list").command<HaDeviceEntry[]>({
      type: "config/device_registry/list",
    });
  }

  async configEntryIds(domain: string): Promise<string[]> {
    const entries = await this.connected("config_entries/get").command<{ entry_id: string; domain: string }[]>({
      type: "config_entries/get",
      domain,
    });
    return entries.filter((e) => e.domain === domain).map((e) => e.entry_id);
  }

  async removeDeviceConfigEntry(deviceId: string, configEntryId: string): Promise<boolean> {
    const type = "config/device_registry/remove_config_entry";
    try {
      await this.connected(type).command({ type, config_entry_id: configEntryId, device_id: deviceId });
      return true;
    } catch (err) {
      // HA 2023.12 answers home_assistant_error "Unknown device" for a device removed meanwhile.
      if (err instanceof HaCommandError && err.haMessage === "Unknown device") return false;
      throw err;
    }
  }

  private connected(command: string): HaConnection {
    if (!this.connection) throw new HaCommandError("not_connected", "Home Assistant source is not started", command);
    return this.connection;
  }

  synced(): Promise<void> {
    return this.currentSync;
  }

  onSynced(listener: () => void): () => void {
    return this.bus.on("synced", "synced-listener", listener);
  }

  hasEntity(entityId: string): boolean | undefined {
    return this.live.has(entityId);
  }

  liveEntities(): string[] {
    return this.live.list();
  }

  async historyWithAttributes(entityIds: readonly string[], startMs: number): Promise<HaHistoryResult> {
    return this.connection && entityIds.length > 0 ? fetchAttributeHistory(this.connection, entityIds, startMs) : {};
  }

  private async subscribeAll(conn: HaConnection): Promise<void> {
    const subscribe = async <D>(type: string, fn: (event: HaEvent<D>) => void) => {
      this.unsubscribers.push(await conn.subscribeEvents<D>(type, fn));
    };
    await subscribe<StateChangedData>("state_changed", (event) => this.onStateChanged(event));
    for (const type of ["call_service", "automation_triggered"]) {
      await subscribe<Record<string, unknown>>(type, (event) => {
        const contextEvent = contextEventFrom(event);
        if (contextEvent?.kind === "call_service") this.scripts.noteCall(contextEvent.domain, contextEvent.context.id);
        if (contextEvent) this.bus.emit("contextEvent", contextEvent);
      });
    }
    for (const type of REGISTRY_EVENT_TYPES) {
      await subscribe<RegistryUpdatedData>(type, (event) => void this.registrySync?.handleUpdate(type, event.data));
    }
    await subscribe(
      "core_config_updated",
      () => void this.loadConfig().catch((err) => this.logSyncError("get_config", err)),
    );
    for (const type of this.deps.busEventTypes ?? []) {
      await subscribe(type, (event) => this.bus.emit("busEvent", { eventType: type, data: event.data }));
    }
  }

  /** After every (re)connect: config, registries, then the backfill; resolves once registries are in. */
  private async onConnected(): Promise<void> {
    const conn = this.connection;
    if (!conn) return;
    const generation = ++this.generation;
    this.delivery.hold();
    const where = `${conn.url} (Home Assistant ${conn.haVersion})`;
    this.setState("connected", `${where}; catching up`);
    const registries = (async () => {
      await this.loadConfig().catch((err) => this.logSyncError("get_config", err));
      await this.loadOwnUser(conn);
      await this.registrySync?.loadAll().catch((err) => this.logSyncError("registries", err));
    })();
    this.currentSync = (async () => {
      await registries;
      if (generation !== this.generation) return;
      try {
        await this.backfill(conn, generation);
      } catch (err) {
        this.logSyncError("backfill", err);
        // A lost connection leaves the held events for the next sync; any other failure must not stop live events.
        if (err instanceof HaCommandError && (err.code === "connection_lost" || err.code === "not_connected")) return;
      }
      if (generation !== this.generation) return;
      this.delivery.release([]);
      if (conn.connected) this.setState("connected", where);
      this.bus.emit("synced", undefined);
    })();
    await registries;
  }

  private async loadConfig(): Promise<void> {
    const conn = this.connection;
    if (!conn) return;
    const core = await conn.command<HaCoreConfig>({ type: "get_config" });
    const config: HaHomeConfig = { timeZone: core.time_zone, version: core.version, locationName: core.location_name };
    if (this.config?.timeZone !== config.timeZone) {
      this.logger.info("Home Assistant config", { timeZone: config.timeZone, version: config.version });
    }
    this.config = config;
    this.bus.emit("homeConfig", config);
  }

  private async loadOwnUser(conn: HaConnection): Promise<void> {
    try {
      this.ownUser = (await conn.command<{ id: string }>({ type: "auth/current_user" })).id;
    } catch (err) {
      this.logSyncError("auth/current_user", err);
    }
  }

  private async backfill(conn: HaConnection, generation: number): Promise<void> {
    const missed = await catchUp({
      ha: conn,
      clock: this.deps.clock,
      logger: this.logger,
      source: this.name,
      lastEventTimes: this.deps.lastEventTimes,
      lastDelivered: (entity) => this.delivery.lastTime(entity),
      maxBackfillMs: this.deps.maxBackfillMs ?? DAY_MS,
      recorderWaitMs: this.deps.recorderWaitMs ?? RECORDER_WAIT_MS,
      skip: (entity) => this.own.has(entity),
      current: () => generation === this.generation,
      onStates: (states) => {
        this.live.reset(states.map((s) => s.entity_id));
        this.recordAttributes(states);
      },
    });
    if (missed) this.delivery.release(missed);
  }

  /**
   * The device classes and units get_states names, so findings word an entity and show its numbers
   * as Home Assistant does from the first connect on, not only after its next change (an install
   * upgraded to 0012 knows no class, one upgraded to 0014 no unit).
   */
  private recordAttributes(states: readonly HaState[]): void {
    const classes = new Map<string, DeviceClassSeen>();
    const units = new Map<string, UnitSeen>();
    for (const s of states) {
      if (this.own.has(s.entity_id)) continue;
      // As of the state's last update (an attribute change updates it); a newer event's wins.
      const updated = Date.parse(s.last_updated);
      const ts = Number.isFinite(updated) ? updated : this.deps.clock.now();
      const deviceClass = s.attributes?.device_class;
      if (typeof deviceClass === "string" && deviceClass !== "") classes.set(s.entity_id, { deviceClass, ts });
      const unit = s.attributes?.unit_of_measurement;
      if (typeof unit === "string" && unit !== "") units.set(s.entity_id, { unit, ts });
    }
    try {
      if (classes.size > 0) this.deps.registry.recordDeviceClasses(classes);
      if (units.size > 0) this.deps.registry.recordUnits(units);
    } catch (err) {
      // Only words and units shown depend on it: the next change of each entity brings them again.
      this.logger.warn("could not record device classes and units", { error: errorMessage(err) });
    }
  }

  /**
   * A unit changed without the state (HA stores no event for it): the entity takes the new unit
   * now, not at its next change. Other attribute-only updates (most of them) write nothing.
   */
  private unitChanged(data: StateChangedData | undefined): void {
    const unit = data?.new_state?.attributes?.unit_of_measurement;
    if (!data?.new_state || unit === data.old_state?.attributes?.unit_of_measurement) return;
    this.recordAttributes([data.new_state]);
  }

  private onStateChanged(event: HaEvent<StateChangedData>): void {
    if (typeof event.data?.entity_id === "string")
      this.live.changed(event.data.entity_id, event.data.new_state === null);
    const outcome = homeEventFromStateChanged(event, this.name);
    if (outcome.kind === "reject") this.sink?.reject(this.name, outcome.reason);
    if (outcome.kind === "skip" && outcome.why === "attributes only") this.unitChanged(event.data);
    if (outcome.kind !== "event") return;
    const change = outcome.event;
    // A new entity's registry entry is still being read: it may be one of ours.
    const registering = this.registrySync?.entityUpdate(change.entity);
    if (registering) void registering.then(() => this.deliverLive(change));
    else this.deliverLive(change);
  }

  private deliverLive(event: HomeEvent): void {
    if (this.own.has(event.entity)) return;
    // Stored under a fixed name, so the change reads as ours whatever user the token has.
    if (this.ownUser !== undefined && event.user === this.ownUser) event.user = OWN_USER;
    // A script's change: its own context stands as the parent, so it reads as automated.
    if (event.parent === undefined && this.scripts.has(event.context)) event.parent = event.context;
    this.delivery.live(event);
  }

  private logSyncError(step: string, err: unknown): void {
    this.logger.warn(`Home Assistant ${step} failed`, { error: errorMessage(err) });
  }

  private setState(state: SourceState, detail: string | undefined): void {
    if (this.state === "error" && state === "disconnected") return; // an auth failure stays visible
    this.state = state;
    this.detail = detail;
  }
}
