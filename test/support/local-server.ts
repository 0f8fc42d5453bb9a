// Starting and stopping a real server program for a test: a free port, waiting until it is ready, stopping it.
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";

/** A port nobody listens on right now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when a server failed because its port, free when picked, was bound by someone else first. */
export function portWasTaken(err: unknown): boolean {
  return /address already in use|EADDRINUSE/i.test(err instanceof Error ? err.message : String(err));
}

/** True when something accepts TCP connections on the loopback port. */
export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface LaunchOptions {
  /** Program name in error messages. */
  name: string;
  command: string;
  args: string[];
  /** Polled until true: the server is ready for the test. */
  ready: () => Promise<boolean>;
  /** What readiness means, for the timeout message ("accept connections on port 1883"). */
  readiness: string;
  timeoutMs: number;
  pollMs?: number;
  /** Run as this user and group (a server that refuses root). */
  uid?: number;
  gid?: number;
}

/** Spawns the program and resolves once it is ready; its output is kept for the error when it is not. */
export async function launchUntilReady(o: LaunchOptions): Promise<ChildProcess> {
  const child = spawn(o.command, o.args, { stdio: ["ignore", "pipe", "pipe"], uid: o.uid, gid: o.gid });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-4_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${o.name} exited with code ${child.exitCode}: ${output.trim()}`);
    if (await o.ready()) return child;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${o.name} did not ${o.readiness} within ${o.timeoutMs / 1000} s: ${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, o.pollMs ?? 25));
  }
}

/** Sends the signal and waits for the exit; nothing to do for a process that already ended. */
export async function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}
