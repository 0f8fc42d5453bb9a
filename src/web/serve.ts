// Runs the web app on a real socket (the only file that imports @hono/node-server) and shuts it down cleanly.

import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serve as serveNode } from "@hono/node-server";
import type { Hono } from "hono";
import type { Logger } from "../core/logger.js";

export interface ServeOptions {
  app: Hono;
  host: string;
  /** 0 picks a free port; the running server reports the real one. */
  port: number;
  logger: Logger;
  /** How long ordinary requests may take to finish on close before their sockets are cut. */
  graceMs?: number;
}

export interface RunningServer {
  host: string;
  port: number;
  /** http://host:port, ready for a browser or fetch. */
  url: string;
  /** Stops accepting, ends open event streams at once, lets other requests finish (up to graceMs). */
  close(): Promise<void>;
}

export function startServer(options: ServeOptions): Promise<RunningServer> {
  const open = new Map<ServerResponse, IncomingMessage>();
  return new Promise((resolve, reject) => {
    const server = serveNode({ fetch: options.app.fetch, hostname: options.host, port: options.port }) as Server;
    server.once("error", reject);
    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      open.set(res, req);
      res.once("close", () => open.delete(res));
    });
    server.once("listening", () => {
      server.off("error", reject);
      server.on("error", (err) => options.logger.error("web server error", { error: err.message }));
      const port = (server.address() as AddressInfo).port;
      const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
      options.logger.info("web server listening", { host: options.host, port });
      resolve({
        host: options.host,
        port,
        url: `http://${shownHost}:${port}`,
        close: () => closeServer(server, open, options.graceMs ?? 3000),
      });
    });
  });
}

function closeServer(server: Server, open: Map<ServerResponse, IncomingMessage>, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => {
      clearTimeout(deadline);
      resolve();
    });
    // An event stream never finishes by itself: cut it now (the browser reconnects to the next server).
    for (const [res, req] of open) {
      if (isEventStream(req, res)) req.socket.destroy();
    }
    server.closeIdleConnections();
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    deadline.unref();
  });
}

/** EventSource always asks for text/event-stream; other streaming clients wait for the grace deadline. */
function isEventStream(req: IncomingMessage, res: ServerResponse): boolean {
  const type = String(res.getHeader("content-type") ?? "");
  return type.startsWith("text/event-stream") || (req.headers.accept ?? "").includes("text/event-stream");
}
