// A local HTTP server that answers like the Supervisor's GET /info: `{"result":"ok","data":{...}}`,
// an error as `{"result":"error","message":...}`, and 401 text for a token it does not know.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeSupervisor {
  url: string;
  token: string;
  /** Each request: its path and Authorization header. */
  requests: { path: string; auth?: string }[];
  /** What GET /info answers from now on: JSON, or a text as it is. */
  answerInfo(status: number, body: unknown): void;
  close(): Promise<void>;
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

export async function startFakeSupervisor(token = "supervisor-token-123"): Promise<FakeSupervisor> {
  const requests: FakeSupervisor["requests"] = [];
  let info = { status: 200, body: { result: "ok", data: supervisorInfo("homeassistant") } as unknown };
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? "", auth: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { "content-type": "text/plain; charset=utf-8" }).end("401: Unauthorized");
      return;
    }
    if (req.method !== "GET" || req.url !== "/info") {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("404: Not Found");
      return;
    }
    // A text body is sent as it is (a proxy's error page), anything else as JSON.
    if (typeof info.body === "string") res.writeHead(info.status, { "content-type": "text/html" }).end(info.body);
    else res.writeHead(info.status, { "content-type": "application/json" }).end(JSON.stringify(info.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    requests,
    answerInfo(status, body) {
      info = { status, body };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
