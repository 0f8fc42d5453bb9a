// Re-counts each finding's stated support ("on 12 of 14 days") from the state changes fed in.
import { addDays, circularMinuteDistance, type LocalTime, weekdayOf } from "../../src/core/local-time.js";
import { durationBin } from "../../src/layers/kinds/duration-daily.js";
import { isPresenceHeld } from "../../src/layers/kinds/presence-sensors.js";
import type { StoredPattern } from "../../src/patterns/pattern-store.js";
import type { StateChange } from "./ha-export.js";

export interface ClaimCheck {
  pattern: StoredPattern;
  /** What the raw events give for the stated support and days, or null when the type is not re-counted. */
  support: number | null;
  days: number | null;
  /** Both counts within one day of what the finding states. */
  holds: boolean;
  note: string;
}

interface DayEvents {
  day: string;
  /** Minute of day and area of each "on" change, in order. */
  ons: { minute: number; entity: string; area: string }[];
  /** A bed or seat mat on over [from, to) minutes of the day. */
  held: { from: number; to: number; area: string }[];
  /** Every change, on and off, with its epoch time. */
  all: { ts: number; minute: number; entity: string; state: string }[];
}

export interface ClaimContext {
  time: LocalTime;
  changes: StateChange[];
  areaOf: (entity: string) => string;
  /** Each detector's window [from, to]. */
  windows: Map<string, { from: string; to: string }>;
}

/** An on-change the room kind counts as activity: a sensor turning on, a door opening. */
function dayEvents(ctx: ClaimContext): Map<string, DayEvents> {
  const out = new Map<string, DayEvents>();
  const dayOf = (day: string) => {
    let d = out.get(day);
    if (!d) {
      d = { day, ons: [], held: [], all: [] };
      out.set(day, d);
    }
    return d;
  };
  const minuteOf = (ts: number) => ctx.time.parts(ts).minuteOfDay;
  const since = new Map<string, number>();
  for (const c of ctx.changes) {
    if (!isPresenceHeld(c.entity)) continue;
    if (c.state === "on") since.set(c.entity, c.ts);
    const start = since.get(c.entity);
    if (c.state !== "off" || start === undefined) continue;
    // Split at midnights: each day holds its own part of the stay.
    for (let t = start; t < c.ts; ) {
      const day = ctx.time.dayOf(t);
      const end = Math.min(c.ts, ctx.time.dayBounds(day).end);
      dayOf(day).held.push({
        from: minuteOf(t),
        to: end === c.ts ? minuteOf(end) + 1 : 1440,
        area: ctx.areaOf(c.entity),
      });
      t = end;
    }
  }
  for (const c of ctx.changes) {
    const d = dayOf(ctx.time.dayOf(c.ts));
    d.all.push({ ts: c.ts, minute: minuteOf(c.ts), entity: c.entity, state: c.state });
    if (c.state !== "on") continue;
    const p = ctx.time.parts(c.ts);
    d.ons.push({
      minute: p.minuteOfDay + new Date(c.ts).getUTCSeconds() / 60,
      entity: c.entity,
      area: ctx.areaOf(c.entity),
    });
  }
  return out;
}

const inGroup = (day: string, group: unknown, weekdays?: unknown): boolean => {
  const wd = weekdayOf(day);
  if (Array.isArray(weekdays)) return weekdays.includes(wd);
  if (group === "weekdays") return wd < 5;
  if (group === "weekends") return wd >= 5;
  return true;
};

