// The data dir's owner: the running service writes service.pid so that the commands that write
// (import, forget, migrate, rollup, detect) can refuse to become a second writer beside it.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const SERVICE_PID_FILE = "service.pid";

export interface ProcessProbe {
  /** This process's id. */
  pid: number;
  /** Whether a process with this id exists. */
  alive(pid: number): boolean;
  /** When the process started, in the system's own units, or null where that cannot be read. */
  startTime(pid: number): string | null;
}

/** The probe for real processes: signal 0, and /proc/<pid>/stat's start time on Linux. */
export const SYSTEM_PROCESSES: ProcessProbe = {
  pid: process.pid,
  alive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      // EPERM: it exists but belongs to another user.
      return (err as NodeJS.ErrnoException).code === "EPERM";
    }
  },
  startTime(pid) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Field 22 (starttime) counts from after the parenthesized command name, which may hold spaces.
      return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
    } catch {
      return null;
    }
  },
};

/** Writes this process's id (and start time) as the data dir's owner; the returned function removes it if still ours. */
export function claimDataDir(dataDir: string, probe: ProcessProbe = SYSTEM_PROCESSES): () => void {
  const file = path.join(dataDir, SERVICE_PID_FILE);
  const content = `${probe.pid} ${probe.startTime(probe.pid) ?? "-"}\n`;
  writeFileSync(file, content);
  return () => {
    try {
      if (readFileSync(file, "utf8") === content) rmSync(file);
    } catch {
      // Already gone: nothing to release.
    }
  };
}

/**
 * The id of the live service that owns the data dir, or null: no pid file, a pid file left by a
 * process that has ended (a kill -9, a power cut), one whose id was since reused by another
 * process (its start time differs), or one naming this very process.
 */
export function dataDirOwner(dataDir: string, probe: ProcessProbe = SYSTEM_PROCESSES): number | null {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, SERVICE_PID_FILE), "utf8");
  } catch {
    return null;
  }
  const [pidText, started] = text.trim().split(" ");
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || pid === probe.pid || !probe.alive(pid)) return null;
  if (started && started !== "-") {
    const now = probe.startTime(pid);
    if (now !== null && now !== started) return null;
  }
  return pid;
}
