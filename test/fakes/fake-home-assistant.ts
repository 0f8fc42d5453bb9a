// A fake Home Assistant 2023.12 (websocket + REST on one port) that speaks the protocol as the recordings show.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { FakeHaHome, type FiredEvent, type HistoryRow, type StateRecord } from "./ha/fake-ha-home.js";
import type { AreaInput, DeviceInput, EntityInput } from "./ha/fake-ha-registries.js";
import { handleRest, type RestRequestLog } from "./ha/fake-ha-rest.js";
import type { AutomationConfig } from "./ha/fake-ha-services.js";
import { type CommandHook, FakeHaSession, type FrameStats, type ReceivedCommand } from "./ha/fake-ha-session.js";
import type { FakeContext } from "./ha/ha-wire-format.js";

export type { ReceivedCommand } from "./ha/fake-ha-session.js";

export interface FakeHomeAssistantOptions {
  token?: string;
  /** Epoch ms; share the test's ManualClock (`() => clock.now()`) to get predictable last_changed. */
  now?: () => number;
  timeZone?: string;
  haVersion?: string;
  userId?: string;
  locationName?: string;
  automationReloadDelayMs?: number;
  /** The recorder's commit_interval in ms (HA's default 5000); 0, the default here, commits at once. */
  recorderCommitIntervalMs?: number;
}

export interface StateInput {
  entity_id: string;
  state: string;
  attributes?: Record<string, unknown>;
}

export interface ChangeOptions {
  user_id?: string | null;
  parent_id?: string | null;
  attributes?: Record<string, unknown>;
}

