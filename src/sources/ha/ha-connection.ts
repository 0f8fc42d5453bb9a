// The one door to Home Assistant's websocket API: auth, coalesced frames, ids, reconnect with a capped backoff.
import {
  type Connection,
  createConnection,
  ERR_CONNECTION_LOST,
  ERR_INVALID_AUTH,
  type HaWebSocket,
} from "home-assistant-js-websocket";
import { WebSocket as NodeWebSocket } from "ws";
import type { Clock, TimerHandle } from "../../core/clock.js";
import { errorMessage } from "../../core/errors.js";
import { TypedBus } from "../../core/event-bus.js";
import type { Logger } from "../../core/logger.js";
import { authenticate, HaAuthError, type SocketFactory, type WebSocketLike } from "./ha-auth-handshake.js";
import type { HaEvent } from "./ha-messages.js";

export { HaAuthError, type SocketFactory, type WebSocketLike } from "./ha-auth-handshake.js";

/** Node has no WebSocket global before v22; `ws` provides the same event API. */
export const nodeSocketFactory: SocketFactory = (url) => new NodeWebSocket(url) as unknown as WebSocketLike;

export interface Backoff {
  /** Wait after the first failed attempt; doubles per failure. */
  initialMs: number;
  /** The wait never grows beyond this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 60_000 };

export interface HaConnectionOptions {
  /** ws(s)://host/api/websocket, or an http(s) base such as http://supervisor/core. */
  url: string;
  token: string;
  logger: Logger;
  clock: Clock;
  socketFactory?: SocketFactory;
  backoff?: Backoff;
  /** An attempt that has not finished auth within this time is abandoned and retried. */
  connectTimeoutMs?: number;
}

/** A command answered with success:false, or one that could not be sent. */
export class HaCommandError extends Error {
  /** Home Assistant's own message, without the command and code around it (e.g. "Unknown device"). */
  readonly haMessage: string;

  constructor(
    readonly code: string | number,
    message: string,
    readonly command?: string,
  ) {
    super(command ? `${command} failed: ${message} (${code})` : `${message} (${code})`);
    this.name = "HaCommandError";
    this.haMessage = message;
  }
}

export interface HaConnectionEvents {
  /** Authenticated; `reconnect` is false for the first connection. Subscriptions are already renewed. */
  ready: { haVersion: string; reconnect: boolean };
  disconnected: { reason: string };
  attemptFailed: { attempt: number; error: string; retryInMs: number };
  authFailed: { message: string };
}

export interface HaCommand {
  type: string;
  [key: string]: unknown;
}

/** What the rest of the HA source needs from a connection; tests may provide their own. */
export interface HaCommands {
  command<T>(message: HaCommand): Promise<T>;
}

export function websocketUrlFor(url: string): string {
  const trimmed = url.replace(/\/+$/, "");
  const wsUrl = trimmed.replace(/^http(s?):\/\//, "ws$1://");
  if (!/^wss?:\/\//.test(wsUrl)) throw new Error(`not a Home Assistant URL: ${url}`);
  return /\/websocket$/.test(wsUrl) ? wsUrl : `${wsUrl}/api/websocket`;
}

export function backoffDelay(backoff: Backoff, failures: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, failures - 1));
}

export class HaConnection implements HaCommands {
  readonly url: string;
  private readonly bus: TypedBus<HaConnectionEvents>;
  private readonly socketFactory: SocketFactory;
  private readonly backoff: Backoff;
  private readonly connectTimeoutMs: number;
  private connection: Connection | undefined;
  private closed = false;
  private sleeping: { timer: TimerHandle; wake: () => void } | undefined;
  private abortAttempt: ((err: Error) => void) | undefined;
  private lastClose = "";
  private lastAuthMessage = "auth_invalid";
  private version = "";
  private connections = 0;

  constructor(private readonly options: HaConnectionOptions) {
    this.url = websocketUrlFor(options.url);
    this.bus = new TypedBus<HaConnectionEvents>(options.logger);
    this.socketFactory = options.socketFactory ?? nodeSocketFactory;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
  }

  on<K extends keyof HaConnectionEvents>(
    event: K,
    name: string,
    fn: (payload: HaConnectionEvents[K]) => void | Promise<void>,
  ): () => void {
    return this.bus.on(event, name, fn);
  }

  get haVersion(): string {
    return this.version;
  }

  get connected(): boolean {
    return this.connection?.connected ?? false;
  }

