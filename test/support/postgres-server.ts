// Starts Debian's real PostgreSQL (initdb + postgres) in a temp dir on a free loopback port for tests.

import type { ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort, launchUntilReady, stopProcess } from "./local-server.js";

const VERSIONS = "/usr/lib/postgresql";

export interface RunningPostgres {
  /** postgresql://postgres@127.0.0.1:<port>/postgres */
  url: string;
  stop(): Promise<void>;
}

/** The newest installed server's bin folder, or null when PostgreSQL is not installed. */
export function postgresBin(): string | null {
  if (!existsSync(VERSIONS)) return null;
  const versions = readdirSync(VERSIONS)
    .filter((v) => existsSync(path.join(VERSIONS, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(VERSIONS, versions[0], "bin") : null;
}

/** PostgreSQL refuses to run as root: as root the server runs as the postgres user. */
function asServerUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  return { uid, gid };
}

export async function startPostgres(): Promise<RunningPostgres> {
  const bin = postgresBin();
  if (!bin)
    throw new Error(`PostgreSQL is not installed (${VERSIONS}/*/bin/postgres missing): apt-get install -y postgresql`);
  const user = asServerUser();
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-postgres-"));
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  const data = path.join(dir, "data");
  execFileSync(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"], {
    stdio: "ignore",
    ...user,
  });
  const port = await freePort();
  let child: ChildProcess | undefined = await launchUntilReady({
    name: "postgres",
    command: path.join(bin, "postgres"),
    args: ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
    ready: () => answers(`postgresql://postgres@127.0.0.1:${port}/postgres`),
    readiness: `answer queries on port ${port}`,
    timeoutMs: 30_000,
    ...user,
  });
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      const running = child;
      child = undefined;
      await stopProcess(running, "SIGINT");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Accepting connections is not enough: "the database system is starting up" until recovery ends. */
async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