export class FakeHomeAssistant {
  readonly token: string;
  readonly home: FakeHaHome;
  /** Every command the fake accepted (ids valid), in arrival order, across connections. */
  readonly received: ReceivedCommand[] = [];
  readonly restRequests: RestRequestLog[] = [];
  /** Frames sent over all connections: arrays (coalesced) and single objects. */
  readonly frames: FrameStats = { arrayFrames: 0, objectFrames: 0, largestArray: 0 };
  private readonly hooks = new Map<string, CommandHook>();
  /** How many websocket connections were accepted so far. */
  connectionsAccepted = 0;
  private readonly sockets = new Set<WebSocket>();
  private refusing = false;
  private port = 0;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    options: FakeHomeAssistantOptions,
  ) {
    this.token = options.token ?? "fake-long-lived-token";
    this.home = new FakeHaHome({
      now: options.now ?? Date.now,
      userId: options.userId ?? "39fa47571b194a7b9d9c9272b5b4849b",
      userName: "Test Admin",
      haVersion: options.haVersion ?? "2023.12.4",
      timeZone: options.timeZone ?? "UTC",
      locationName: options.locationName ?? "RealHA Test",
      commitIntervalMs: options.recorderCommitIntervalMs ?? 0,
    });
  }

  static async start(options: FakeHomeAssistantOptions = {}): Promise<FakeHomeAssistant> {
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true });
    const fake = new FakeHomeAssistant(server, wss, options);
    const restOptions = {
      token: fake.token,
      automationReloadDelayMs: options.automationReloadDelayMs ?? 0,
      requests: fake.restRequests,
    };
    server.on("request", (req, res) => {
      handleRest(fake.home, restOptions, req, res).catch(() => {
        res.statusCode = 500;
        res.end("500 Internal Server Error");
      });
    });
    server.on("upgrade", (req, socket, head) => fake.upgrade(req.url ?? "", req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    fake.port = (server.address() as AddressInfo).port;
    return fake;
  }

  /** http://127.0.0.1:<port>: what a user configures as HA_URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/api/websocket`;
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  /** Sets states as HA's startup does: recorded in history; a connected client sees state_changed. */
  setStates(states: StateInput[]): void {
    for (const s of states) {
      const context = this.home.newContext();
      const old = this.home.states.get(s.entity_id);
      this.home.writeState(s.entity_id, s.state, s.attributes ?? old?.attributes ?? {}, context);
    }
  }

  /** A state change as a device or user makes it: state_changed to subscribers, a row in history. */
  emitStateChange(entityId: string, state: string, options: ChangeOptions = {}): FakeContext {
    const context = this.home.newContext(options.parent_id ?? null, options.user_id ?? null);
    this.home.writeState(entityId, state, options.attributes, context);
    return context;
  }

  /** Removes an entity's state; like HA 2023.12, the state_changed carries the removed state's own context. */
  removeState(entityId: string): void {
    this.home.removeState(entityId, this.home.states.get(entityId)?.context ?? this.home.newContext());
  }

  addArea(area: AreaInput): Record<string, unknown> {
    return this.home.registries.addArea(area);
  }

  addDevice(device: DeviceInput): Record<string, unknown> {
    return this.home.registries.addDevice(device);
  }

  addEntity(entity: EntityInput): Record<string, unknown> {
    return this.home.registries.addEntity(entity);
  }

  updateEntityRegistry(entityId: string, changes: Partial<Omit<EntityInput, "entity_id">>): void {
    if (!this.home.registries.updateEntity(entityId, changes))
      throw new Error(`no entity ${entityId} in the fake registry`);
  }

  updateDeviceRegistry(deviceId: string, changes: Partial<DeviceInput>): void {
    if (!this.home.registries.updateDevice(deviceId, changes))
      throw new Error(`no device ${deviceId} in the fake registry`);
  }

  removeEntityRegistry(entityId: string): void {
    this.home.registries.removeEntity(entityId);
  }

  removeArea(areaId: string): void {
    this.home.registries.removeArea(areaId);
  }

  addAutomation(config: AutomationConfig): string {
    return this.home.services.addAutomation(config);
  }

  addTemplateMirror(target: string, source: string): void {
    this.home.services.addMirror(target, source);
  }

  fireEvent(eventType: string, data: Record<string, unknown> = {}): void {
    this.home.fire(eventType, data, this.home.newContext());
  }

  /** Changes HA's time zone and announces it with core_config_updated. */
  setTimeZone(zone: string): void {
    this.home.setTimeZone(zone);
  }

  /** Adds a person who can sign in (for the admin checks of destructive actions). */
  addUser(user: { id: string; name: string; admin: boolean }): void {
    this.home.users.push(user);
  }

  firedEvents(eventType?: string): FiredEvent[] {
    return this.home.fired.filter((e) => eventType === undefined || e.event_type === eventType);
  }

  history(entityId: string): HistoryRow[] {
    return [...(this.home.history.get(entityId) ?? [])];
  }

  state(entityId: string): StateRecord | undefined {
    return this.home.states.get(entityId);
  }

  commandsOfType(type: string): ReceivedCommand[] {
    return this.received.filter((c) => c.message.type === type);
  }

  /** Runs `hook` when a command of this type arrives, before the fake answers it; undefined removes it. */
  onCommand(type: string, hook: CommandHook | undefined): void {
    if (hook) this.hooks.set(type, hook);
    else this.hooks.delete(type);
  }

  /**
   * Cuts every websocket connection abruptly (code 1006 for the client). With refuse, new
   * connections are turned away until acceptConnections(): HA restarting, Wi-Fi down.
   */
  dropConnections(options: { refuse?: boolean } = {}): void {
    if (options.refuse) this.refusing = true;
    for (const socket of this.sockets) socket.terminate();
  }

  acceptConnections(): void {
    this.refusing = false;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private upgrade(path: string, req: import("node:http").IncomingMessage, socket: Duplex, head: Buffer): void {
    const pathname = path.split("?")[0];
    if (this.refusing || !["/api/websocket", "/core/websocket", "/core/api/websocket"].includes(pathname)) {
      socket.end(this.refusing ? "HTTP/1.1 502 Bad Gateway\r\n\r\n" : "HTTP/1.1 404 Not Found\r\n\r\n");
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.connectionsAccepted += 1;
      this.sockets.add(ws);
      ws.on("close", () => this.sockets.delete(ws));
      new FakeHaSession(ws, this.home, {
        token: this.token,
        connection: this.connectionsAccepted,
        received: this.received,
        frames: this.frames,
        hooks: this.hooks,
      });
    });
  }
}
