// Starts Debian's real MariaDB (mariadb-install-db + mariadbd) in a temp dir on a free loopback port for tests.

import type { ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import { freePort, launchUntilReady, stopProcess } from "./local-server.js";

const SERVER = "/usr/sbin/mariadbd";

export interface RunningMariadb {
  port: number;
  /** Runs SQL (several statements allowed) as root, e.g. to load a dump or create a user. */
  exec(sql: string, database?: string): Promise<void>;
  stop(): Promise<void>;
}

export function mariadbInstalled(): boolean {
  return existsSync(SERVER) && existsSync("/usr/bin/mariadb-install-db");
}

export async function startMariadb(): Promise<RunningMariadb> {
  if (!mariadbInstalled())
    throw new Error(`MariaDB is not installed (${SERVER} missing): apt-get install -y mariadb-server`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-mariadb-"));
  // As root the server runs as the mysql user, which must reach its folder.
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? ["--user=mysql"] : [];
  chmodSync(dir, 0o755);
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "mysql"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "mysql"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  execFileSync(
    "mariadb-install-db",
    ["--no-defaults", `--datadir=${data}`, "--auth-root-authentication-method=normal", "--skip-test-db", ...user],
    { stdio: "ignore" },
  );
  const port = await freePort();
  const root = { host: "127.0.0.1", port, user: "root", password: "", multipleStatements: true };
  let child: ChildProcess | undefined = await launchUntilReady({
    name: "mariadbd",
    command: SERVER,
    args: [
      "--no-defaults",
      `--datadir=${data}`,
      `--port=${port}`,
      "--bind-address=127.0.0.1",
      `--socket=${path.join(dir, "sock")}`,
      `--pid-file=${path.join(dir, "pid")}`,
      "--skip-log-bin",
      "--innodb-buffer-pool-size=32M",
      ...user,
    ],
    ready: () => answers(root),
    readiness: `answer queries on port ${port}`,
    timeoutMs: 60_000,
    pollMs: 100,
  });
  return {
    port,
    async exec(sql, database) {
      const c = await mysql.createConnection({ ...root, database });
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    },
    async stop() {
      const running = child;
      child = undefined;
      await stopProcess(running, "SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function answers(options: mysql.ConnectionOptions): Promise<boolean> {
  try {
    const c = await mysql.createConnection(options);
    await c.query("SELECT 1");
    await c.end();
    return true;
  } catch {
    return false;
  }
}
