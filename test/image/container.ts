// A container of the built image, started by scripts/image/run-container.sh: its PID 1, exec and exit.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

export interface ImageConfig {
  Env?: string[];
  WorkingDir?: string;
  Entrypoint?: string[];
  Cmd?: string[];
  Healthcheck?: { Test: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number };
}

export interface ContainerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The buildah command with its storage flags, as scripts/check-image.sh sets it. */
export function buildahCommand(): string[] {
  const command = process.env.BUILDAH;
  if (!command) throw new Error("BUILDAH is not set: run this check through scripts/check-image.sh");
  return command.split(/\s+/).filter(Boolean);
}

export async function imageConfig(image: string): Promise<ImageConfig> {
  const [bin, ...args] = buildahCommand();
  const { stdout } = await run(bin, [...args, "inspect", "--type", "image", image], { maxBuffer: 16 * 1024 * 1024 });
  return (JSON.parse(stdout) as { Docker: { config: ImageConfig } }).Docker.config;
}

export class Container {
  output = "";
  readonly exited: Promise<ContainerExit>;
  private constructor(
    private readonly child: ChildProcess,
    private readonly pidFile: string,
    private readonly config: ImageConfig,
  ) {
    child.stdout!.on("data", (d) => {
      this.output += d;
    });
    child.stderr!.on("data", (d) => {
      this.output += d;
    });
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  }

  /** `traceFile`: strace records every file the container opens or runs there. */
  static async start(
    image: string,
    dataDir: string,
    env: Record<string, string>,
    traceFile?: string,
  ): Promise<Container> {
    const pidFile = path.join(dataDir, "..", `${path.basename(dataDir)}.pid`);
    const config = await imageConfig(image);
    const pairs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    const child = spawn(path.join(root, "scripts/image/run-container.sh"), [image, dataDir, pidFile, ...pairs], {
      stdio: ["ignore", "pipe", "pipe"],
      env: traceFile ? { ...process.env, TRACE_FILE: traceFile } : process.env,
    });
    const container = new Container(child, pidFile, config);
    // buildah copies the image's layers first: slow with the vfs driver on a busy machine.
    const deadline = Date.now() + 180_000;
    while (!container.pid1()) {
      if (child.exitCode !== null || Date.now() > deadline) {
        container.kill();
        throw new Error(`the container did not start:\n${container.output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return container;
  }

  /** The host's PID of the container's PID 1, or 0 before it is known. */
  pid1(): number {
    if (!existsSync(this.pidFile)) return 0;
    return Number(readFileSync(this.pidFile, "utf8").trim()) || 0;
  }

  /** What `docker exec` does: a command in the container's namespaces and root, with its environment. */
  async exec(argv: string[], timeoutMs = 30_000): Promise<{ code: number; stdout: string; stderr: string }> {
    const args = [
      `--target=${this.pid1()}`,
      "--mount",
      "--uts",
      "--ipc",
      "--pid",
      "--root",
      "--wd",
      "--",
      "/usr/bin/env",
      "-i",
      ...(this.config.Env ?? []),
      ...argv,
    ];
    try {
      const { stdout, stderr } = await run("nsenter", args, { timeout: timeoutMs });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
    }
  }

  /** The image's HEALTHCHECK as Docker runs it: CMD-SHELL through /bin/sh -c, CMD directly. */
  async healthCheck(): Promise<{ code: number; stdout: string; stderr: string }> {
    const test = this.config.Healthcheck?.Test ?? [];
    if (test[0] === "CMD-SHELL") return this.exec(["/bin/sh", "-c", test[1]]);
    if (test[0] === "CMD") return this.exec(test.slice(1));
    throw new Error(`the image has no health check (${JSON.stringify(test)})`);
  }

  /** Retries the health check as Docker does in the start period, up to `timeoutMs`. */
  async waitHealthy(timeoutMs = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
    const deadline = Date.now() + timeoutMs;
    let result = await this.healthCheck();
    while (result.code !== 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      result = await this.healthCheck();
    }
    return result;
  }

  /** What `docker stop` does first: SIGTERM to PID 1. */
  terminate(): void {
    process.kill(this.pid1(), "SIGTERM");
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill("SIGTERM");
  }
}
