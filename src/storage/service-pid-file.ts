// The data dir's one writer: the running service, or a command that writes (import, forget, migrate,
// rollup, detect) for as long as it runs, holds service.pid, so that no second service and no second
// writing command starts beside it.
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { DataDirInUseError, SERVICE_HOLDER } from "../core/errors.js";
import { createOnlyIfAbsent, readClaim } from "./claim-files.js";
import { TAKEOVER_MARKER, takeOverStale } from "./stale-claim-takeover.js";

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

// Taking over a stale file races only with other writers starting at the same moment; each
// round either claims, refuses or sees that one of them changed the file, so a few rounds suffice.
const CLAIM_ROUNDS = 5;

/**
 * Makes this process the data dir's owner, before anything opens the stores: service.pid is
 * created only where none exists, so of any number of writers starting at once one wins and the
 * others refuse. A file naming a live owner is refused with DataDirInUseError (naming the owner's
 * id and what it is: the service or a command); a stale one (see dataDirOwner) is taken over by
 * exactly one of those that find it (see takeOverStale), and so are the temporary files a claim
 * that crashed left. `holder` is what the file names: the service's
 * file says nothing more (as older releases wrote it), a command's adds the command's name.
 * Returns the function that removes the file if it is still ours.
 */
export function claimDataDir(
  dataDir: string,
  probe: ProcessProbe = SYSTEM_PROCESSES,
  holder: string = SERVICE_HOLDER,
): () => void {
  if (!HOLDER_NAME.test(holder)) throw new Error(`not a name for what holds a data dir: ${JSON.stringify(holder)}`);
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SERVICE_PID_FILE);
  const named = holder === SERVICE_HOLDER ? "" : ` ${holder}`;
  const content = `${probe.pid} ${probe.startTime(probe.pid) ?? "-"} ${probe.bootId() ?? "-"}${named}\n`;
  const claimed = () => {
    removeLeftovers(dataDir, probe);
    return () => releaseIfOurs(file, content);
  };
  for (let round = 0; round < CLAIM_ROUNDS; round++) {
    if (createOnlyIfAbsent(`${file}.${probe.pid}.new`, file, content)) return claimed();
    const found = readClaim(file);
    if (found === null) continue;
    const owner = ownerIn(found.text, probe);
    if (owner !== null) throw new DataDirInUseError(owner, dataDir, holderIn(found.text));
    const takeover = takeOverStale(file, found, content, probe.pid, (claim) => ownerIn(claim, probe));
    if (takeover.kind === "taken") return claimed();
    if (takeover.kind === "taker") throw new DataDirInUseError(takeover.pid, dataDir, holderIn(takeover.claim));
  }
  throw new Error(`${file} kept changing while this process tried to claim it: is another writer starting?`);
}

/**
 * The id of the live service or writing command that owns the data dir, or null: no pid file, a
 * pid file left by a process that has ended (a kill -9, a power cut, a restarted container), one
 * whose id was since reused by another process (its start time differs, or the system was
 * restarted since), or one naming this very process.
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

// What a command's claim adds after the boot id: its name.
const HOLDER_NAME = /^[a-z][a-z-]*$/;

/** The service where the file names nothing else (older releases' files, a garbled name). */
function holderIn(text: string): string {
  const named = text.trim().split(" ")[3];
  return named && HOLDER_NAME.test(named) ? named : SERVICE_HOLDER;
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

// The temporary files of a claim: the finished file before it is linked, a stale one moved aside
// (by older releases).
const CLAIM_TEMPORARY = /^service\.pid\.(\d+)\.(new|stale)$/;

/**
 * Removes what claims that crashed half-way (a kill -9, a power cut) left, where provably nobody
 * still needs it: this process's id (it claims nothing else now), an id no process has, or a
 * finished `.new` file whose writer was an earlier process with the same id (another start time or
 * boot); a takeover marker whose taker is no longer alive. A file of a live process that may be
 * claiming right now is left alone; it is harmless.
 */
function removeLeftovers(dataDir: string, probe: ProcessProbe): void {
  for (const name of readdirSync(dataDir)) {
    if (TAKEOVER_MARKER.test(name)) {
      const marker = path.join(dataDir, name);
      const taker = readOrNull(marker);
      if (taker !== null && ownerIn(taker, probe) === null) rmSync(marker, { force: true });
      continue;
    }
    const match = CLAIM_TEMPORARY.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    const file = path.join(dataDir, name);
    const stale =
      pid === probe.pid ||
      !probe.alive(pid) ||
      (match[2] === "new" && writtenByEarlierProcess(readOrNull(file), pid, probe));
    if (stale) rmSync(file, { force: true });
  }
}

/** A whole claim (its line ended) by process `pid` that is not the process with that id now. */
function writtenByEarlierProcess(text: string | null, pid: number, probe: ProcessProbe): boolean {
  if (text === null || !text.endsWith("\n")) return false;
  const [pidText, started, boot] = text.trim().split(" ");
  if (Number(pidText) !== pid) return false;
  const bootNow = probe.bootId();
  if (boot && boot !== "-" && bootNow !== null && bootNow !== boot) return true;
  const startedNow = probe.startTime(pid);
  return Boolean(started && started !== "-" && startedNow !== null && startedNow !== started);
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
