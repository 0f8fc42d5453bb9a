// Remembers the latest manual action and who is home, from the events as they are stored, for live predictions.
import type { HomeEvent } from "../core/home-event.js";
import { isManualAction, presenceOf } from "../layers/kinds/manual-action.js";
import { FOLLOW_MS, LATE_MS } from "../layers/kinds/next-action-daily.js";

export interface RecentAction {
  entity: string;
  state: string;
  ts: number;
}

export class RecentActions {
  private lastAction: RecentAction | undefined;
  private readonly home = new Map<string, boolean>();

  /** Committed events, oldest first (the ingest pipeline's order). */
  observe(events: readonly HomeEvent[]): void {
    for (const e of events) {
      const p = presenceOf(e);
      if (p !== null) this.home.set(e.entity, p);
      if (isManualAction(e) && (!this.lastAction || e.ts >= this.lastAction.ts))
        this.lastAction = { entity: e.entity, state: e.state, ts: e.ts };
    }
  }

  /** The latest action when it is recent enough to predict what follows it (within LATE_MS). */
  last(now: number): RecentAction | undefined {
    return this.lastAction && now - this.lastAction.ts <= LATE_MS ? this.lastAction : undefined;
  }

  /** Whether anyone is home; null until a person or tracker has reported since the start. */
  anyoneHome(): boolean | null {
    return this.home.size === 0 ? null : [...this.home.values()].some(Boolean);
  }
}

/** Look-backs tried in turn at start-up: a busy home's last 12 hours can be tens of thousands of events. */
const SEED_LOOKBACKS_MS = [FOLLOW_MS, 3_600_000, LATE_MS];

/** Seeds the latest action from the stored events, widening the look-back only until one turns up. */
export function seedRecentActions(
  recent: RecentActions,
  query: (from: number, to: number) => readonly HomeEvent[],
  now: number,
): void {
  for (const back of SEED_LOOKBACKS_MS) {
    recent.observe(query(now - back, now + 1));
    if (recent.last(now)) return;
  }
}
