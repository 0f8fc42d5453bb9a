// A fake Supervisor for an add-on's view of it: /info, /services/mqtt, and the Core proxies to a fake Home Assistant.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import net, { type AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

export interface FakeSupervisorOptions {
  /** The add-on's SUPERVISOR_TOKEN; every call must carry it. */
  token: string;
  /** Where Core answers (the fake Home Assistant's http://127.0.0.1:<port>). */
  coreUrl: string;
  /** What GET /services/mqtt returns in `data`; undefined answers "Service not enabled". */
  mqtt?: Record<string, unknown>;
  /** What GET /info answers at first (answerInfo changes it): a Supervisor on a host called "homeassistant". */
  info?: { status: number; body: unknown };
  /** Where to listen: 127.0.0.1 and a free port unless given (the image check uses 172.30.32.2:80). */
  host?: string;
  port?: number;
}

export interface FakeSupervisor {
  url: string;
  /**
   * "GET /services/mqtt", "WS /core/websocket", "POST /core/api/events/x", ... and whether an HTTP
   * call carried the token (a websocket authenticates inside the connection, so it has none).
   */
  requests: { call: string; authorized?: boolean }[];
  /** What GET /info answers from now on: JSON, or a text as it is (a proxy's error page). */
  answerInfo(status: number, body: unknown): void;
  stop(): Promise<void>;
}

/** The root info of a Supervisor on Home Assistant OS, as GET /info gives it (fields an add-on sees). */
export function supervisorInfo(hostname: string | null): Record<string, unknown> {
  return {
    supervisor: "2026.08.1",
    homeassistant: "2026.8.2",
    hassos: "16.1",
    docker: "28.3.3",
    hostname,
    operating_system: "Home Assistant OS 16.1",
    features: ["reboot", "shutdown", "services", "network", "hostname", "timedate", "os_agent", "haos", "journal"],
    machine: "generic-x86-64",
    arch: "amd64",
    state: "running",
    supported_arch: ["amd64", "i386"],
    supported: true,
    channel: "stable",
    logging: "info",
    timezone: "Europe/Amsterdam",
  };
}

export async function startFakeSupervisor(options: FakeSupervisorOptions): Promise<FakeSupervisor> {
  const core = new URL(options.coreUrl);
  const requests: FakeSupervisor["requests"] = [];
  let info = options.info ?? { status: 200, body: { result: "ok", data: supervisorInfo("homeassistant") } };
  const sockets = new Set<Duplex>();
  const authorized = (req: IncomingMessage): boolean =>
    req.headers.authorization === `Bearer ${options.token}` || req.headers["x-supervisor-token"] === options.token;

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    requests.push({ call: `${req.method} ${path}`, authorized: authorized(req) });
    if (!authorized(req)) {
      res.writeHead(401, { "content-type": "text/plain" }).end("401: Unauthorized");
      return;
    }
    if (path === "/info" && req.method === "GET") {
      if (typeof info.body === "string") res.writeHead(info.status, { "content-type": "text/html" }).end(info.body);
      else res.writeHead(info.status, { "content-type": "application/json" }).end(JSON.stringify(info.body));
      return;
    }
    if (path === "/services/mqtt" && req.method === "GET") {
      const body = options.mqtt
        ? { result: "ok", data: options.mqtt }
        : { result: "error", message: "Service not enabled" };
      res.writeHead(options.mqtt ? 200 : 400, { "content-type": "application/json" }).end(JSON.stringify(body));
      return;
    }
    if (path.startsWith("/core/api/")) {
      // The real proxy forwards to Core's /api/... with its own credentials; the fake HA shares the token.
      const upstream = httpRequest(
        {
          host: core.hostname,
          port: core.port,
          method: req.method,
          path: (req.url ?? "").replace(/^\/core/, ""),
          headers: { ...req.headers, host: core.host, authorization: `Bearer ${options.token}` },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.writeHead(502).end("502: Bad Gateway"));
      req.pipe(upstream);
      return;
    }
    res
      .writeHead(404, { "content-type": "application/json" })
      .end(JSON.stringify({ result: "error", message: "not found" }));
  });

  server.on("upgrade", (req, socket, head) => {
    const path = (req.url ?? "/").split("?")[0];
    requests.push({ call: `WS ${path}` });
    if (path !== "/core/websocket" && path !== "/core/api/websocket") {
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
      return;
    }
    // The auth phase passes through: the fake HA accepts SUPERVISOR_TOKEN, as the real proxy does.
    const upstream = net.connect(Number(core.port), core.hostname, () => {
      const lines = [`GET /api/websocket HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i];
        lines.push(`${name}: ${name.toLowerCase() === "host" ? core.host : req.rawHeaders[i + 1]}`);
      }
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        socket.destroy();
        upstream.destroy();
      });
    }
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    requests,
    answerInfo(status, body) {
      info = { status, body };
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
