// Habits that depend on everyone at once: hallway light, leaving and arriving, sunset, TV, bedtime, porch automation.
import type { DayContext } from "./day-context.js";
import type { DayDecisions } from "./day-plan.js";
import { hallwayPasses } from "./movement.js";
import type { PresenceChange, ResidentDay } from "./residents.js";
import { isHeatingMonth, PLAN, ROUTINE_ID } from "./routine-catalog.js";
import { sunsetOfDay } from "./solar-model.js";

const SECOND = 1_000;
const MINUTE = 60_000;

/** Lights the "everyone left" automation switches off (the outdoor porch and garden lights have their own rules). */
const INDOOR_LIGHTS = [
  "light.kitchen",
  "light.hallway",
  "light.bedroom",
  "light.bathroom",
  "light.living_room",
  "light.office",
];

interface OccupancyChange extends PresenceChange {
  /** How many residents are home after this change. */
  count: number;
}

export function simulateHousehold(
  ctx: DayContext,
  plan: DayDecisions,
  residents: ResidentDay[],
  samWake: number,
): void {
  hallwayLight(ctx);
  const occupancy = occupancyChanges(residents);
  leavingAndArriving(ctx, occupancy, samWake);
  const lastToBed = residents.reduce((a, b) => ((a.bedtime?.leave ?? 0) >= (b.bedtime?.leave ?? 0) ? a : b));
  const bedLeave = lastToBed.bedtime?.leave ?? ctx.end - MINUTE;
  livingRoomAtSunset(ctx, occupancy, bedLeave);
  bedtimeSweep(ctx, bedLeave);
  eveningTv(ctx, plan, bedLeave);
  bedtimeLights(ctx, residents);
  porchAutomation(ctx);
}

/** Co-occurrence habit: hallway motion, then the hallway light within seconds; off again after a few minutes. */
function hallwayLight(ctx: DayContext): void {
  const p = PLAN.hallwayLight;
  const rng = ctx.rng("hallway-light");
  let offAt = -Infinity;
  let current: { on: number; off: number } | null = null;
  const intervals: { on: number; off: number }[] = [];
  for (const pass of hallwayPasses(ctx)) {
    const switches = rng.chance(p.probability);
    const delay = rng.uniform(p.delaySeconds.min, p.delaySeconds.max) * SECOND;
    const keepOn = rng.uniform(p.onSeconds.min, p.onSeconds.max) * SECOND;
    if (current && pass < offAt) {
      current.off = Math.max(current.off, pass + keepOn);
      offAt = current.off;
    } else if (switches) {
      current = { on: pass + delay, off: pass + delay + keepOn };
      intervals.push(current);
      offAt = current.off;
    }
  }
  for (const { on, off } of intervals) {
    ctx.set(on, "light.hallway", "on");
    ctx.set(off, "light.hallway", "off");
  }
}

function occupancyChanges(residents: ResidentDay[]): OccupancyChange[] {
  const changes = residents.flatMap((r) => r.presence).sort((a, b) => a.ts - b.ts);
  let count = residents.length;
  return changes.map((c) => {
    count += c.state === "home" ? 1 : -1;
    return { ...c, count };
  });
}

/** Everyone left: an automation switches the indoor lights off, and Sam turns the heating off in the app. */
function leavingAndArriving(ctx: DayContext, occupancy: OccupancyChange[], samWake: number): void {
  const rng = ctx.rng("leaving-arriving");
  const heating = isHeatingMonth(ctx.month);
  const h = PLAN.heating;
  // The season's first and last days: whoever is up first sets the thermostat for the season.
  const seasonMinutes = rng.uniform(2, 10);
  ctx.set(samWake + seasonMinutes * MINUTE, "climate.living_room", heating ? "heat" : "off", {
    user: ctx.userOf("person.sam"),
  });
  for (const change of occupancy) {
    const lightsDelay =
      rng.uniform(PLAN.lightsOffWhenEmpty.delaySeconds.min, PLAN.lightsOffWhenEmpty.delaySeconds.max) * SECOND;
    const offDelay = rng.uniform(h.offDelaySeconds.min, h.offDelaySeconds.max) * SECOND;
    const onDelay = rng.uniform(h.onDelaySeconds.min, h.onDelaySeconds.max) * SECOND;
    const user = ctx.userOf("person.sam");
    if (change.state === "not_home" && change.count === 0) {
      const run = ctx.automationRun(change.ts + lightsDelay);
      for (const light of INDOOR_LIGHTS) ctx.set(change.ts + lightsDelay, light, "off", run);
      if (heating) ctx.set(change.ts + offDelay, "climate.living_room", "off", { user });
    }
    if (change.state === "home" && change.count === 1 && heating) {
      ctx.set(change.ts + onDelay, "climate.living_room", "heat", { user });
    }
  }
}

