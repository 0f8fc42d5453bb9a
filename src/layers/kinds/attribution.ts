// Who caused events and whether an automation did: carried by every aggregate value.
import { type HomeEvent, isAutomated } from "../../core/home-event.js";

/** Counts per key (user id, hour, state, ...); merged by adding. */
export type Counts = Record<string, number>;

/** Every aggregate value carries these, so findings can say "already automated" and "who". */
export interface Attribution {
  /** Events (or occurrences) caused by an automation or script: HA context with a parent. */
  automated: number;
  /** Home Assistant user id → events that user caused. */
  users: Counts;
}

export function emptyAttribution(): Attribution {
  return { automated: 0, users: {} };
}

/** Adds one event's cause to an attribution in place (used while computing a day). */
export function attribute(target: Attribution, event: HomeEvent): void {
  if (isAutomated(event)) target.automated += 1;
  if (event.user) target.users[event.user] = (target.users[event.user] ?? 0) + 1;
}

/** An index far past any count key: setting it once turns an object's indexed keys into a dictionary. */
const DICTIONARY_INDEX = 2 ** 30;

/**
 * An empty Counts for a few large integer keys (window lengths in seconds): V8 gives `{}` set
 * at key 600 room for 900 indexed values (7 KB, 36 MB for a day's 5,000 pair rows); these keys
 * are kept in a small dictionary instead, as JSON.parse keeps them. mergeCounts starts from one
 * too: a window merging rows of many days allocated tens of MB of the 7 KB objects.
 */
export function sparseCounts(): Counts {
  const counts: Counts = {};
  counts[DICTIONARY_INDEX] = 0;
  delete counts[DICTIONARY_INDEX];
  return counts;
}

export function addCount(target: Counts, key: string | number, n = 1): void {
  target[key] = (target[key] ?? 0) + n;
}

/**
 * Sum of two count maps, as a new object. for-in instead of spread and Object.entries: windows
 * merge these (hour and quarter keys) for every row of every day, and the entries arrays were a
 * fifth of a 30-day read.
 */
export function mergeCounts(a: Counts, b: Counts): Counts {
  // Most rows' users are none: their sum needs no dictionary (sparseCounts is a fifth of a merge).
  if (isEmpty(a) && isEmpty(b)) return {};
  const out = sparseCounts();
  for (const k in a) out[k] = a[k];
  for (const k in b) {
    const prev = out[k];
    out[k] = prev === undefined ? b[k] : prev + b[k];
  }
  return out;
}

function isEmpty(counts: Counts): boolean {
  for (const _ in counts) return false;
  return true;
}

export function mergeAttribution(a: Attribution, b: Attribution): Attribution {
  return { automated: a.automated + b.automated, users: mergeCounts(a.users, b.users) };
}

/** Adds b's counts into `target` in place (the absorb form of mergeCounts); returns target. */
export function addCountsInto(target: Counts, b: Counts): Counts {
  for (const k in b) {
    const prev = target[k];
    target[k] = prev === undefined ? b[k] : prev + b[k];
  }
  return target;
}

/** mergeAttribution into `a` in place. */
export function absorbAttribution(a: Attribution, b: Attribution): void {
  a.automated += b.automated;
  addCountsInto(a.users, b.users);
}

/** mergeDays into `a` in place: b's days are added, a day in both is merged with `mergeDay`. */
export function absorbDays<D>(a: Record<string, D>, b: Record<string, D>, mergeDay: (x: D, y: D) => D): void {
  for (const day in b) a[day] = day in a ? mergeDay(a[day], b[day]) : b[day];
}

/** unionSorted into `a`: appended in place when all of b comes after a (a window read oldest first). */
export function absorbSorted(a: string[], b: readonly string[]): string[] {
  if (b.length === 0) return a;
  if (a.length > 0 && !(a[a.length - 1] < b[0])) return unionSorted(a, b);
  for (let i = 1; i < b.length; i++) if (!(b[i - 1] < b[i])) return unionSorted(a, b);
  for (let i = 1; i < a.length; i++) if (!(a[i - 1] < a[i])) return unionSorted(a, b);
  for (const x of b) a.push(x);
  return a;
}

/** Union of two per-day maps; a day present in both is merged with `mergeDay` (kept commutative by the caller). */
export function mergeDays<D>(
  a: Record<string, D>,
  b: Record<string, D>,
  mergeDay: (x: D, y: D) => D,
): Record<string, D> {
  const out: Record<string, D> = {};
  for (const day in a) out[day] = a[day];
  for (const day in b) out[day] = day in out ? mergeDay(out[day], b[day]) : b[day];
  return out;
}

/** Merge of two sorted number lists into one sorted list (order-independent result). */
export function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] <= b[j])) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

/**
 * Sorted union of two string lists without duplicates. Lists of days merged in a window are
 * sorted already: they are merged in one pass; anything else takes the general way.
 */
export function unionSorted(a: readonly string[], b: readonly string[]): string[] {
  if (!isStrictlySorted(a) || !isStrictlySorted(b)) return [...new Set([...a, ...b])].sort();
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) out.push(a[i++]);
    else if (b[j] < a[i]) out.push(b[j++]);
    else {
      out.push(a[i++]);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

function isStrictlySorted(xs: readonly string[]): boolean {
  for (let i = 1; i < xs.length; i++) if (!(xs[i - 1] < xs[i])) return false;
  return true;
}

/** Most frequent users first: the form findings report. */
export function topUsers(users: Counts, limit = 5): string[] {
  return Object.entries(users)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, limit)
    .map(([u]) => u);
}