  /**
   * Connects, retrying network failures with the backoff until it works. Resolves on the first
   * auth_ok; rejects with HaAuthError when the token is refused, or when close() comes first.
   */
  async open(): Promise<void> {
    if (this.connection) return;
    try {
      this.connection = await createConnection({ setupRetry: 0, createSocket: () => this.connectWithRetry() });
    } catch (err) {
      throw this.asError(err);
    }
    const conn = this.connection;
    if (this.closed) {
      // close() came while the socket was being handed over.
      conn.close();
      throw new Error("connection to Home Assistant closed");
    }
    conn.addEventListener("ready", () => this.bus.emit("ready", { haVersion: this.version, reconnect: true }));
    conn.addEventListener("disconnected", () => {
      const reason = this.lastClose || "connection lost";
      this.options.logger.warn("disconnected from Home Assistant; reconnecting", { url: this.url, reason });
      this.bus.emit("disconnected", { reason });
    });
    conn.addEventListener("reconnect-error", () => {
      // connectWithRetry already reported the auth failure; the library stops retrying here.
    });
    this.bus.emit("ready", { haVersion: this.version, reconnect: false });
  }

  async command<T>(message: HaCommand): Promise<T> {
    const conn = this.connection;
    if (!conn?.connected) throw new HaCommandError("not_connected", "not connected to Home Assistant", message.type);
    try {
      return await conn.sendMessagePromise<T>({ ...message });
    } catch (err) {
      throw this.commandError(err, message.type);
    }
  }

  /** Subscribes to one event type; the subscription is renewed by itself after a reconnect. */
  async subscribeEvents<D = Record<string, unknown>>(
    eventType: string,
    callback: (event: HaEvent<D>) => void,
  ): Promise<() => Promise<void>> {
    const conn = this.connection;
    if (!conn) throw new HaCommandError("not_connected", "not connected to Home Assistant", "subscribe_events");
    try {
      return await conn.subscribeEvents<HaEvent<D>>(callback, eventType);
    } catch (err) {
      throw this.commandError(err, "subscribe_events");
    }
  }

  close(): void {
    this.closed = true;
    this.sleeping?.timer.cancel();
    this.sleeping?.wake();
    this.abortAttempt?.(new Error("connection closed"));
    this.connection?.close();
  }

  private async connectWithRetry(): Promise<HaWebSocket> {
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw ERR_CONNECTION_LOST;
      this.options.logger.info("connecting to Home Assistant", { url: this.url, attempt });
      try {
        const { socket, haVersion } = await authenticate({
          url: this.url,
          token: this.options.token,
          socketFactory: this.socketFactory,
          clock: this.options.clock,
          timeoutMs: this.connectTimeoutMs,
          logger: this.options.logger,
          onAbortable: (abort) => (this.abortAttempt = abort),
          onClose: (description) => (this.lastClose = description),
        });
        this.abortAttempt = undefined;
        this.version = haVersion;
        const haSocket = socket as unknown as HaWebSocket;
        haSocket.haVersion = haVersion;
        this.connections += 1;
        this.options.logger.info("connected to Home Assistant", {
          url: this.url,
          haVersion: this.version,
          connection: this.connections,
        });
        return haSocket;
      } catch (err) {
        this.abortAttempt = undefined;
        if (err instanceof HaAuthError) {
          this.lastAuthMessage = err.haMessage;
          this.options.logger.error("Home Assistant refused the access token", {
            url: this.url,
            message: err.haMessage,
          });
          this.bus.emit("authFailed", { message: err.haMessage });
          throw ERR_INVALID_AUTH;
        }
        if (this.closed) throw ERR_CONNECTION_LOST;
        const retryInMs = backoffDelay(this.backoff, attempt);
        this.options.logger.warn("connecting to Home Assistant failed", {
          url: this.url,
          attempt,
          error: errorMessage(err),
          retryInMs,
        });
        this.bus.emit("attemptFailed", { attempt, error: errorMessage(err), retryInMs });
        await this.sleep(retryInMs);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.sleeping = undefined;
        resolve();
      };
      this.sleeping = { timer: this.options.clock.setTimeout(wake, ms), wake };
    });
  }

  private asError(err: unknown): Error {
    if (err === ERR_INVALID_AUTH) return new HaAuthError(this.lastAuthMessage);
    if (err === ERR_CONNECTION_LOST) return new Error("connection to Home Assistant closed");
    return err instanceof Error ? err : new Error(String(err));
  }

  private commandError(err: unknown, command: string): HaCommandError {
    if (err instanceof HaCommandError) return err;
    if (err === ERR_CONNECTION_LOST)
      return new HaCommandError("connection_lost", "connection to Home Assistant lost", command);
    if (err && typeof err === "object") {
      // Results carry {code, message}; the library's own "connection lost" wraps one in {error}.
      const e = (err as { error?: { code?: unknown; message?: unknown } }).error ?? err;
      const { code, message } = e as { code?: unknown; message?: unknown };
      if (code !== undefined || message !== undefined) {
        const normalized = code === ERR_CONNECTION_LOST ? "connection_lost" : String(code ?? "unknown");
        return new HaCommandError(normalized, String(message ?? "failed"), command);
      }
    }
    return new HaCommandError("unknown", errorMessage(err), command);
  }
}
