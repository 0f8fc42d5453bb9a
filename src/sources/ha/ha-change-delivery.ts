// Hands each state change to the sink once: live events wait while a catch-up runs, then follow the backfill.
import type { HomeEvent } from "../../core/home-event.js";
import type { EventSink } from "../event-source.js";

export class ChangeDelivery {
  /** Newest change handed over per entity; the store may not have it yet (ingest batches). */
  private readonly lastDelivered = new Map<string, { ts: number; state: string }>();
  private holding = true;
  private held: HomeEvent[] = [];
  private count = 0;
  private lastTs: number | undefined;

  constructor(private readonly sink: () => EventSink | undefined) {}

  get delivered(): number {
    return this.count;
  }

  get lastEventAt(): number | undefined {
    return this.lastTs;
  }

  /** Holds live events from now on (a connection was lost or a catch-up starts). */
  hold(): void {
    this.holding = true;
  }

  live(event: HomeEvent): void {
    if (this.holding) this.held.push(event);
    else this.deliverOnce(event);
  }

  /** Time of the newest change handed over for the entity. */
  lastTime(entity: string): number | undefined {
    return this.lastDelivered.get(entity)?.ts;
  }

  /** Delivers the backfill (oldest first), then the held live events, each change once; stops holding. */
  release(backfilled: readonly HomeEvent[]): void {
    const keyOf = (e: HomeEvent): string => `${e.entity}\u0000${e.ts}\u0000${e.state}`;
    const live = new Map<string, HomeEvent>(this.held.map((e) => [keyOf(e), e]));
    for (const event of backfilled) {
      const key = keyOf(event);
      // The live copy of the same change knows who caused it; history does not.
      const richer = live.get(key);
      live.delete(key);
      this.deliverOnce(richer ? { ...richer, previous: richer.previous ?? event.previous } : event);
    }
    this.held = [];
    this.holding = false;
    for (const event of live.values()) this.deliverOnce(event);
  }

  /**
   * Forgets held events without delivering them: delivering would move the stored "last event"
   * past a gap that the next start's backfill must still cover.
   */
  drop(): void {
    this.held = [];
    this.holding = true;
  }

  private deliverOnce(event: HomeEvent): void {
    const last = this.lastDelivered.get(event.entity);
    if (last && (event.ts < last.ts || (event.ts === last.ts && event.state === last.state))) return;
    const sink = this.sink();
    if (!sink) return;
    this.lastDelivered.set(event.entity, { ts: event.ts, state: event.state });
    this.count += 1;
    this.lastTs = event.ts;
    sink.push(event);
  }
}
