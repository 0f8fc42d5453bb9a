// The file steps a data dir's claim (service.pid) is made of: created whole and only where absent,
// and read together with which file it was, so that a file replaced meanwhile is told from the one read.
import { closeSync, fstatSync, linkSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";

/** A claim file's text and which file it was (device and inode), both from one open descriptor. */
export interface ClaimSnapshot {
  text: string;
  identity: string;
}

/** The file at `file` now, or null where there is none. */
export function readClaim(file: string): ClaimSnapshot | null {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    return { text: readFileSync(fd, "utf8"), identity: `${stat.dev}:${stat.ino}` };
  } finally {
    closeSync(fd);
  }
}

/** Whether two snapshots are of the same file with the same text. */
export function sameClaim(a: ClaimSnapshot, b: ClaimSnapshot): boolean {
  return a.identity === b.identity && a.text === b.text;
}

// What link() fails with where a file system has no hard links, or a security profile forbids them.
const NO_HARD_LINKS = new Set(["EPERM", "EACCES", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

/**
 * Gives `target` the content of the finished file `written` in one step (a hard link), or returns
 * false if `target` exists: nobody ever reads it half-written and takes it for stale. Where the
 * file system has no hard links, an exclusive create of `target` with `content`.
 */
export function linkIfAbsent(written: string, target: string, content: string): boolean {
  try {
    linkSync(written, target);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (!NO_HARD_LINKS.has(code ?? "")) throw err;
    return createExclusive(target, content);
  }
}

/** Writes `content` to a temporary file `written`, links it as `target` if absent, and removes the temporary. */
export function createOnlyIfAbsent(written: string, target: string, content: string): boolean {
  writeFileSync(written, content);
  try {
    return linkIfAbsent(written, target, content);
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
