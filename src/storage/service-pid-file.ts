// The data dir's owner: the running service writes service.pid so that a second service started on
// the same data dir refuses to start, and the commands that write (import, forget, migrate, rollup,
// detect) refuse to become a second writer beside it.
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DataDirInUseError } from "../core/errors.js";

export const SERVICE_PID_FILE = "service.pid";

export interface ProcessProbe {
  /** This process's id. */
  pid: number;
  /** Whether a process with this id exists. */
  alive(pid: number): boolean;
  /** When the process started, in the system's own units, or null where that cannot be read. */
  startTime(pid: number): string | null;
  /** What tells this boot of the system from the others, or null where that cannot be read. */
  bootId(): string | null;
}

/** The probe for real processes: signal 0, and /proc's start time and boot id on Linux. */
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
  bootId() {
    try {
      return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || null;
    } catch {
      return null;
    }
  },
};

// Taking over a stale file races only with other services starting at the same moment; each
// round either claims, refuses or sees that one of them changed the file, so a few rounds suffice.
const CLAIM_ROUNDS = 5;

/**
 * Makes this process the data dir's owner, before anything opens the stores: service.pid is
 * created only where none exists, so of two services starting at once one wins and the other
 * refuses. A file naming a live service is refused with DataDirInUseError; a stale one (see
 * dataDirOwner) is taken over. Returns the function that removes the file if it is still ours.
 */
export function claimDataDir(dataDir: string, probe: ProcessProbe = SYSTEM_PROCESSES): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SERVICE_PID_FILE);
  const content = `${probe.pid} ${probe.startTime(probe.pid) ?? "-"} ${probe.bootId() ?? "-"}\n`;
  for (let round = 0; round < CLAIM_ROUNDS; round++) {
    if (createOnlyIfAbsent(file, content, probe.pid)) return () => releaseIfOurs(file, content);
    const found = readOrNull(file);
    if (found === null) continue;
    const owner = ownerIn(found, probe);
    if (owner !== null) throw new DataDirInUseError(owner, dataDir);
    takeOverStale(file, found, probe.pid);
  }
  throw new Error(`${file} kept changing while this service tried to claim it: is another service starting?`);
}

/**
 * The id of the live service that owns the data dir, or null: no pid file, a pid file left by a
 * process that has ended (a kill -9, a power cut, a restarted container), one whose id was since
 * reused by another process (its start time differs, or the system was restarted since), or one
 * naming this very process.
 */
export function dataDirOwner(dataDir: string, probe: ProcessProbe = SYSTEM_PROCESSES): number | null {
  let found: string;
  try {
    found = readFileSync(path.join(dataDir, SERVICE_PID_FILE), "utf8");
  } catch {
    return null;
  }
  return ownerIn(found, probe);
}

function ownerIn(text: string, probe: ProcessProbe): number | null {
  const [pidText, started, boot] = text.trim().split(" ");
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || pid === probe.pid || !probe.alive(pid)) return null;
  if (boot && boot !== "-") {
    const now = probe.bootId();
    if (now !== null && now !== boot) return null;
  }
  if (started && started !== "-") {
    const now = probe.startTime(pid);
    if (now !== null && now !== started) return null;
  }
  return pid;
}

// What link() fails with where a file system has no hard links, or a security profile forbids them.
const NO_HARD_LINKS = new Set(["EPERM", "EACCES", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

/**
 * Creates the file with its whole content in one step, or returns false if it exists. A hard link
 * of a finished temporary file, so that no other service ever reads it empty (and takes it for
 * stale) while it is being written; where the file system has no hard links, an exclusive create.
 */
function createOnlyIfAbsent(file: string, content: string, pid: number): boolean {
  const written = `${file}.${pid}.new`;
  writeFileSync(written, content);
  try {
    linkSync(written, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (!NO_HARD_LINKS.has(code ?? "")) throw err;
    return createExclusive(file, content);
  } finally {
    rmSync(written, { force: true });
  }
}

function createExclusive(file: string, content: string): boolean {
  try {
    writeFileSync(file, content, { flag: "wx" });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}

/**
 * Removes the stale file, but only that one: it is moved aside first and checked, and should it be
 * the claim of a service that started since, it is put back (where nobody claimed again meanwhile).
 */
function takeOverStale(file: string, stale: string, pid: number): void {
  const aside = `${file}.${pid}.stale`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  try {
    const moved = readOrNull(aside);
    if (moved !== null && moved !== stale) createOnlyIfAbsent(file, moved, pid);
  } finally {
    rmSync(aside, { force: true });
  }
}

function releaseIfOurs(file: string, content: string): void {
  if (readOrNull(file) === content) rmSync(file, { force: true });
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}
