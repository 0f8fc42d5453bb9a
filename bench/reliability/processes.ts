// Starts the built service and its CLI as child processes, the way a user runs them, for the fault matrix.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../../src/core/package-root.js";

export const MAIN = path.join(packageRoot(), "dist/src/main.js");

export interface Service {
  child: ChildProcess;
  url: string;
  pid: number;
  logs(): string;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

export function baseEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TZ: "UTC", DATA_DIR: dataDir, ...extra };
}

export async function startService(
  dataDir: string,
  args: string[],
  extra: Record<string, string> = {},
): Promise<Service> {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: baseEnv(dataDir, { PORT: "0", ...extra }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start in 60 s:\n${output.slice(-2000)}`)), 60_000);
    const check = () => {
      const m = /panel and API on (http:\/\/[^\s"]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited (${code}) before it started:\n${output.slice(-2000)}`));
    });
  });
  return {
    child,
    url,
    pid: child.pid!,
    logs: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

export interface CliRun {
  code: number | string;
  ms: number;
  output: string;
  killed: boolean;
}

/** Runs a CLI command; with killAfterMs, sends SIGKILL then if it is still running. */
export function runCli(
  dataDir: string,
  args: string[],
  opts: { killAfterMs?: number; extra?: Record<string, string> } = {},
): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: baseEnv(dataDir, opts.extra),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let bytes = 0;
  const keep = (d: Buffer) => {
    bytes += d.length;
    if (output.length < 20_000) output += d;
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let killed = false;
  const timer =
    opts.killAfterMs === undefined
      ? undefined
      : setTimeout(() => {
          killed = child.exitCode === null && child.kill("SIGKILL");
        }, opts.killAfterMs);
  return new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? signal ?? "?",
        ms: performance.now() - started,
        output: `${output}\n[${bytes} bytes of output]`,
        killed,
      });
    }),
  );
}

/** Resident memory of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? 0 : Math.round(Number(kb) / 1024);
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every 50 ms until stopped; returns the peak in MB. */
export function rssPeak(pid: number): { stop(): number } {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
