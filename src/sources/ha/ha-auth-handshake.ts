// One connection attempt to Home Assistant: open the socket, send the token, wait for auth_ok.
import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";

/** The part of a WebSocket (browser-style event API) the connection and home-assistant-js-websocket use. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // The listener's event type differs per socket implementation (ws, the browser's, a test's);
  // `any` lets each pass its own listener, which `unknown` would refuse by contravariance.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  addEventListener(type: string, listener: (event: any) => void): void;
  // biome-ignore lint/suspicious/noExplicitAny: see above
  removeEventListener(type: string, listener: (event: any) => void): void;
}

export type SocketFactory = (url: string) => WebSocketLike;

/** Home Assistant refused the token: retrying cannot help, the user must fix it. */
export class HaAuthError extends Error {
  constructor(readonly haMessage: string) {
    super(`Home Assistant rejected the access token: ${haMessage}`);
    this.name = "HaAuthError";
  }
}

export interface HandshakeOptions {
  url: string;
  token: string;
  socketFactory: SocketFactory;
  clock: Clock;
  /** No auth_ok within this time: the attempt is abandoned (a stalled socket fires neither open nor close). */
  timeoutMs: number;
  logger: Logger;
  /** Receives the function that ends the attempt early (when the connection is closed meanwhile). */
  onAbortable: (abort: (err: Error) => void) => void;
  /** Told how the socket closed, whenever it does, for the disconnect message. */
  onClose: (description: string) => void;
}

/**
 * Resolves with the authenticated socket and HA's version; rejects with HaAuthError on
 * auth_invalid, or with an Error when the socket fails, closes or stalls first.
 */
export function authenticate(options: HandshakeOptions): Promise<{ socket: WebSocketLike; haVersion: string }> {
  return new Promise((resolve, reject) => {
    let socket: WebSocketLike;
    try {
      socket = options.socketFactory(options.url);
    } catch (err) {
      reject(err);
      return;
    }
    // `ws` throws an error event that has no listener; keep one for the socket's whole life.
    socket.addEventListener("error", (event: { message?: string }) => {
      options.logger.debug("websocket error", { url: options.url, error: event?.message ?? "unknown" });
    });
    socket.addEventListener("close", (event: { code?: number; reason?: string }) => {
      options.onClose(`closed with code ${event?.code ?? "?"}${event?.reason ? ` (${event.reason})` : ""}`);
    });
    let settled = false;
    const timer = options.clock.setTimeout(
      () => fail(new Error(`no auth_ok within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    const detach = () => {
      timer.cancel();
      socket.removeEventListener("open", onOpen);
      socket.removeEventListener("message", onMessage);
      socket.removeEventListener("close", onClose);
      socket.removeEventListener("error", onError);
    };
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      detach();
      try {
        socket.close();
      } catch {
        // Closing a socket that never opened may throw; the attempt is over either way.
      }
      reject(err);
    };
    const onOpen = () => {
      // Auth is the only possible first message, so it goes out without waiting for auth_required.
      socket.send(JSON.stringify({ type: "auth", access_token: options.token }));
    };
    const onMessage = (event: { data: unknown }) => {
      let message: { type?: string; ha_version?: string; message?: string };
      try {
        message = JSON.parse(String(event.data));
      } catch {
        fail(new Error("Home Assistant sent a frame that is not JSON during auth"));
        return;
      }
      if (message.type === "auth_invalid") {
        fail(new HaAuthError(message.message ?? "auth_invalid"));
      } else if (message.type === "auth_ok") {
        settled = true;
        detach();
        const haVersion = message.ha_version ?? "";
        // Coalescing exists since 2022.9; home-assistant-js-websocket reserves id 1 for it.
        if (atLeastVersion(haVersion, 2022, 9)) {
          socket.send(JSON.stringify({ type: "supported_features", id: 1, features: { coalesce_messages: 1 } }));
        }
        resolve({ socket, haVersion });
      }
    };
    const onClose = (event: { code?: number }) =>
      fail(new Error(`socket closed before auth finished (code ${event?.code ?? "?"})`));
    const onError = (event: { message?: string }) => fail(new Error(event?.message || "websocket error"));
    options.onAbortable(fail);
    socket.addEventListener("open", onOpen);
    socket.addEventListener("message", onMessage);
    socket.addEventListener("close", onClose);
    socket.addEventListener("error", onError);
  });
}

function atLeastVersion(version: string, major: number, minor: number): boolean {
  const [maj, min] = version.split(".").map((p) => Number.parseInt(p, 10));
  if (!Number.isFinite(maj)) return false;
  return maj > major || (maj === major && (min ?? 0) >= minor);
}
