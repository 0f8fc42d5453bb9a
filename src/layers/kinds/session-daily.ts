// L2 session_daily: bursts of household activity separated by quiet gaps.
import { isAutomated } from "../../core/home-event.js";
import type { AggregateKind, DayInput } from "../aggregate-kind.js";
import {
  type Attribution,
  absorbAttribution,
  absorbDays,
  addCount,
  mergeAttribution,
  mergeDays,
} from "./attribution.js";
import { DayClock } from "./day-clock.js";
import { chatteringEntities, HabitStates } from "./entity-classes.js";

export interface ActivitySession {
  /** Minutes of day of the first and last event (a session is cut at midnight). */
  start: number;
  /** Minute of day of the last event. */
  end: number;
  startTs: number;
  endTs: number;
  events: number;
  /** Distinct entities and areas involved, areas sorted. */
  entities: number;
  areas: string[];
  users: string[];
}

/**
 * One row, "home": per day the list of sessions. Activity is a habit change nobody automated, of
 * an entity that is not chattering; a quiet gap of at least `gapMinutes` ends a session.
 */
export interface SessionValue extends Attribution {
  gapMinutes: number;
  days: Record<string, ActivitySession[]>;
  // Attribution: `automated` counts automated changes (not part of any session); `users` all who acted.
}

export interface SessionOptions {
  gapMinutes: number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = { gapMinutes: 30 };

export function createSessionKind(options: SessionOptions = DEFAULT_SESSION_OPTIONS): AggregateKind<SessionValue> {
  const gapMs = options.gapMinutes * 60_000;
  return {
    name: "session_daily",
    computeDay(input: DayInput): Map<string, SessionValue> {
      const clock = new DayClock(input.time, input.day);
      const habits = new HabitStates();
      const areaCache = new Map<string, string | null>();
      const chatter = chatteringEntities(input.events);
      const value: SessionValue = {
        gapMinutes: options.gapMinutes,
        days: { [input.day]: [] },
        automated: 0,
        users: {},
      };
      const sessions = value.days[input.day];
      let current: { s: ActivitySession; entities: Set<string>; areas: Set<string>; users: Set<string> } | null = null;
      const close = (): void => {
        if (!current) return;
        current.s.entities = current.entities.size;
        current.s.areas = [...current.areas].sort();
        current.s.users = [...current.users].sort();
        sessions.push(current.s);
        current = null;
      };
      for (const e of input.events) {
        if (e.previous === e.state || chatter.has(e.entity) || habits.of(e.entity, e.state) === null) continue;
        if (isAutomated(e)) {
          value.automated += 1;
          continue;
        }
        if (e.user) addCount(value.users, e.user);
        if (current && e.ts - current.s.endTs >= gapMs) close();
        if (!current) {
          const minute = clock.minuteOfDay(e.ts);
          current = {
            s: { start: minute, end: minute, startTs: e.ts, endTs: e.ts, events: 0, entities: 0, areas: [], users: [] },
            entities: new Set(),
            areas: new Set(),
            users: new Set(),
          };
        }
        current.s.endTs = e.ts;
        current.s.events += 1;
        current.entities.add(e.entity);
        let area = areaCache.get(e.entity);
        if (area === undefined) {
          area = input.areaOf(e.entity);
          areaCache.set(e.entity, area);
        }
        if (area !== null) current.areas.add(area);
        if (e.user) current.users.add(e.user);
      }
      close();
      for (const s of sessions) s.end = clock.minuteOfDay(s.endTs);
      return new Map([["home", value]]);
    },
    merge(a, b) {
      return {
        gapMinutes: a.gapMinutes,
        days: mergeDays(a.days, b.days, mergeSessions),
        ...mergeAttribution(a, b),
      };
    },
    absorb(a, b) {
      absorbDays(a.days, b.days, mergeSessions);
      absorbAttribution(a, b);
      return a;
    },
  };
}

function mergeSessions(x: ActivitySession[], y: ActivitySession[]): ActivitySession[] {
  return [...x, ...y].sort((p, q) => p.startTs - q.startTs);
}

export const sessionDaily = createSessionKind();
