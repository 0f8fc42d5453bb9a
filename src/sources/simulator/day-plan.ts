// Household decisions made before anyone moves: errands, a garden evening, TV, a day trip.
import type { DayContext } from "./day-context.js";
import { PLAN, ROUTINE_ID } from "./routine-catalog.js";

const MINUTE = 60_000;

export interface Window {
  from: number;
  to: number;
}

export interface DayDecisions {
  /** Both residents away for most of the day (the activity_low anomaly). */
  trip: Window | null;
  /** Weekend errands: both out for a couple of hours. */
  errands: Window | null;
  /** An evening in the garden with the garden light on (seasonal). */
  garden: Window | null;
  /** The evening TV, switched on at `from`; the last one to bed switches it off by `to` at the latest. */
  tv: Window | null;
}

export function decideDay(ctx: DayContext): DayDecisions {
  const rng = ctx.rng("decisions");
  // Every draw happens on every day, so a decision never shifts the ones after it.
  const errandsHappen = rng.chance(PLAN.weekendErrands.probability);
  const errandsLeave = ctx.at(rng.around(PLAN.weekendErrands.leave.minute, PLAN.weekendErrands.leave.tolerance));
  const errandsMinutes = rng.uniform(PLAN.weekendErrands.awayMinutes.min, PLAN.weekendErrands.awayMinutes.max);
  const g = PLAN.garden;
  const inSeason = (g.months as readonly number[]).includes(ctx.month);
  const gardenHappens = rng.chance(inSeason ? g.inSeason : g.offSeason);
  const gardenOn = ctx.at(rng.around(g.on.minute, g.on.tolerance));
  const gardenOff = ctx.at(rng.around(g.off.minute, g.off.tolerance));
  const tvHappens = rng.chance(PLAN.tv.probability);
  const tvTiming = ctx.weekend ? PLAN.tv.weekend : PLAN.tv.weekday;
  const tvOn = ctx.at(rng.around(tvTiming.minute, tvTiming.tolerance));
  const tvOff = ctx.at(rng.around(PLAN.tv.off.minute, PLAN.tv.off.tolerance));

  const lowActivity = ctx.anomaly("activity_low");
  const trip = lowActivity ? { from: lowActivity.start, to: lowActivity.end } : null;
  const garden = !trip && ctx.weekend && gardenHappens ? { from: gardenOn, to: gardenOff } : null;
  return {
    trip,
    errands:
      !trip && ctx.weekend && errandsHappen ? { from: errandsLeave, to: errandsLeave + errandsMinutes * MINUTE } : null,
    garden,
    tv: !trip && !garden && tvHappens && !ctx.skips(ROUTINE_ID.tv) ? { from: tvOn, to: tvOff } : null,
  };
}
