// What sequence needs of co_occurrence's window to judge a chain's links: each pair's hits at its widest window, each entity's rate.
import {
  type CoEntityValue,
  type CoOccurrenceValue,
  coOccurrenceDaily,
  pairKey,
} from "../layers/kinds/co-occurrence-daily.js";
import type { SequenceStep } from "../layers/kinds/sequence-daily.js";
import { absorbInto } from "../layers/merge-rows.js";
import { windowRows } from "../layers/window-days.js";
import type { DetectorInput } from "./detector.js";
import { wilsonLowerBound } from "./scoring/confidence-bounds.js";

/** A pair's hits at the widest window any of its days counted, and the trigger's occurrences it blocked. */
interface PairLink {
  window: number;
  hits: number;
  blocked: number;
}

/**
 * The link statistics of co_occurrence_daily over a window, for steps of allowed entities only.
 * A merged pair row carries its days, delays and people besides its hits (about 650 bytes, the
 * window's 7,000 pairs 4.6 MB on a 10K-event-a-day home); a link needs three numbers of it.
 */
export class ChainLinks {
  private constructor(
    private readonly pairs: ReadonlyMap<string, PairLink>,
    private readonly entities: ReadonlyMap<string, CoEntityValue>,
    private readonly dayMs: number,
  ) {}

  /** Reads the window row by row; `allows` says which entities a chain may have as steps. */
  static fromWindow(input: DetectorInput, allows: (entity: string) => boolean): ChainLinks {
    const pairs = new Map<string, PairLink>();
    const entities = new Map<string, CoOccurrenceValue>();
    let dayMs = 0;
    for (const [, key, value] of windowRows(input.reader, coOccurrenceDaily, input.from, input.to)) {
      if (value.type === "day") dayMs += value.dayMs;
      else if (value.type === "entity") {
        if (allows(value.entity)) absorbInto(coOccurrenceDaily, entities, `${value.entity}|${value.state}`, value);
      } else if (allows(value.a) && allows(value.b)) {
        const window = Math.max(...Object.keys(value.hits).map(Number));
        const link = pairs.get(key);
        const hits = value.hits[window] ?? 0;
        // The merged row's widest window is the largest of its days'; a day without it adds no hits there.
        if (!link) pairs.set(key, { window, hits, blocked: value.blocked ?? 0 });
        else {
          if (window > link.window) {
            link.window = window;
            link.hits = hits;
          } else if (window === link.window) link.hits += hits;
          link.blocked += value.blocked ?? 0;
        }
      }
    }
    return new ChainLinks(pairs, entities as Map<string, CoEntityValue>, dayMs);
  }

  /**
   * The lowest lift lower bound among a chain's links, each judged as a pair at the widest window
   * (10 minutes) against the follower's chance rate: one coincidental link makes the chain
   * coincidental. 0 when a link was never seen or the window has no time covered.
   */
  weakestLink(steps: readonly SequenceStep[]): number {
    if (this.dayMs <= 0) return 0;
    let weakest = Infinity;
    for (let i = 0; i + 1 < steps.length; i++) {
      const a = steps[i];
      const b = steps[i + 1];
      const pair = this.pairs.get(pairKey(a.entity, a.state, b.entity, b.state));
      const trigger = this.entities.get(`${a.entity}|${a.state}`);
      const follower = this.entities.get(`${b.entity}|${b.state}`);
      if (!pair || !trigger || !follower) return 0;
      const chance = Math.min(1, (follower.coverageMs[pair.window] ?? 0) / this.dayMs);
      const lower = wilsonLowerBound(pair.hits, Math.max(pair.hits, trigger.count - pair.blocked));
      weakest = Math.min(weakest, chance > 0 ? lower / chance : Infinity);
    }
    return weakest;
  }
}
