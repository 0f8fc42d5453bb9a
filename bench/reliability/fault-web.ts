// What a hostile client or web page sends to the running service: runaway SQL, huge bodies, cross-site writes.
import http from "node:http";
import type { FaultRow } from "./fault-row.js";
import { rssMb, rssPeak, type Service, sleep } from "./processes.js";

interface Answer {
  status: number;
  body: string;
  ms: number;
}

function send(
  service: Service,
  method: string,
  urlPath: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<Answer> {
  const url = new URL(service.url);
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path: urlPath, headers: { Host: url.host, ...headers } },
      (res) => {
        let text = "";
        res.on("data", (d) => {
          if (text.length < 2000) text += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - started }));
      },
    );
    req.on("error", (err) => resolve({ status: 0, body: String(err), ms: performance.now() - started }));
    req.end(body);
  });
}

/** Asks /api/health every 100 ms until stopped: the slowest answer and how many failed. */
function healthProbe(service: Service): { stop(): Promise<{ maxMs: number; failed: number; count: number }> } {
  let running = true;
  let maxMs = 0;
  let failed = 0;
  let count = 0;
  const loop = (async () => {
    while (running) {
      const res = await send(service, "GET", "/api/health");
      count++;
      maxMs = Math.max(maxMs, res.ms);
      if (res.status !== 200) failed++;
      await sleep(100);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { maxMs: Math.round(maxMs), failed, count };
    },
  };
}

const RUNAWAYS = [
  "SELECT length(repeat('x', 1000000000)) AS n",
  "SELECT string_agg(repeat('y', 1000), ',') FROM range(5000000)",
  "SELECT count(*) FROM range(1000000000000)",
  "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
];

export async function analyticsRunaways(service: Service, timeoutMs: number): Promise<FaultRow> {
  const results: string[] = [];
  let late = 0;
  let peakAll = 0;
  let worstHealth = 0;
  let healthFailed = 0;
  for (const sql of RUNAWAYS) {
    const peak = rssPeak(service.pid);
    const probe = healthProbe(service);
    const res = await send(
      service,
      "POST",
      "/api/analytics",
      { "Content-Type": "application/json" },
      JSON.stringify({ sql }),
    );
    const health = await probe.stop();
    const mb = peak.stop();
    peakAll = Math.max(peakAll, mb);
    worstHealth = Math.max(worstHealth, health.maxMs);
    healthFailed += health.failed;
    if (res.ms > timeoutMs + 1_000) late++;
    const error = (() => {
      try {
        return JSON.parse(res.body).error ?? "answered";
      } catch {
        return res.body.slice(0, 80);
      }
    })();
    results.push(`\`${sql.slice(0, 48)}…\` → ${res.status} in ${(res.ms / 1000).toFixed(1)} s ("${error}")`);
  }
  return {
    fault: "analytics run-aways",
    tried: `${RUNAWAYS.length} queries that build huge values or never end, one after the other, through POST /api/analytics (time limit ${timeoutMs / 1000} s), /api/health asked every 100 ms meanwhile`,
    outcome: `${results.join("; ")}. Service RSS at most ${peakAll} MB; /api/health slowest ${worstHealth} ms, ${healthFailed} failed`,
    lost: late + healthFailed,
    recoveryMs: null,
    ok: late === 0 && healthFailed === 0 && peakAll < 400 && worstHealth <= 100,
  };
}

export async function bodyLimits(service: Service): Promise<FaultRow> {
  const before = rssMb(service.pid);
  const peak = rssPeak(service.pid);
  const probe = healthProbe(service);
  const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
  const answers = await Promise.all(
    Array.from({ length: 12 }, () =>
      send(
        service,
        "POST",
        "/api/analytics",
        { "Content-Type": "application/json", "Content-Length": String(big.length) },
        big,
      ),
    ),
  );
  const plain = await send(service, "POST", "/api/analytics", { "Content-Type": "text/plain" }, '{"sql":"SELECT 1"}');
  const health = await probe.stop();
  const mb = peak.stop();
  const statuses = [...new Set(answers.map((a) => a.status))].join(", ");
  const refused = answers.filter((a) => a.status === 413 || a.status === 0).length;
  return {
    fault: "request bodies",
    tried: "12 POSTs of 50 MB at once to /api/analytics, and one JSON body sent as text/plain",
    outcome: `50 MB bodies answered ${statuses} (${refused} of 12 refused; 0 = the server closed the socket after its 413 while the client was still sending); text/plain answered ${plain.status}; service RSS ${before} MB before, ${mb} MB at most; /api/health slowest ${health.maxMs} ms`,
    lost: health.failed,
    recoveryMs: null,
    ok: refused === 12 && plain.status === 415 && mb - before < 50,
  };
}

export async function crossSite(service: Service): Promise<FaultRow> {
  const patterns = JSON.parse((await send(service, "GET", "/api/patterns")).body) as {
    patterns?: { id: string; status: string }[];
  };
  const list = patterns.patterns ?? [];
  const id = list[0]?.id ?? "p-none";
  const statusBefore = JSON.stringify(list.map((p) => [p.id, p.status]));
  const port = new URL(service.url).port;
  const evil = { Origin: "http://evil.example", "Content-Type": "text/plain" };
  const attempts: [string, string, string, Record<string, string>][] = [
    ["dismiss a pattern", "POST", `/api/patterns/${id}/dismiss`, evil],
    ["snooze a pattern", "POST", `/api/patterns/${id}/snooze`, evil],
    ["dismiss an anomaly", "POST", "/api/anomalies/1/dismiss", evil],
    ["hold the backup checkpoint", "POST", "/api/maintenance/checkpoint", evil],
    ["accept, from a sandboxed frame", "POST", `/api/patterns/${id}/accept`, { Origin: "null" }],
    ["accept, Sec-Fetch-Site cross-site", "POST", `/api/patterns/${id}/accept`, { "Sec-Fetch-Site": "cross-site" }],
    ["read /api/stats by DNS rebinding", "GET", "/api/stats", { Host: `attacker.example:${port}` }],
  ];
  const outcomes: string[] = [];
  let through = 0;
  for (const [what, method, p, headers] of attempts) {
    const res = await send(service, method, p, headers, method === "POST" ? "{}" : undefined);
    if (res.status < 300) through++;
    outcomes.push(`${what} → ${res.status}`);
  }
  const after = JSON.parse((await send(service, "GET", "/api/patterns")).body) as {
    patterns?: { id: string; status: string }[];
  };
  const changed = statusBefore !== JSON.stringify((after.patterns ?? []).map((p) => [p.id, p.status]));
  await send(service, "POST", "/api/maintenance/resume");
  return {
    fault: "cross-site attempts (default mode: 127.0.0.1, no token)",
    tried: `${attempts.length} requests a web page can make a browser send (${list.length} patterns in the catalog)`,
    outcome: `${outcomes.join("; ")}; pattern statuses ${changed ? "CHANGED" : "unchanged"}`,
    lost: through + (changed ? 1 : 0),
    recoveryMs: null,
    ok: through === 0 && !changed,
  };
}
