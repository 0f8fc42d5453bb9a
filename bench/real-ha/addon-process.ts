// Runs the built Home Patterns service as a child process against the real Home Assistant.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";

export interface AddonSettings {
  root: string;
  dataDir: string;
  haUrl: string;
  token: string;
  mqttUrl: string;
  optionsFile: string;
  logFile: string;
}

export class AddonProcess {
  private child: ChildProcess | undefined;
  url = "";

  constructor(private readonly settings: AddonSettings) {}

  /** Starts the service; resolves once its API answers. */
  async start(): Promise<void> {
    const s = this.settings;
    const log = createWriteStream(s.logFile, { flags: "a" });
    const child = spawn(process.execPath, [path.join(s.root, "dist/src/main.js"), "run"], {
      cwd: s.root,
      env: {
        PATH: process.env.PATH ?? "",
        HA_URL: s.haUrl,
        HA_TOKEN: s.token,
        MQTT_URL: s.mqttUrl,
        DATA_DIR: s.dataDir,
        OPTIONS_FILE: s.optionsFile,
        PORT: "0",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    let output = "";
    let started = false;
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the service did not start in 60 s:\n${output.slice(-2000)}`)),
        60_000,
      );
      const check = (chunk: Buffer) => {
        if (started) return;
        output += chunk.toString();
        const m = /panel and API on (http:\/\/[^\s"]+)/.exec(output);
        if (m) {
          started = true;
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout?.on("data", check);
      child.stderr?.on("data", check);
      child.once("exit", (code) => reject(new Error(`the service exited (${code}):\n${output.slice(-2000)}`)));
    });
    // What it said before the API answered (migrations, the first catch-up), then the rest.
    log.write(output);
    child.stdout?.on("data", (chunk: Buffer) => log.write(chunk));
    child.stderr?.on("data", (chunk: Buffer) => log.write(chunk));
    this.url = url;
  }

  /** SIGTERM, as the Supervisor stops an add-on; resolves when it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await exited;
  }

  async api<T>(p: string, init?: RequestInit): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}${p}`, init);
    return { status: res.status, body: (await res.json()) as T };
  }
}
