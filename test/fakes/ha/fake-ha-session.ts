// One websocket connection to the fake HA: the auth phase, id rules, coalesced frames and the commands.
import type { WebSocket } from "ws";
import { compressedState, entityDiff, historyDuringPeriod } from "./fake-ha-compressed.js";
import { type FakeHaHome, type FiredEvent, stateJson } from "./fake-ha-home.js";
import { FakeHaError } from "./fake-ha-services.js";
import { microsFromIso, schemaProblems } from "./ha-wire-format.js";

export interface ReceivedCommand {
  /** 1 for the first connection the fake accepted, 2 for the next, ... */
  connection: number;
  message: Record<string, unknown>;
}

/** What the fake sent, frame by frame: tests check coalescing with it. */
export interface FrameStats {
  arrayFrames: number;
  objectFrames: number;
  largestArray: number;
}

export type CommandHook = (message: Record<string, unknown>) => void;

type Subscription = { kind: "events"; eventType?: string } | { kind: "entities"; entityIds?: string[] };

/** Keys each command requires (HA answers invalid_format naming the first one missing). */
const REQUIRED: Record<string, string[]> = {
  call_service: ["domain", "service"],
  unsubscribe_events: ["subscription"],
  fire_event: ["event_type"],
  "history/history_during_period": ["start_time", "entity_ids"],
  "config/entity_registry/get": ["entity_id"],
  "config/entity_registry/update": ["entity_id"],
  "config/entity_registry/remove": ["entity_id"],
  "config/device_registry/update": ["device_id"],
  "config/area_registry/create": ["name"],
  supported_features: ["features"],
};

export class FakeHaSession {
  private authed = false;
  private coalesce = false;
  private lastId = 0;
  private readonly subscriptions = new Map<number, Subscription>();
  private outbox: string[] = [];
  private flushScheduled = false;
  private readonly stopListening: () => void;

  constructor(
    private readonly socket: WebSocket,
    private readonly home: FakeHaHome,
    private readonly options: {
      token: string;
      connection: number;
      received: ReceivedCommand[];
      frames: FrameStats;
      /** Runs before the fake answers a command of that type (to make something happen "meanwhile"). */
      hooks: Map<string, CommandHook>;
    },
  ) {
    this.stopListening = home.listen((event) => this.onBusEvent(event));
    socket.on("message", (data, isBinary) => this.onFrame(isBinary ? "" : data.toString()));
    socket.on("close", () => this.stopListening());
    this.queue(JSON.stringify({ type: "auth_required", ha_version: home.options.haVersion }));
  }

