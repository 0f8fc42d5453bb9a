// Answers "what will be operated next" for now and for each part of the day, from the L2 window and the live recent actions.
import type { Clock } from "../core/clock.js";
import { addDays, type LocalTime } from "../core/local-time.js";
import { type DeviceClassOf, stateLabel } from "../core/state-words.js";
import type { WindowReader } from "../layers/aggregate-kind.js";
import { causeShares } from "../layers/kinds/change-cause.js";
import { DAY_PARTS, type DayPart, dayPartIndex } from "../layers/kinds/day-parts.js";
import { nextActionDaily } from "../layers/kinds/next-action-daily.js";
import { type NextAction, predictNextActions } from "./next-action-predictor.js";
import type { RecentActions } from "./recent-actions.js";

/** Home Assistant's common controls read 30 days; so do we. */
export const PREDICTION_WINDOW_DAYS = 30;

export interface NamedAction extends NextAction {
  name: string;
}

export interface PredictionsResponse {
  at: string;
  window: { from: string; to: string; days: number };
  now: {
    part: DayPart;
    hour: number;
    /** `state` as stored ("on"), `stateLabel` as Home Assistant shows it ("Open" for a door sensor). */
    last: { entity: string; name: string; state: string; stateLabel: string; at: string } | null;
    anyoneHome: boolean | null;
    actions: NamedAction[];
  };
  parts: { part: DayPart; actions: NamedAction[] }[];
}

export interface CauseRow {
  entity: string;
  name: string;
  changes: number;
  shares: { physical: number; app: number; automation: number; own: number };
}

export interface CausesResponse {
  window: { from: string; to: string; days: number };
  entities: CauseRow[];
}

export interface NextActionServiceDeps {
  reader: WindowReader;
  time: LocalTime;
  clock: Clock;
  recent: RecentActions;
  nameOf(entity: string): string;
  /** The device class of an entity, for its states in Home Assistant's words. */
  deviceClassOf?: DeviceClassOf;
}

export class NextActionService {
  constructor(private readonly deps: NextActionServiceDeps) {}

  predictions(limit = 8): PredictionsResponse {
    const { time, clock, recent, nameOf, deviceClassOf } = this.deps;
    const now = clock.now();
    const { from, to, days, rows } = this.window(now);
    const hour = time.parts(now).hour;
    const part = dayPartIndex(hour);
    const last = recent.last(now);
    const anyoneHome = recent.anyoneHome();
    const named = (list: NextAction[]) => list.map((a) => ({ ...a, name: nameOf(a.entity) }));
    return {
      at: new Date(now).toISOString(),
      window: { from, to, days },
      now: {
        part: DAY_PARTS[part],
        hour,
        last: last
          ? {
              entity: last.entity,
              name: nameOf(last.entity),
              state: last.state,
              stateLabel: stateLabel(last.entity, last.state, deviceClassOf?.(last.entity)),
              at: new Date(last.ts).toISOString(),
            }
          : null,
        anyoneHome,
        actions: named(
          predictNextActions({
            rows,
            days,
            hour,
            part,
            last: last && { entity: last.entity, state: last.state, gapMs: now - last.ts },
            anyoneHome,
            limit,
            nameOf,
            deviceClassOf,
          }),
        ),
      },
      parts: DAY_PARTS.map((name, i) => ({
        part: name,
        actions: named(predictNextActions({ rows, days, hour: null, part: i, limit, nameOf })),
      })),
    };
  }

  /** Per entity, who or what caused its changes over the window, busiest first. */
  causes(): CausesResponse {
    const { from, to, days, rows } = this.window(this.deps.clock.now());
    const entities = [...rows.values()]
      .map((r) => {
        const changes = r.causes.physical + r.causes.app + r.causes.automation + r.causes.own;
        return { entity: r.entity, name: this.deps.nameOf(r.entity), changes, shares: causeShares(r.causes) };
      })
      .filter((r) => r.changes > 0)
      .sort((a, b) => b.changes - a.changes || (a.entity < b.entity ? -1 : 1));
    return { window: { from, to, days }, entities };
  }

  private window(now: number) {
    const to = addDays(this.deps.time.dayOf(now), -1);
    const from = addDays(to, 1 - PREDICTION_WINDOW_DAYS);
    const days = this.deps.reader.coveredDays(from, to).length;
    return { from, to, days, rows: this.deps.reader.merged(nextActionDaily, from, to) };
  }
}
