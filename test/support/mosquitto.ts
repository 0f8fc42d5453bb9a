// Starts Debian's real mosquitto broker on a free local port for tests, with an optional password file.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

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
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<RunningMosquitto> {
  if (!existsSync(MOSQUITTO)) {
    throw new Error(`mosquitto is not installed (${MOSQUITTO} missing): run \`apt-get install mosquitto\` to run the MQTT tests`);
  }
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-mosquitto-"));
  const lines = [`listener ${port} 127.0.0.1`, "persistence false", "log_dest stderr", "log_type error", "log_type warning"];
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
  writeFileSync(configFile, lines.join("\n") + "\n");

  let child: ChildProcess | undefined;
  const launch = async () => {
    child = await launchBroker(configFile, port);
  };
  const halt = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGTERM");
    });
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
  };
}

async function launchBroker(configFile: string, port: number): Promise<ChildProcess> {
  const child = spawn(MOSQUITTO, ["-c", configFile], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk) => (stderr += String(chunk)));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`mosquitto exited with code ${child.exitCode}: ${stderr.trim()}`);
    }
    if (await accepts(port)) return child;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`mosquitto did not accept connections on port ${port} within 10 s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