  private onFrame(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      // HA closes on a frame it cannot parse, without an error frame.
      this.closeAfterFlush();
      return;
    }
    if (!this.authed) this.onAuth(message);
    else this.onCommand(message);
  }

  private onAuth(message: unknown): void {
    const msg = (message && typeof message === "object" ? message : {}) as Record<string, unknown>;
    const problems = schemaProblems(msg, {
      required: ["type"],
      optional: ["access_token", "api_password"],
      exact: { type: "auth" },
    });
    if (problems.length > 0) {
      this.queue(
        JSON.stringify({ type: "auth_invalid", message: `Auth message incorrectly formatted: ${problems.join("\n")}` }),
      );
      this.closeAfterFlush();
    } else if (msg.access_token === this.options.token) {
      this.authed = true;
      this.queue(JSON.stringify({ type: "auth_ok", ha_version: this.home.options.haVersion }));
    } else {
      this.queue(JSON.stringify({ type: "auth_invalid", message: "Invalid access token or password" }));
      this.closeAfterFlush();
    }
  }

  private onCommand(message: unknown): void {
    const msg = (message && typeof message === "object" && !Array.isArray(message) ? message : {}) as Record<
      string,
      unknown
    >;
    const id = msg.id;
    if (typeof id !== "number" || !Number.isInteger(id) || typeof msg.type !== "string") {
      this.error(id === undefined ? null : id, "invalid_format", "Message incorrectly formatted.");
      return;
    }
    if (id <= this.lastId) {
      this.error(id, "id_reuse", "Identifier values have to increase.");
      return;
    }
    this.lastId = id;
    this.options.received.push({ connection: this.options.connection, message: msg });
    this.options.hooks.get(msg.type)?.(msg);
    const missing = (REQUIRED[msg.type] ?? []).find((key) => !(key in msg));
    if (missing && this.knows(msg.type)) {
      this.error(id, "invalid_format", `required key not provided @ data['${missing}']. Got None`);
      return;
    }
    try {
      this.dispatch(id, msg.type, msg);
    } catch (err) {
      if (err instanceof FakeHaError) this.error(id, err.code, err.message, err.extra);
      else this.error(id, "unknown_error", err instanceof Error ? err.message : String(err));
    }
  }

  private knows(type: string): boolean {
    return type in REQUIRED || COMMANDS.has(type);
  }

  private dispatch(id: number, type: string, msg: Record<string, unknown>): void {
    const home = this.home;
    const registries = home.registries;
    switch (type) {
      case "supported_features": {
        this.coalesce = (msg.features as Record<string, unknown>)?.coalesce_messages === 1;
        this.result(id, null);
        return;
      }
      case "ping":
        this.queue(JSON.stringify({ id, type: "pong" }));
        return;
      case "get_config":
        this.result(id, home.coreConfig());
        return;
      case "get_states":
        this.result(id, [...home.states.values()].map(stateJson));
        return;
      case "config/auth/list":
        // Admin-only in HA; the fake's token is the owner's. Shape of HA's user list entries.
        this.result(
          id,
          home.users.map((u) => ({
            id: u.id,
            username: u.name.toLowerCase().replace(/[^a-z0-9]+/g, ""),
            name: u.name,
            is_owner: u.owner ?? false,
            is_active: true,
            local_only: false,
            system_generated: false,
            group_ids: [u.admin ? "system-admin" : "system-users"],
            credentials: [{ type: "homeassistant" }],
          })),
        );
        return;
      case "auth/current_user":
        this.result(id, {
          id: home.options.userId,
          name: home.options.userName,
          is_owner: true,
          is_admin: true,
          credentials: [{ auth_provider_type: "homeassistant", auth_provider_id: null }],
          mfa_modules: [{ id: "totp", name: "Authenticator app", enabled: false }],
        });
        return;
      case "config/area_registry/list":
        this.result(id, registries.areas);
        return;
      // HA 2023.12 builds these two answers as strings, with a space after "type": and "result":.
      case "config/device_registry/list":
        this.queue(`{"id":${id},"type": "result","success":true,"result": ${JSON.stringify(registries.devices)}}`);
        return;
      case "config/entity_registry/list":
        this.queue(`{"id":${id},"type": "result","success":true,"result": ${JSON.stringify(registries.entities)}}`);
        return;
      case "config/entity_registry/get": {
        const entry = registries.entity(String(msg.entity_id));
        if (!entry) throw new FakeHaError("not_found", "Entity not found");
        this.result(id, registries.extendedEntity(entry));
        return;
      }
      case "config/entity_registry/update": {
        const { type: _t, id: _i, entity_id, ...changes } = msg;
        const entry = registries.updateEntity(String(entity_id), changes);
        if (!entry) throw new FakeHaError("not_found", "Entity not found");
        this.result(id, { entity_entry: registries.extendedEntity(entry) });
        return;
      }
      case "config/entity_registry/remove": {
        // As recorded (ws-extra-entity-registry-remove.jsonl): the remove event goes out before the result.
        const entityId = validEntityId(msg.entity_id);
        if (!registries.entity(entityId)) throw new FakeHaError("not_found", "Entity not found");
        registries.removeEntity(entityId);
        // HA drops the entity's state with it: a loaded entity is unloaded, a restored one cleaned up.
        const state = home.states.get(entityId);
        if (state) home.removeState(entityId, state.context);
        this.result(id, null);
        return;
      }
      case "config_entries/get":
        this.result(id, home.configEntries.list(msg.domain));
        return;
      case "config/device_registry/remove_config_entry":
        this.removeConfigEntry(id, msg);
        return;
      case "config/device_registry/update": {
        const { type: _t, id: _i, device_id, ...changes } = msg;
        const entry = registries.updateDevice(String(device_id), changes);
        if (!entry) throw new FakeHaError("not_found", "Device not found");
        this.result(id, entry);
        return;
      }
      case "config/area_registry/create":
        this.result(id, registries.addArea({ name: String(msg.name) }));
        return;
      case "subscribe_events":
        this.subscriptions.set(id, { kind: "events", eventType: msg.event_type as string | undefined });
        this.result(id, null);
        return;
      case "subscribe_entities": {
        const entityIds = Array.isArray(msg.entity_ids) ? (msg.entity_ids as string[]) : undefined;
        this.subscriptions.set(id, { kind: "entities", entityIds });
        this.result(id, null);
        const snapshot: Record<string, unknown> = {};
        for (const record of home.states.values()) {
          if (!entityIds || entityIds.includes(record.entity_id)) snapshot[record.entity_id] = compressedState(record);
        }
        // The snapshot event has its id first, unlike the diffs that follow.
        this.queue(JSON.stringify({ id, type: "event", event: { a: snapshot } }));
        return;
      }
      case "unsubscribe_events": {
        if (!this.subscriptions.delete(Number(msg.subscription)))
          throw new FakeHaError("not_found", "Subscription not found.");
        this.result(id, null);
        return;
      }
      case "fire_event": {
        const context = home.newContext(null, home.options.userId);
        home.fire(String(msg.event_type), (msg.event_data as Record<string, unknown>) ?? {}, context);
        this.result(id, { context });
        return;
      }
      case "call_service": {
        const context = home.newContext(null, home.options.userId);
        home.services.call(
          String(msg.domain),
          String(msg.service),
          (msg.service_data as Record<string, unknown>) ?? {},
          msg.target as Record<string, unknown> | undefined,
          context,
        );
        this.result(id, { context });
        return;
      }
      case "history/history_during_period": {
        const startMicros = microsFromIso(String(msg.start_time));
        if (!Number.isFinite(startMicros)) throw new FakeHaError("invalid_start_time", "Invalid start_time");
        const nowMicros = home.options.now() * 1000;
        if (startMicros > nowMicros) {
          this.result(id, {});
          return;
        }
        const endMicros = msg.end_time === undefined ? Number.POSITIVE_INFINITY : microsFromIso(String(msg.end_time));
        if (!Number.isFinite(endMicros) && msg.end_time !== undefined)
          throw new FakeHaError("invalid_end_time", "Invalid end_time");
        this.result(
          id,
          historyDuringPeriod(home, {
            startMicros,
            endMicros,
            entityIds: msg.entity_ids as string[],
            includeStartTimeState: msg.include_start_time_state !== false,
            significantChangesOnly: msg.significant_changes_only !== false,
            minimalResponse: msg.minimal_response === true,
            noAttributes: msg.no_attributes === true,
          }),
        );
        return;
      }
      default:
        throw new FakeHaError("unknown_command", "Unknown command.");
    }
  }

  /**
   * As recorded (ws-extra-device-registry-remove.jsonl): HA checks the entry, then the device, then
   * that the entry is on it. The device's last entry removes it (its remove event before the result
   * null); entities still on it go after the result, their states with them.
   */
  private removeConfigEntry(id: number, msg: Record<string, unknown>): void {
    // HA 2023.12 answers a missing key with unknown_error, not invalid_format.
    if (!("config_entry_id" in msg) || !("device_id" in msg)) throw new FakeHaError("unknown_error", "Unknown error");
    const registries = this.home.registries;
    const entry = this.home.configEntries.get(String(msg.config_entry_id));
    const device = registries.device(String(msg.device_id));
    if (!device) throw new FakeHaError("home_assistant_error", "Unknown device");
    const entries = device.config_entries as string[];
    if (!entries.includes(entry.entry_id)) throw new FakeHaError("home_assistant_error", "Config entry not in device");
    // Not recorded: a device kept by another entry (HA answers the updated device then).
    if (entries.length > 1) throw new Error("the fake does not model removing one of several config entries");
    const deviceId = String(device.id);
    const left = registries.entitiesOfDevice(deviceId);
    registries.removeDevice(deviceId);
    this.result(id, null);
    for (const entityId of left) {
      registries.removeEntity(entityId);
      const state = this.home.states.get(entityId);
      if (state) this.home.removeState(entityId, state.context);
    }
  }

  private onBusEvent(event: FiredEvent): void {
    if (!this.authed) return;
    for (const [id, sub] of this.subscriptions) {
      if (sub.kind === "events" && (sub.eventType === undefined || sub.eventType === event.event_type)) {
        // For subscribe_events the subscription id comes last.
        this.queue(JSON.stringify({ type: "event", event, id }));
      } else if (sub.kind === "entities" && event.event_type === "state_changed") {
        const data = event.data as { entity_id: string; old_state: never; new_state: never };
        if (sub.entityIds && !sub.entityIds.includes(data.entity_id)) continue;
        const diff = entityDiff(this.home, data.entity_id, data.old_state, data.new_state);
        this.queue(JSON.stringify({ type: "event", event: diff, id }));
      }
    }
  }

  private result(id: number, result: unknown): void {
    this.queue(JSON.stringify({ id, type: "result", success: true, result }));
  }

  private error(id: unknown, code: string, message: string, extra: Record<string, unknown> = {}): void {
    this.queue(JSON.stringify({ id, type: "result", success: false, error: { code, message, ...extra } }));
  }

  /** Messages produced in the same turn leave together: one array frame when coalescing is on and there are several. */
  private queue(text: string): void {
    this.outbox.push(text);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const pending = this.outbox;
    this.outbox = [];
    if (this.socket.readyState !== this.socket.OPEN || pending.length === 0) return;
    const frames = this.options.frames;
    if (this.coalesce && pending.length > 1) {
      this.socket.send(`[${pending.join(",")}]`);
      frames.arrayFrames += 1;
      frames.largestArray = Math.max(frames.largestArray, pending.length);
    } else {
      for (const text of pending) this.socket.send(text);
      frames.objectFrames += pending.length;
    }
  }

  private closeAfterFlush(): void {
    setImmediate(() => {
      this.flush();
      this.socket.close(1000);
    });
  }
}

/** HA's cv.entity_id: lower-cased, `<domain>.<object_id>` of slugs; anything else is invalid_format. */
function validEntityId(value: unknown): string {
  const text = String(value).toLowerCase();
  if (/^(?!.+__)(?!_)[\da-z_]+(?<!_)\.(?!_)[\da-z_]+(?<!_)$/.test(text)) return text;
  const got = typeof value === "string" ? `'${value}'` : String(value);
  throw new FakeHaError(
    "invalid_format",
    `Entity ID ${String(value)} is an invalid entity ID for dictionary value @ data['entity_id']. Got ${got}`,
  );
}

const COMMANDS = new Set([
  "ping",
  "get_config",
  "get_states",
  "auth/current_user",
  "config/auth/list",
  "config/area_registry/list",
  "config/device_registry/list",
  "config/entity_registry/list",
  "config_entries/get",
  "config/device_registry/remove_config_entry",
  "subscribe_events",
  "subscribe_entities",
]);
