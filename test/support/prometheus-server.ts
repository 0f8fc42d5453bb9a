// Starts Debian's real Prometheus on a free loopback port, scraping one target, and reads series over its HTTP API.

import type { ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, launchUntilReady, stopProcess } from "./local-server.js";

const PROMETHEUS = "/usr/bin/prometheus";

export interface ScrapeTarget {
  /** host:port */
  address: string;
  metricsPath: string;
  bearerToken?: string;
}

export interface RunningPrometheus {
  url: string;
  /** Result of an instant query: each series' labels and value. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  stop(): Promise<void>;
}

/**
 * Makes sure Prometheus is there: installs the Debian package when running as root, otherwise
 * returns why it cannot run (the test then skips with that message).
 */
export function ensurePrometheus(): string | null {
  if (existsSync(PROMETHEUS)) return null;
  if (process.getuid?.() !== 0)
    return `Prometheus is not installed (${PROMETHEUS} missing) and installing needs root: run \`sudo apt-get install -y prometheus\``;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: "ignore", env });
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "prometheus"], { stdio: "ignore", env });
  return existsSync(PROMETHEUS) ? null : `installing prometheus did not bring ${PROMETHEUS}`;
}

export async function startPrometheus(target: ScrapeTarget): Promise<RunningPrometheus> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-prometheus-"));
  const config = path.join(dir, "prometheus.yml");
  const auth = target.bearerToken ? ["    authorization:", `      credentials: "${target.bearerToken}"`] : [];
  writeFileSync(
    config,
    [
      "global:",
      "  scrape_interval: 1s",
      "  scrape_timeout: 1s",
      "scrape_configs:",
      "  - job_name: home_patterns",
      `    metrics_path: ${target.metricsPath}`,
      ...auth,
      "    static_configs:",
      `      - targets: ["${target.address}"]`,
      "",
    ].join("\n"),
  );
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined = await launchUntilReady({
    name: "prometheus",
    command: PROMETHEUS,
    args: [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    ready: async () => {
      try {
        return (await fetch(`${url}/-/ready`)).ok;
      } catch {
        return false;
      }
    },
    readiness: `answer ${url}/-/ready`,
    timeoutMs: 30_000,
  });
  return {
    url,
    async query(promql) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await res.json()) as {
        status: string;
        error?: string;
        data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      if (body.status !== "success") throw new Error(`prometheus query failed: ${body.error}`);
      return (body.data?.result ?? []).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    async stop() {
      const running = child;
      child = undefined;
      await stopProcess(running, "SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
