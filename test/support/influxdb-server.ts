// Starts Debian's real InfluxDB 1.x (influxd) in a temp dir on free local ports for tests, and queries it with InfluxQL over HTTP.
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, launchUntilReady, portWasTaken, stopProcess } from "./local-server.js";

const INFLUXD = "/usr/bin/influxd";

export interface InfluxdOptions {
  /** Turns authentication on and creates this admin user first. */
  admin?: { username: string; password: string };
}

export interface RunningInfluxd {
  url: string;
  port: number;
  /** Runs InfluxQL (as the admin when there is one); throws on an HTTP or statement error. */
  query(q: string, db?: string): Promise<InfluxQueryResult>;
  /** Rows of the first series of a SELECT, as [time, ...columns] arrays with epoch ms times. */
  rows(q: string, db: string): Promise<{ columns: string[]; values: unknown[][] }>;
  kill(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface InfluxQueryResult {
  results: {
    statement_id: number;
    error?: string;
    series?: { name: string; columns: string[]; values: unknown[][] }[];
  }[];
}

/**
 * Starts influxd on free ports. A port found free can be taken by another test's server before
 * influxd binds it: then it starts again on new ports.
 */
export async function startInfluxd(options: InfluxdOptions = {}): Promise<RunningInfluxd> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startInfluxdOnce(options);
    } catch (err) {
      if (attempt >= 3 || !portWasTaken(err)) throw err;
    }
  }
}

async function startInfluxdOnce(options: InfluxdOptions): Promise<RunningInfluxd> {
  if (!existsSync(INFLUXD)) {
    throw new Error(
      `InfluxDB 1.x is not installed (${INFLUXD} missing): run \`apt-get install -y influxdb\` to run the InfluxDB tests`,
    );
  }
  const port = await freePort();
  const rpcPort = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-influxd-"));
  const config = path.join(dir, "influxdb.conf");
  writeFileSync(
    config,
    [
      "reporting-disabled = true",
      `bind-address = "127.0.0.1:${rpcPort}"`,
      "[meta]",
      `  dir = "${dir}/meta"`,
      "[data]",
      `  dir = "${dir}/data"`,
      `  wal-dir = "${dir}/wal"`,
      "  query-log-enabled = false",
      "[http]",
      `  bind-address = "127.0.0.1:${port}"`,
      `  auth-enabled = ${options.admin ? "true" : "false"}`,
      "  log-enabled = false",
      "[monitor]",
      "  store-enabled = false",
      "[continuous_queries]",
      "  enabled = false",
      "",
    ].join("\n"),
  );
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    await stopProcess(running, signal);
  };
  child = await launch(config, url);

  const authHeader: Record<string, string> = options.admin
    ? {
        Authorization: `Basic ${Buffer.from(`${options.admin.username}:${options.admin.password}`).toString("base64")}`,
      }
    : {};
  const query = async (q: string, db?: string): Promise<InfluxQueryResult> => {
    const params = new URLSearchParams({ q, epoch: "ms" });
    if (db) params.set("db", db);
    const res = await fetch(`${url}/query`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...authHeader },
      body: params,
    });
    const body = (await res.json()) as InfluxQueryResult & { error?: string };
    if (!res.ok || body.error) throw new Error(`InfluxQL ${q} failed: HTTP ${res.status} ${body.error ?? ""}`);
    const failed = body.results.find((r) => r.error);
    if (failed) throw new Error(`InfluxQL ${q} failed: ${failed.error}`);
    return body;
  };
  if (options.admin) {
    // Allowed without credentials while no user exists: the first user must be an admin.
    await query(
      `CREATE USER "${options.admin.username}" WITH PASSWORD '${options.admin.password}' WITH ALL PRIVILEGES`,
    );
  }
  return {
    url,
    port,
    query,
    async rows(q, db) {
      const series = (await query(q, db)).results[0]?.series?.[0];
      return { columns: series?.columns ?? [], values: series?.values ?? [] };
    },
    kill: () => halt("SIGKILL"),
    async restart() {
      await halt("SIGTERM");
      child = await launch(config, url);
    },
    async stop() {
      await halt("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function launch(config: string, url: string): Promise<ChildProcess> {
  return launchUntilReady({
    name: "influxd",
    command: INFLUXD,
    args: ["-config", config],
    ready: () =>
      fetch(`${url}/ping`).then(
        (r) => r.status === 204,
        () => false,
      ),
    readiness: `answer ${url}/ping`,
    timeoutMs: 20_000,
    pollMs: 50,
  });
}