export function checkClaims(patterns: StoredPattern[], ctx: ClaimContext): ClaimCheck[] {
  const events = dayEvents(ctx);
  const dataDays = [...events.keys()].sort();
  const first = dataDays[0];
  const last = dataDays[dataDays.length - 1];
  const daysOf = (type: string, group: unknown, weekdays?: unknown): string[] => {
    const w = ctx.windows.get(type);
    if (!w) return [];
    const out: string[] = [];
    const [from] = [w.from, first].sort().reverse();
    const [to] = [w.to, last].sort();
    for (let d = from; d <= to; d = addDays(d, 1)) if (inGroup(d, group, weekdays)) out.push(d);
    return out;
  };
  return patterns.map((pattern) => {
    const p = pattern.params as Record<string, unknown>;
    const count = (days: string[], test: (d: DayEvents) => boolean) =>
      days.filter((d) => {
        const e = events.get(d);
        return e !== undefined && test(e);
      }).length;
    let days: string[] | null = null;
    let support: number | null = null;
    let note = "";
    if (pattern.type === "room_based" && p.kind === "activity") {
      days = daysOf("room_based", p.dayType);
      const [from, to] = [Number(p.fromHour) * 60, Number(p.toHour) * 60];
      support = count(
        days,
        (d) =>
          d.ons.some((o) => o.area === pattern.area && o.minute >= from && o.minute < to) ||
          d.held.some((h) => h.area === pattern.area && h.from < to && h.to > from),
      );
      note = "days with a sensor of the area turning on, or a bed or seat mat of it on, in those hours";
    } else if (pattern.type === "room_based" && p.kind === "transition") {
      days = daysOf("room_based", p.dayType);
      const [from, to] = [Number(p.fromHour) * 60, Number(p.toHour) * 60];
      const fromArea = String(p.fromArea);
      const toArea = String(p.toArea);
      support = count(days, (d) =>
        d.ons.some((o, i) => {
          if (o.area !== toArea || o.minute < from || o.minute >= to) return false;
          // Someone in the first area within the 10 minutes before, and not here since.
          for (let j = i - 1; j >= 0 && o.minute - d.ons[j].minute <= 10; j--) {
            if (d.ons[j].area === toArea) return false;
            if (d.ons[j].area === fromArea) return true;
          }
          return false;
        }),
      );
      note = "days with activity in the second area within 10 min after the first, arriving in those hours";
    } else if (pattern.type === "time_based") {
      days = daysOf("time_based", p.dayType, p.weekdays);
      const centre = Number(p.minuteOfDay);
      const radius = Number(p.windowMinutes ?? 60);
      support = count(days, (d) =>
        d.all.some(
          (c) =>
            pattern.entities.includes(c.entity) &&
            c.state === p.state &&
            circularMinuteDistance(c.minute, centre) <= radius,
        ),
      );
      note = `days with the change to ${String(p.state)} within ${radius} min of the stated time`;
    } else if (pattern.type === "duration" && p.kind === "night") {
      // Nights: the mat's on-spans joined across short gaps, long enough, starting near the stated bedtime.
      days = daysOf("duration", "daily");
      const joined: [number, number][] = [];
      for (const [a, b] of onSpans(ctx.changes, pattern.entities[0])) {
        const last = joined[joined.length - 1];
        if (last && a - last[1] <= Number(p.joinGapMinutes) * 60_000) last[1] = b;
        else joined.push([a, b]);
      }
      const nights = joined.filter(([a, b]) => b - a >= Number(p.minStayMinutes) * 60_000);
      support = days.filter((d) =>
        nights.some(
          ([a, b]) =>
            ctx.time.dayOf(b) === d &&
            circularMinuteDistance(ctx.time.parts(a).minuteOfDay, Number(p.minuteOfDay)) <= Number(p.windowMinutes),
        ),
      ).length;
      note = `nights (bed stays joined across gaps of ${p.joinGapMinutes} min, ${p.minStayMinutes} min or longer) ending on a day of the window and starting within ${p.windowMinutes} min of the stated bedtime`;
    } else if (pattern.type === "duration") {
      // "k of n times": of the on-intervals that ended in the window, those within the typical band.
      const w = ctx.windows.get("duration");
      const [binFrom, binTo] = p.typicalBins as [number, number];
      const spans = onSpans(ctx.changes, pattern.entities[0]).filter(
        ([, end]) => w !== undefined && ctx.time.dayOf(end) >= w.from && ctx.time.dayOf(end) <= w.to,
      );
      const typical = spans.filter(([a, b]) => {
        const bin = durationBin(Math.round((b - a) / 1000));
        return bin >= binFrom && bin <= binTo;
      });
      support = typical.length;
      days = spans.map(([a]) => String(a));
      note =
        "on-intervals of the typical length the finding names (typicalBins), of all that ended in the window; counted in times";
    } else if (pattern.type === "sequence" && p.kind === "morning") {
      // Mornings: after a quiet stretch, the rooms reached in this order, each within the gap of the last change.
      days = daysOf("sequence", "daily").filter((d) => events.has(d));
      const chain = p.areas as string[];
      const [quiet, gap, from, to] = [p.quietBeforeMinutes, p.gapMinutes, p.fromMinute, p.toMinute].map(Number);
      // A bed or seat mat's release is someone getting up: it counts as a turning on would.
      const stirs = (d: DayEvents) =>
        d.all
          .filter((c) => c.state === "on" || (c.state === "off" && isPresenceHeld(c.entity)))
          .map((c) => ({ minute: c.minute, area: ctx.areaOf(c.entity) }));
      support = count(days, (day) =>
        stirs(day).some((o, i, ons) => {
          const d = { ons };
          const start = Math.floor(o.minute);
          if (start < from || start >= to) return false;
          if (i > 0 && start - Math.floor(d.ons[i - 1].minute) < quiet) return false;
          let k = 0;
          for (let j = i; j < d.ons.length; j++) {
            if (j > i && Math.floor(d.ons[j].minute) - Math.floor(d.ons[j - 1].minute) > gap) break;
            if (d.ons[j].area === chain[k]) k++;
            if (k === chain.length) return true;
          }
          return false;
        }),
      );
      note = `days at home with, after ${quiet} min without anything turning on (a mat's release counts), the rooms reached in this order (each change within ${gap} min of the one before)`;
    } else if (pattern.type === "sequence") {
      days = daysOf("sequence", "daily");
      const steps = (p.steps as { entity: string; state: string }[]) ?? [];
      support = count(days, (d) => chainOn(d.all, steps));
      note = "days with the steps in this order, each within 5 min of the one before";
    } else if (pattern.type === "session" && p.kind === "leaving") {
      // Judged on the days someone was at home: days with any change.
      days = daysOf(pattern.type, p.dayType).filter((d) => events.has(d));
      const centre = Number(p.minuteOfDay);
      const radius = Number(p.windowMinutes);
      const quiet = Number(p.minQuietMinutes);
      const door = pattern.entities[0];
      const ons = ctx.changes.filter((c) => c.state === "on");
      support = count(days, (d) =>
        d.all.some((c) => {
          if (c.entity !== door || c.state !== "on" || circularMinuteDistance(c.minute, centre) > radius) return false;
          // Nothing turns on again (the door opening again included) for the stated quiet.
          const next = ons.find((o) => o.ts > c.ts);
          return next === undefined || next.ts - c.ts >= quiet * 60_000;
        }),
      );
      note = `days at home (any change) with the door opening within ${radius} min of the stated time and nothing turning on for ${quiet} min after`;
    } else if (pattern.type === "session") {
      days = daysOf(pattern.type, p.dayType, p.weekdays);
      const centre = Number(p.minuteOfDay);
      const radius = Number(p.windowMinutes ?? 60);
      const entities = new Set(pattern.entities);
      const areas = new Set(Array.isArray(p.areas) ? (p.areas as string[]) : []);
      support = count(days, (d) =>
        d.ons.some(
          (o) => (entities.has(o.entity) || areas.has(o.area)) && circularMinuteDistance(o.minute, centre) <= radius,
        ),
      );
      note = `days with activity in its areas within ${radius} min of the stated time`;
    }
    if (support === null || days === null)
      return { pattern, support: null, days: null, holds: false, note: "not re-counted (no rule for this kind yet)" };
    const holds = Math.abs(support - pattern.support) <= 1 && Math.abs(days.length - pattern.opportunities) <= 1;
    return { pattern, support, days: days.length, holds, note };
  });
}

/** [start, end) of each time the entity was on. */
function onSpans(changes: StateChange[], entity: string): [number, number][] {
  const out: [number, number][] = [];
  let since: number | null = null;
  for (const c of changes) {
    if (c.entity !== entity) continue;
    if (c.state === "on" && since === null) since = c.ts;
    else if (c.state === "off" && since !== null) {
      out.push([since, c.ts]);
      since = null;
    }
  }
  return out;
}

/** Whether the day holds the steps in order, each within 5 minutes of the one before. */
function chainOn(
  all: { ts: number; entity: string; state: string }[],
  steps: { entity: string; state: string }[],
): boolean {
  const at = (i: number, after: number | null): boolean => {
    if (i === steps.length) return true;
    return all.some(
      (c) =>
        c.entity === steps[i].entity &&
        c.state === steps[i].state &&
        (after === null || (c.ts >= after && c.ts - after <= 5 * 60_000)) &&
        at(i + 1, c.ts),
    );
  };
  return at(0, null);
}
