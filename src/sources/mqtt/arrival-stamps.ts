// Times for MQTT events, which carry none of their own: the arrival, kept apart per entity.

/**
 * How far an entity's times may run ahead of the clock. Past it the clock was set back (NTP) and
 * the arrival is taken as it is: a whole hour must not be packed into the milliseconds after it.
 */
const MAX_LEAD_MS = 1_000;

/**
 * Stamps each entity's events with the arrival millisecond, or 1 ms after its previous event when
 * that is not later. Messages read together (a backlog after the service stalled, a burst from a
 * device) arrive in one millisecond; stored under one time, an on → off → on would lose its second
 * "on" (an event is keyed by time, entity and state).
 */
export class ArrivalStamps {
  private readonly last = new Map<string, number>();

  stamp(entity: string, arrivedAt: number): number {
    const previous = this.last.get(entity);
    const together = previous !== undefined && arrivedAt <= previous && previous - arrivedAt < MAX_LEAD_MS;
    const ts = together ? previous + 1 : arrivedAt;
    this.last.set(entity, ts);
    return ts;
  }
}
