// One row of the fault matrix in RELIABILITY.md.
export interface FaultRow {
  fault: string;
  tried: string;
  /** What happened, in figures. */
  outcome: string;
  /** Events, days or answers lost: must be 0. A string when it is not a count ("not run"). */
  lost: number | string;
  /** From the fault's end to the service (or the command) being whole again; null when nothing had to recover. */
  recoveryMs: number | null;
  ok: boolean;
}
