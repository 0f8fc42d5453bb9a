// Home Assistant's two time formats (ISO with microseconds, epoch seconds as a float) to epoch ms.

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch ms of an ISO time such as "2026-11-23T10:54:14.519365+00:00", truncating below the
 * millisecond. Both formats truncate the same way, so a state seen live and the same state read
 * back from history get the same ts. Returns NaN for anything else.
 */
export function isoToEpochMs(iso: string): number {
  const m = ISO.exec(iso);
  if (!m) return Number.NaN;
  const millis = (m[2] ?? "").slice(0, 3).padEnd(3, "0");
  return Date.parse(`${m[1]}.${millis}${m[3]}`);
}

/** Epoch ms of epoch seconds as a float (1795431254.519365), truncated like isoToEpochMs. */
export function epochSecondsToMs(seconds: number): number {
  // Via whole microseconds: 1795431254.519365 * 1000 is 1795431254519.3648..., and a value like
  // x.001 would otherwise floor to x.000.
  return Math.floor(Math.round(seconds * 1_000_000) / 1000);
}

/** The ISO form Home Assistant accepts for start_time ("...Z"). */
export function epochMsToIso(ms: number): string {
  return new Date(ms).toISOString();
}
