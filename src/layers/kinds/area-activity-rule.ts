// What counts as activity in an area: one rule for the L2 room rows (the usual level) and the area sensors' current hour.
import { type HomeEvent, isAutomated } from "../../core/home-event.js";
import { chatteringEntities, HabitStates } from "./entity-classes.js";
import { isStepState } from "./sequence-daily.js";

export interface AreaActivity {
  area: string;
  /** An automation caused it: counted apart, never as people's activity. */
  automated: boolean;
}

/**
 * A change is activity in an area when its entity has an area, it is a real change (not a repeat),
 * its state is a habit state (no readings, no sun, no bookkeeping domains, no unavailable), it is
 * a step (a sensor clearing, motion off, comes after someone left) and the entity is not chatter
 * (more changes that day than a person makes). Chatter is judged over the day's events: the whole
 * day for a closed day, the day so far for today.
 */
export class AreaActivityRule {
  private readonly habits = new HabitStates();
  private readonly chatter: Set<string>;
  private readonly areas = new Map<string, string | null>();

  constructor(
    dayEvents: Iterable<HomeEvent>,
    private readonly areaOf: (entity: string) => string | null,
  ) {
    this.chatter = chatteringEntities(dayEvents);
  }

  /** More changes that day than a person makes. */
  isChatter(entity: string): boolean {
    return this.chatter.has(entity);
  }

  /** A real change of a habit state (not a repeat, a reading or bookkeeping) of an entity that is not chatter. */
  isRealChange(e: HomeEvent): boolean {
    return e.previous !== e.state && !this.chatter.has(e.entity) && this.habits.of(e.entity, e.state) !== null;
  }

  /** The area the event is activity in, or null when it is none. */
  classify(e: HomeEvent): AreaActivity | null {
    if (!this.isRealChange(e)) return null;
    if (!isStepState(e.entity, e.state)) return null;
    let area = this.areas.get(e.entity);
    if (area === undefined) {
      area = this.areaOf(e.entity);
      this.areas.set(e.entity, area);
    }
    if (area === null) return null;
    return { area, automated: isAutomated(e) };
  }
}

/** People's activity events per area among `events` (a slice of the day the rule was made for). */
export function countAreaActivity(rule: AreaActivityRule, events: readonly HomeEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of events) {
    const activity = rule.classify(e);
    if (activity && !activity.automated) counts.set(activity.area, (counts.get(activity.area) ?? 0) + 1);
  }
  return counts;
}
