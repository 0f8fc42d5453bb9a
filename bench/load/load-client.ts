// The load generator, run as its own process so its work does not count against the service's event loop.
import http from "node:http";

export interface LoadPlan {
  baseUrl: string;
  clients: number;
  durationMs: number;
  /** Each client requests these in turn, starting at a different one, back to back. */
  paths: string[];
}

export interface RouteLatency {
  route: string;
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Groups /api/entities/<id> and query strings under one route name. */
function routeOf(p: string): string {
  const bare = p.split("?")[0]!;
  return bare.replace(/^\/api\/entities\/[^/]+/, "/api/entities/:id");
}

function get(agent: http.Agent, url: URL): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
  });
}

export async function runLoad(plan: LoadPlan): Promise<RouteLatency[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.clients });
  const samples = new Map<string, number[]>();
  const errors = new Map<string, number>();
  const end = performance.now() + plan.durationMs;
  await Promise.all(
    Array.from({ length: plan.clients }, async (_, client) => {
      for (let i = client; performance.now() < end; i++) {
        const p = plan.paths[i % plan.paths.length]!;
        const started = performance.now();
        const status = await get(agent, new URL(p, plan.baseUrl));
        const route = routeOf(p);
        if (status !== 200) errors.set(route, (errors.get(route) ?? 0) + 1);
        const list = samples.get(route) ?? [];
        list.push(performance.now() - started);
        samples.set(route, list);
      }
    }),
  );
  agent.destroy();
  return [...samples].map(([route, values]) => {
    values.sort((a, b) => a - b);
    const at = (q: number) => round(values[Math.min(values.length - 1, Math.floor(q * values.length))]!);
    return {
      route,
      count: values.length,
      errors: errors.get(route) ?? 0,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      max: round(values.at(-1)!),
    };
  });
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

// As a child process: the plan as JSON in argv, the latencies as JSON on stdout.
if (process.argv[2] === "--plan") {
  runLoad(JSON.parse(process.argv[3]!) as LoadPlan).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (err) => {
      process.stderr.write(`load client failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
