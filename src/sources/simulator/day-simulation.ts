// One day end to end: residents, household habits, anomalies, noise, sensors, merged in time order.
import { compareEvents, type HomeEvent } from "../../core/home-event.js";
import { simulateAlex } from "./alex-day.js";
import { applyAnomalies } from "./anomalies.js";
import { assembleDay } from "./day-assembly.js";
import { type DayAnomaly, DayContext, type SimulationWorld } from "./day-context.js";
import { decideDay } from "./day-plan.js";
import { environmentEvents } from "./environment.js";
import { simulateHousehold } from "./household.js";
import { addStayMotion, addVisits, planMotionChanges } from "./movement.js";
import { chattyEvents, planToggles } from "./noise.js";
import { simulateSam } from "./sam-day.js";

/** Plans every discrete state change of the day (no sensors, no chatty noise): cheap, used for ground truth too. */
export function planDay(world: SimulationWorld, day: string, anomalies: readonly DayAnomaly[]): DayContext {
  const ctx = new DayContext(world, day, anomalies);
  const plan = decideDay(ctx);
  const alex = simulateAlex(ctx, plan);
  const sam = simulateSam(ctx, plan);
  addStayMotion(ctx, [...alex.stays, ...sam.me.stays]);
  addVisits(ctx);
  applyAnomalies(ctx);
  simulateHousehold(ctx, plan, [alex, sam.me], sam.wake);
  planToggles(ctx);
  planMotionChanges(ctx);
  return ctx;
}

export interface DayResult {
  events: HomeEvent[];
  context: DayContext;
  /** Entities the day had to put back at midnight; a correct plan leaves none. */
  corrections: string[];
}

/** All events of a local day, in time order; chatty sensors fill up to `eventsPerDay`. */
export function simulateDay(
  world: SimulationWorld,
  day: string,
  anomalies: readonly DayAnomaly[],
  eventsPerDay: number,
): DayResult {
  const ctx = planDay(world, day, anomalies);
  const assembly = assembleDay(ctx);
  const lists = [assembly.events, ...environmentEvents(ctx)];
  const base = lists.reduce((sum, list) => sum + list.length, 0);
  lists.push(...chattyEvents(ctx, Math.max(0, eventsPerDay - base)));
  const events = mergeInOrder(lists);
  withAttributes(events, world.deviceClasses, world.units);
  return { events, context: ctx, corrections: assembly.corrections };
}

/**
 * Gives each event its entity's device_class and unit_of_measurement, as every state_changed of a
 * real Home Assistant carries them in new_state.attributes: findings then say "Hallway motion
 * detects motion", and the panel shows "21.5 °C".
 */
function withAttributes(
  events: HomeEvent[],
  deviceClasses: ReadonlyMap<string, string>,
  units: ReadonlyMap<string, string>,
): void {
  for (const event of events) {
    const deviceClass = deviceClasses.get(event.entity);
    if (deviceClass !== undefined) event.deviceClass = deviceClass;
    const unit = units.get(event.entity);
    if (unit !== undefined) event.unit = unit;
  }
}

/** Merges lists that are each in time order; on a tie the earlier list goes first (as a stable sort would). */
export function mergeInOrder(lists: HomeEvent[][]): HomeEvent[] {
  let round = lists.filter((l) => l.length > 0);
  if (round.length === 0) return [];
  while (round.length > 1) {
    const next: HomeEvent[][] = [];
    for (let i = 0; i < round.length; i += 2)
      next.push(i + 1 < round.length ? mergeTwo(round[i], round[i + 1]) : round[i]);
    round = next;
  }
  return round[0];
}

function mergeTwo(a: HomeEvent[], b: HomeEvent[]): HomeEvent[] {
  const out = new Array<HomeEvent>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compareEvents(b[j], a[i]) < 0 ? b[j++] : a[i++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
