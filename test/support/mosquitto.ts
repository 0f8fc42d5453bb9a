// Starts Debian's real mosquitto broker on a free local port for tests, with an optional password file.
import { type ChildProcess, execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, launchUntilReady, portAccepts, stopProcess } from "./local-server.js";

const MOSQUITTO = "/usr/sbin/mosquitto";
const MOSQUITTO_PASSWD = "/usr/bin/mosquitto_passwd";

export interface MosquittoOptions {
  /** Listen on this port (e.g. to start again where a stopped broker was); default a free one. */
  port?: number;
  /** user → password; when given, anonymous clients are refused. */
  users?: Record<string, string>;
}

export interface RunningMosquitto {
  url: string;
  port: number;
  /** Stops the broker and removes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops and starts the broker again on the same port (retained messages are lost: no persistence). */
  restart(): Promise<void>;
  /**
   * Kills the broker (SIGKILL: it sends no Last Will and saves nothing) and starts it again on the
   * same port, as after a crash of a broker without persistence.
   */
  crash(): Promise<void>;
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<RunningMosquitto> {
  if (!existsSync(MOSQUITTO)) {
    throw new Error(
      `mosquitto is not installed (${MOSQUITTO} missing): run \`apt-get install mosquitto\` to run the MQTT tests`,
    );
  }
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-mosquitto-"));
  const lines = [
    `listener ${port} 127.0.0.1`,
    "persistence false",
    "log_dest stderr",
    "log_type error",
    "log_type warning",
  ];
  // Run as root, mosquitto drops to its own user and then cannot read our temp dir.
  if (process.getuid?.() === 0) lines.push("user root");
  if (options.users && Object.keys(options.users).length > 0) {
    if (!existsSync(MOSQUITTO_PASSWD)) {
      throw new Error(`mosquitto_passwd is missing (${MOSQUITTO_PASSWD}): run \`apt-get install mosquitto\``);
    }
    const passwordFile = path.join(dir, "passwords");
    writeFileSync(passwordFile, "");
    chmodSync(passwordFile, 0o600);
    for (const [user, password] of Object.entries(options.users)) {
      execFileSync(MOSQUITTO_PASSWD, ["-b", passwordFile, user, password]);
    }
    lines.push("allow_anonymous false", `password_file ${passwordFile}`);
  } else {
    lines.push("allow_anonymous true");
  }
  const configFile = path.join(dir, "mosquitto.conf");
  writeFileSync(configFile, `${lines.join("\n")}\n`);

  let child: ChildProcess | undefined;
  const launch = async () => {
    child = await launchBroker(configFile, port);
  };
  const halt = async (signal: NodeJS.Signals = "SIGTERM") => {
    const running = child;
    child = undefined;
    await stopProcess(running, signal);
  };
  await launch();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await halt();
      await launch();
    },
    async crash() {
      await halt("SIGKILL");
      await launch();
    },
  };
}

function launchBroker(configFile: string, port: number): Promise<ChildProcess> {
  return launchUntilReady({
    name: "mosquitto",
    command: MOSQUITTO,
    args: ["-c", configFile],
    ready: () => portAccepts(port),
    readiness: `accept connections on port ${port}`,
    timeoutMs: 10_000,
  });
}