/** Contextual habit: the living room light goes on ten minutes after sunset when someone is home, else on arrival. */
function livingRoomAtSunset(ctx: DayContext, occupancy: OccupancyChange[], bedLeave: number): void {
  const p = PLAN.livingRoomSunset;
  const rng = ctx.rng("living-room-sunset");
  const sunset = sunsetOfDay(ctx.world.local, ctx.world.latitude, ctx.world.longitude, ctx.day);
  const target = sunset === null ? null : sunset + rng.around(p.offsetMinutes, p.toleranceMinutes) * MINUTE;
  if (sunset === null || target === null) return;
  // Home intervals: [from, to) with someone home, and who came home first.
  const intervals: { from: number; to: number; person: string }[] = [];
  let openFrom: number | null = ctx.start;
  let opener = "person.sam";
  for (const change of occupancy) {
    if (change.count === 0 && openFrom !== null) {
      intervals.push({ from: openFrom, to: change.ts, person: opener });
      openFrom = null;
    } else if (change.count === 1 && change.state === "home") {
      openFrom = change.ts;
      opener = change.person;
    }
  }
  if (openFrom !== null) intervals.push({ from: openFrom, to: ctx.end, person: opener });

  for (const interval of intervals) {
    const switches = rng.chance(p.probability);
    const arrivalDelay = rng.uniform(60, 180) * SECOND;
    const end = Math.min(interval.to, bedLeave);
    if (!switches || end <= sunset) continue;
    const homeAtTarget = interval.from <= target && target < end - 5 * MINUTE;
    const on = homeAtTarget ? target : interval.from > sunset ? interval.from + arrivalDelay : null;
    if (on === null || on >= end - 5 * MINUTE) continue;
    const who = homeAtTarget ? samOrAnyone(occupancy, target) : interval.person;
    ctx.set(on, "light.living_room", "on", { user: ctx.userOf(who) });
  }
  ctx.set(bedLeave, "light.living_room", "off");
}

/** The last one up walks round switching off whatever was left on (mostly nothing). */
function bedtimeSweep(ctx: DayContext, bedLeave: number): void {
  for (const light of ["light.kitchen", "light.office", "light.bathroom", "switch.space_heater"])
    ctx.set(bedLeave - 20 * SECOND, light, "off");
}

/** Sam when Sam is home at ts, else whoever is. */
function samOrAnyone(occupancy: OccupancyChange[], ts: number): string {
  const samAway = occupancy.filter((c) => c.person === "person.sam" && c.ts <= ts).pop()?.state === "not_home";
  return samAway ? "person.alex" : "person.sam";
}

/** The evening TV session: on, playing, a pause or two, off by the last one to bed at the latest. */
function eveningTv(ctx: DayContext, plan: DayDecisions, bedLeave: number): void {
  const rng = ctx.rng("tv");
  const pauses = rng.int(0, 2);
  const pauseDraws = Array.from({ length: 2 }, () => [rng.next(), rng.uniform(1, 5)] as const);
  const startDelay = rng.uniform(5, 30) * SECOND;
  if (!plan.tv) return;
  const on = plan.tv.from;
  const off = Math.min(plan.tv.to, bedLeave);
  if (off - on < 20 * MINUTE) return;
  const tv = "media_player.living_room_tv";
  ctx.set(on, tv, "on");
  ctx.set(on + startDelay, tv, "playing");
  const span = off - on - 20 * MINUTE;
  const starts = pauseDraws.slice(0, pauses).map(([u, minutes]) => ({ at: on + 10 * MINUTE + u * span, minutes }));
  starts.sort((a, b) => a.at - b.at);
  let free = on + startDelay;
  for (const pause of starts) {
    if (pause.at <= free) continue;
    const resume = Math.min(pause.at + pause.minutes * MINUTE, off - MINUTE);
    ctx.set(pause.at, tv, "paused");
    ctx.set(resume, tv, "playing");
    free = resume;
  }
  ctx.set(off, tv, "off");
}

/** The first one in the bedroom switches its light on; it goes off as the last one falls asleep. */
function bedtimeLights(ctx: DayContext, residents: ResidentDay[]): void {
  const p = PLAN.night;
  const rng = ctx.rng("bedtime-lights");
  const nights = residents.map((r) => r.bedtime).filter((b) => b !== null);
  if (nights.length === 0) return;
  const first = Math.min(...nights.map((b) => b.arrival));
  const lastAsleep = Math.max(...nights.map((b) => b.asleep));
  ctx.set(first + rng.uniform(p.lightOnSeconds.min, p.lightOnSeconds.max) * SECOND, "light.bedroom", "on");
  ctx.set(
    lastAsleep - rng.uniform(p.lightOffBeforeAsleepSeconds.min, p.lightOffBeforeAsleepSeconds.max) * SECOND,
    "light.bedroom",
    "off",
  );
}

/** An existing automation: porch light on at sunset, off at 23:00 (its events carry a parent context). */
function porchAutomation(ctx: DayContext): void {
  const rng = ctx.rng("porch");
  const onDelay = rng.uniform(0.5, 2) * SECOND;
  const offDelay = rng.uniform(0.5, 2) * SECOND;
  const sunset = sunsetOfDay(ctx.world.local, ctx.world.latitude, ctx.world.longitude, ctx.day);
  const latest = ctx.at(PLAN.porch.latestSunset);
  if (sunset === null || sunset > latest || ctx.skips(ROUTINE_ID.porchOn)) return;
  ctx.set(sunset + onDelay, "light.porch", "on", ctx.automationRun(sunset + onDelay));
  const off = ctx.at(PLAN.porch.offAt) + offDelay;
  ctx.set(off, "light.porch", "off", ctx.automationRun(off));
}
