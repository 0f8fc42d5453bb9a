// Taking over a stale service.pid when any number of writers start at the same instant: exactly one
// of them replaces it. Moving the stale file aside and putting back what turned out to be a live
// claim left a moment with no file, in which a third writer could claim too; here the file is never
// absent, and only the writer that won the right to replace this very stale file replaces it.
import { createHash } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type ClaimSnapshot, linkIfAbsent, readClaim, sameClaim } from "./claim-files.js";

/** The marker files of takeovers: `<claim file>.<key>.taking`, holding the taker's own claim. */
export const TAKEOVER_MARKER = /^service\.pid\.[0-9a-f]{16}\.taking$/;

// Each level is a taker that died between winning and replacing (a kill -9 within microseconds).
const MAX_CUT_SHORT = 5;

export type TakeoverOutcome =
  /** This process's claim replaced the stale file. */
  | { kind: "taken" }
  /** The file is no longer the stale one read: read it again. */
  | { kind: "changed" }
  /** A live process won the right to replace it first: the claim it is writing. */
  | { kind: "taker"; pid: number; claim: string };

/**
 * Replaces `stale`, the claim file `file` held when read, with `content` (this process's claim,
 * `pid`'s), where this process is the one that wins the right to: the exclusive creation of a
 * marker named after that very file (its inode and text), holding the taker's claim. The winner
 * checks that the file is still the stale one and renames its claim over it; the others see the
 * marker's live taker and stop. A marker whose taker died (`liveOwner` says null) passes the
 * right on to a marker named after both, so a taker killed half-way blocks nobody.
 */
export function takeOverStale(
  file: string,
  stale: ClaimSnapshot,
  content: string,
  pid: number,
  liveOwner: (claim: string) => number | null,
): TakeoverOutcome {
  const written = `${file}.${pid}.new`;
  writeFileSync(written, content);
  const deadMarkers: string[] = [];
  try {
    let marker = takeoverMarker(file, stale);
    for (let level = 0; level < MAX_CUT_SHORT; level++) {
      if (linkIfAbsent(written, marker, content)) return replaceIfStill(file, stale, written, marker, deadMarkers);
      const taker = readClaim(marker);
      // The taker gave up or finished between our attempt and this read: the file has changed.
      if (taker === null) return { kind: "changed" };
      const takerPid = liveOwner(taker.text);
      if (takerPid !== null) return { kind: "taker", pid: takerPid, claim: taker.text };
      deadMarkers.push(marker);
      marker = takeoverMarker(marker, taker);
    }
    throw new Error(
      `${MAX_CUT_SHORT} takeovers of ${file} in a row were cut short; if no other writer is starting, ` +
        `remove the ${file}.*.taking files and start again`,
    );
  } finally {
    rmSync(written, { force: true });
  }
}

/** Holding the right to replace `stale`: does so if the file is still it, then removes the markers. */
function replaceIfStill(
  file: string,
  stale: ClaimSnapshot,
  written: string,
  marker: string,
  deadMarkers: readonly string[],
): TakeoverOutcome {
  let replaced = false;
  try {
    const now = readClaim(file);
    if (now === null || !sameClaim(now, stale)) return { kind: "changed" };
    // One step, and the file is never absent: a writer that finds no file claims it, so it must not
    // find none while another holds it.
    renameSync(written, file);
    replaced = true;
    return { kind: "taken" };
  } finally {
    rmSync(marker, { force: true });
    // The dead takers' markers name a file that is gone now; nobody needs them any more.
    if (replaced) for (const m of deadMarkers) rmSync(m, { force: true });
  }
}

/**
 * The marker whose creator may replace `claim`, the file `file` held: named after that file's
 * identity and text (and, for a taker's marker that died, after the markers before it).
 */
export function takeoverMarker(file: string, claim: ClaimSnapshot): string {
  const claimFile = file.replace(/\.[0-9a-f]{16}\.taking$/, "");
  // The name, not the path: writers may spell the data dir differently.
  const named = `${path.basename(file)}\n${claim.identity}\n${claim.text}`;
  const key = createHash("sha256").update(named).digest("hex").slice(0, 16);
  return `${claimFile}.${key}.taking`;
}
