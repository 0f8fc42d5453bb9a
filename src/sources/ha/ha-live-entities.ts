// Which entities Home Assistant has a state for now: from get_states at each connect, kept current by state_changed.

/**
 * An entity removed from Home Assistant, or disabled in its entity registry, loses its state:
 * state_changed arrives with new_state null and get_states no longer lists it. Nothing is
 * known before the first connect, so `has` answers undefined then.
 */
export class LiveEntities {
  private ids: Set<string> | undefined;

  reset(entityIds: Iterable<string>): void {
    this.ids = new Set(entityIds);
  }

  changed(entityId: string, removed: boolean): void {
    if (!this.ids) return;
    if (removed) this.ids.delete(entityId);
    else this.ids.add(entityId);
  }

  has(entityId: string): boolean | undefined {
    return this.ids?.has(entityId);
  }

  list(): string[] {
    return this.ids ? [...this.ids] : [];
  }
}
