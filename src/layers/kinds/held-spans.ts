// When an entity-state held, as flat sorted [start, end) spans: the moments a follower already on could not turn on.

/** Whether t falls strictly inside one of the [start, end) spans (flat, sorted; a last start may be open). */
export function isHeld(spans: readonly number[], t: number): boolean {
  let lo = 0;
  let hi = Math.ceil(spans.length / 2) - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[2 * mid] < t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return false;
  const end = spans[2 * found + 1];
  return end === undefined || t < end;
}

/** How many of the sorted times fall strictly inside one of the [start, end) spans (flat, sorted). */
export function countWithin(times: readonly number[], spans: readonly number[]): number {
  let n = 0;
  let s = 0;
  for (const t of times) {
    while (s + 1 < spans.length && spans[s + 1] <= t) s += 2;
    if (s + 1 < spans.length && spans[s] < t && t < spans[s + 1]) n++;
  }
  return n;
}
