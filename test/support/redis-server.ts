// Starts Debian's real redis-server on a free local port for tests, without persistence, and can kill and restart it.
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, launchUntilReady, portAccepts, stopProcess } from "./local-server.js";

const REDIS_SERVER = "/usr/bin/redis-server";

export interface RedisServerOptions {
  /** When set, clients must AUTH with this password. */
  password?: string;
}

export interface RunningRedis {
  url: string;
  port: number;
  /** Kills the server the hard way (SIGKILL), as a crash or a pulled plug would. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty (nothing is persisted). */
  restart(): Promise<void>;
  /** Stops the server and removes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RunningRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `redis-server is not installed (${REDIS_SERVER} missing): run \`apt-get install redis-server\` to run the Redis tests`,
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-redis-"));
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    dir,
    "--daemonize",
    "no",
  ];
  if (options.password) args.push("--requirepass", options.password);

  let child: ChildProcess | undefined;
  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    await stopProcess(running, signal);
  };
  child = await launch(args, port);
  return {
    url: options.password
      ? `redis://:${encodeURIComponent(options.password)}@127.0.0.1:${port}`
      : `redis://127.0.0.1:${port}`,
    port,
    kill: () => halt("SIGKILL"),
    async restart() {
      await halt("SIGTERM");
      child = await launch(args, port);
    },
    async stop() {
      await halt("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function launch(args: string[], port: number): Promise<ChildProcess> {
  return launchUntilReady({
    name: "redis-server",
    command: REDIS_SERVER,
    args,
    ready: () => portAccepts(port),
    readiness: `accept connections on port ${port}`,
    timeoutMs: 10_000,
  });
}
