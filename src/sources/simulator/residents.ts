// The residents and where each one is through a day: rooms, walks between them, leaving and coming home.

import type { DayContext } from "./day-context.js";
import { hexId, Prng } from "./prng.js";
import { PLAN } from "./routine-catalog.js";

export interface ResidentInfo {
  person: string;
  name: string;
  /** Home Assistant user id carried by this resident's app and voice actions. */
  userId: string;
}

const SECOND = 1_000;

export const RESIDENTS = [
  { person: "person.alex", name: "Alex" },
  { person: "person.sam", name: "Sam" },
] as const;

/** Residents with their Home Assistant user ids, derived from the seed. */
export function residentsFor(seed: string): ResidentInfo[] {
  return RESIDENTS.map((r) => ({ ...r, userId: hexId(Prng.for(seed, "user", r.person)) }));
}

/** asleep: no motion; active: moving about (motion every few minutes); sitting: on the sofa, at the desk. */
export type Activity = "asleep" | "active" | "sitting";

export interface Stay {
  person: string;
  area: string;
  from: number;
  to: number;
  activity: Activity;
}

export interface PresenceChange {
  ts: number;
  person: string;
  state: "home" | "not_home";
}

/** Rooms reached without crossing the hallway. */
const DIRECT = new Set(["living_room|garden", "garden|living_room", "hallway|entrance", "entrance|hallway"]);

/**
 * Builds one resident's day in time order. Starts asleep in the bedroom at midnight and must end
 * there, home, so the next day starts from the same place.
 */
export class ResidentDay {
  readonly stays: Stay[] = [];
  readonly presence: PresenceChange[] = [];
  private area = "bedroom";
  private since: number;
  private activity: Activity = "asleep";
  private rng: Prng;
  /** The night's walk to bed (set by goToBed): leaving the room, reaching the bedroom, falling asleep. */
  bedtime: { leave: number; arrival: number; asleep: number } | null = null;

  constructor(
    private readonly ctx: DayContext,
    readonly person: string,
  ) {
    this.since = ctx.start;
    this.rng = ctx.rng(`walks:${person}`);
  }

  get currentArea(): string {
    return this.area;
  }

  get home(): boolean {
    return this.area !== "away";
  }

  /** Same room, new activity (waking up, sitting down). */
  become(ts: number, activity: Activity): void {
    this.close(this.notBeforeNow(ts));
    this.activity = activity;
  }

  /** Leaves the current room at `leave` and arrives at `arrive` (default 6–20 s later). Returns the arrival. */
  walkTo(area: string, leaveAt: number, activity: Activity, arrive?: number): number {
    const leave = this.notBeforeNow(leaveAt);
    const arrival = Math.max(
      leave + SECOND,
      arrive ?? leave + this.rng.uniform(PLAN.walkSeconds.min, PLAN.walkSeconds.max) * SECOND,
    );
    this.close(leave);
    if (this.area !== "hallway" && area !== "hallway" && !DIRECT.has(`${this.area}|${area}`))
      this.pass("hallway", leave);
    this.area = area;
    this.since = arrival;
    this.activity = activity;
    this.ctx.pulse(area, arrival + this.rng.uniform(0.5, 3) * SECOND, this.rng.uniform(30, 90) * SECOND);
    return arrival;
  }

  /** Walks out of the front door; the phone leaves the home zone a few minutes later. Returns the door time. */
  leaveHome(leaveAt: number): number {
    const leave = this.notBeforeNow(leaveAt);
    this.close(leave);
    if (this.area !== "hallway") this.pass("hallway", leave);
    const door = this.ctx.clamp(leave + this.rng.uniform(5, 15) * SECOND);
    this.ctx.whereabouts.push({
      person: this.person,
      area: "entrance",
      from: door,
      to: this.ctx.clamp(door + 5 * SECOND),
      activity: "passing",
    });
    this.ctx.set(door, "binary_sensor.front_door", "on");
    this.ctx.set(door + this.rng.uniform(3, 10) * SECOND, "binary_sensor.front_door", "off");
    this.markPresence(door + this.rng.uniform(60, 240) * SECOND, "not_home");
    this.area = "away";
    this.since = door;
    this.activity = "sitting";
    return door;
  }

  /** Comes in through the front door at `door` (the phone arrived a little earlier) and walks to a room. */
  comeHome(doorAt: number, area: string, activity: Activity): number {
    const door = this.notBeforeNow(doorAt);
    this.close(door);
    const lastChange = this.presence.length > 0 ? this.presence[this.presence.length - 1].ts : this.ctx.start;
    this.markPresence(Math.max(lastChange + 60 * SECOND, door - this.rng.uniform(60, 180) * SECOND), "home");
    this.ctx.set(door, "binary_sensor.front_door", "on");
    this.ctx.set(door + this.rng.uniform(3, 10) * SECOND, "binary_sensor.front_door", "off");
    this.area = "entrance";
    this.since = door;
    return this.walkTo(area, door + this.rng.uniform(3, 10) * SECOND, activity);
  }

  /** Walks to the bedroom for the night and falls asleep some minutes after arriving. */
  goToBed(leaveAt: number): number {
    const leave = this.notBeforeNow(leaveAt);
    const arrival = this.walkTo("bedroom", leave, "active");
    const fallAsleep = PLAN.night.fallAsleepMinutes;
    const asleep = this.ctx.clamp(arrival + this.rng.uniform(fallAsleep.min, fallAsleep.max) * 60 * SECOND);
    this.become(asleep, "asleep");
    this.bedtime = { leave, arrival, asleep };
    return arrival;
  }

  /** Closes the last stay at the end of the day. */
  finish(): void {
    this.close(this.ctx.end);
  }

  /** A plan that runs late never moves anyone back in time: the next step waits. */
  private notBeforeNow(ts: number): number {
    return Math.max(ts, this.since + SECOND);
  }

  /** Walks through a corridor: one burst of motion there, and a moment of the resident's day spent in it. */
  private pass(area: string, ts: number): void {
    const duration = this.rng.uniform(30, 90) * SECOND;
    this.ctx.pulse(area, ts, duration);
    const at = this.ctx.clamp(ts);
    this.ctx.whereabouts.push({
      person: this.person,
      area,
      from: at,
      to: this.ctx.clamp(at + duration),
      activity: "passing",
    });
  }

  private markPresence(ts: number, state: PresenceChange["state"]): void {
    const at = this.ctx.clamp(ts);
    this.presence.push({ ts: at, person: this.person, state });
    this.ctx.set(at, this.person, state);
  }

  private close(ts: number): void {
    const to = this.ctx.clamp(ts);
    if (to > this.since && this.area !== "away") {
      const stay = { person: this.person, area: this.area, from: this.since, to, activity: this.activity };
      this.stays.push(stay);
      this.ctx.whereabouts.push(stay);
    }
    this.since = Math.max(this.since, to);
  }
}
