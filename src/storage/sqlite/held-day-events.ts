// A rollup's day of L1 events held as columns of small integers, each event made as it is taken.
import type { HomeEvent } from "../../core/home-event.js";
import { type EventDictionaries, resolveIds } from "./event-from-ids.js";

/** No value in an optional column (prev, user, parent). */
const NONE = -1;

/**
 * A day a rollup hands every L2 kind in turn. Held as 100K event objects it was 11-12 MB of live
 * heap for the whole rollup (measured with full collections around the load, 100K events a
 * day), allocated where V8 pretenures them, so each night's day also left its own 11 MB of old-
 * space garbage until the next full collection: under node's default young generation the
 * largest part of the nightly peak. Here a row is a float and six 32-bit indexes into the day's
 * own table of strings (taken from the dictionaries once, at the read: no kind's pass looks a
 * context id up again), about 3.2 MB outside the V8 heap; each pass makes its events with a
 * literal of its own, so they die young.
 */
export class HeldDayEvents implements Iterable<HomeEvent> {
  constructor(
    private readonly ts: Float64Array,
    /** Per row, indexes into `strings`; NONE where an optional field is absent. */
    private readonly entity: Int32Array,
    private readonly state: Int32Array,
    private readonly source: Int32Array,
    private readonly previous: Int32Array,
    private readonly user: Int32Array,
    private readonly parent: Int32Array,
    private readonly strings: readonly string[],
  ) {}

  get length(): number {
    return this.ts.length;
  }

  *[Symbol.iterator](): Iterator<HomeEvent> {
    const { ts, entity, state, source, previous, user, parent, strings } = this;
    for (let i = 0; i < ts.length; i++) {
      const e: HomeEvent = {
        ts: ts[i],
        entity: strings[entity[i]],
        state: strings[state[i]],
        source: strings[source[i]],
      };
      if (previous[i] !== NONE) e.previous = strings[previous[i]];
      if (user[i] !== NONE) e.user = strings[user[i]];
      if (parent[i] !== NONE) e.parent = strings[parent[i]];
      yield e;
    }
  }
}

/**
 * Gathers rows in key order (time, then entity id), then hands them over ordered by time, then
 * entity name, as EventStore.query does. Rows with an id no dictionary has are left out and
 * counted (event-from-ids.ts).
 */
export class HeldDayEventsBuilder {
  private size = 0;
  private ts: Float64Array;
  private cols: Int32Array[];
  private readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  /**
   * `expected`: the rows the span holds (a count read first). The columns are made that size
   * once: grown by doubling, a 100K-event day left 7-8 MB of outgrown arrays outside the heap
   * until V8 happened to collect them, the rollup's peak.
   */
  constructor(
    private readonly dict: EventDictionaries,
    expected: number,
  ) {
    const capacity = Math.max(1, expected);
    this.ts = new Float64Array(capacity);
    this.cols = Array.from({ length: 6 }, () => new Int32Array(capacity));
  }

  add(
    ts: number,
    entityId: number,
    stateId: number,
    sourceId: number,
    prevId: number | null,
    userId: number | null,
    parentId: number | null,
  ): void {
    const s = resolveIds(this.dict, entityId, stateId, sourceId, prevId, userId, parentId);
    if (!s) return;
    // More rows than counted (another process wrote in between): grow.
    if (this.size === this.ts.length) this.grow();
    const i = this.size++;
    this.ts[i] = ts;
    this.cols[0][i] = this.intern(s.entity);
    this.cols[1][i] = this.intern(s.state);
    this.cols[2][i] = this.intern(s.source);
    this.cols[3][i] = s.previous === null ? NONE : this.intern(s.previous);
    this.cols[4][i] = s.user === null ? NONE : this.intern(s.user);
    this.cols[5][i] = s.parent === null ? NONE : this.intern(s.parent);
  }

  /** The rows so far, ordered by time, then entity name (one entity's rows keep their order). */
  build(): HeldDayEvents {
    const ts = this.ts.subarray(0, this.size);
    const cols = this.cols.map((c) => c.subarray(0, this.size));
    const order = this.nameOrder();
    if (order) {
      // In place, through one scratch column: never two copies of the day at once.
      const times = Float64Array.from(order, (i) => ts[i]);
      ts.set(times);
      const scratch = new Int32Array(this.size);
      for (const c of cols) {
        for (let k = 0; k < order.length; k++) scratch[k] = c[order[k]];
        c.set(scratch);
      }
    }
    const [entity, state, source, previous, user, parent] = cols;
    return new HeldDayEvents(ts, entity, state, source, previous, user, parent, this.strings);
  }

  /**
   * The permutation that orders the rows by time, then entity name, or null when they already
   * are. Only runs of equal times are sorted (stable); rows out of time order sort the whole day.
   */
  private nameOrder(): number[] | null {
    const { ts, size } = this;
    const entity = this.cols[0];
    const name = (i: number) => this.strings[entity[i]];
    const byName = (a: number, b: number) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);
    let order: number[] | null = null;
    const all = () => Array.from({ length: size }, (_, i) => i);
    for (let i = 1; i < size; i++) {
      if (ts[i] < ts[i - 1]) return all().sort((a, b) => ts[a] - ts[b] || byName(a, b));
    }
    for (let start = 0; start < size; ) {
      let end = start + 1;
      while (end < size && ts[end] === ts[start]) end++;
      if (end - start > 1) {
        const run = Array.from({ length: end - start }, (_, k) => start + k);
        const sorted = [...run].sort(byName);
        if (sorted.some((r, k) => r !== run[k])) {
          order ??= all();
          for (let k = 0; k < sorted.length; k++) order[start + k] = sorted[k];
        }
      }
      start = end;
    }
    return order;
  }

  private intern(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(value);
      this.index.set(value, i);
    }
    return i;
  }

  private grow(): void {
    const capacity = this.ts.length * 2;
    const ts = new Float64Array(capacity);
    ts.set(this.ts);
    this.ts = ts;
    this.cols = this.cols.map((c) => {
      const next = new Int32Array(capacity);
      next.set(c);
      return next;
    });
  }
}
