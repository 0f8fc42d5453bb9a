// Alex's day: early kitchen light and coffee on weekdays, commute, evening on the sofa.
import type { DayContext } from "./day-context.js";
import type { DayDecisions } from "./day-plan.js";
import { ResidentDay } from "./residents.js";
import { PLAN, ROUTINE_ID } from "./routine-catalog.js";

const SECOND = 1_000;
const MINUTE = 60_000;

export function simulateAlex(ctx: DayContext, plan: DayDecisions): ResidentDay {
  const p = PLAN.alex;
  const rng = ctx.rng("alex");
  const me = new ResidentDay(ctx, "person.alex");
  // Draw everything up front, whatever the day brings, so one choice never shifts another.
  const arrivalTiming = ctx.weekend ? p.weekendKitchenArrival : p.kitchenArrival;
  const kitchenArrival = ctx.at(rng.around(arrivalTiming.minute, arrivalTiming.tolerance));
  const walk = rng.uniform(6, 20) * SECOND;
  const lightOn = rng.chance(p.kitchenLightProbability);
  const lightDelay = rng.uniform(3, 18) * SECOND;
  const coffee = rng.chance(PLAN.coffee.probability);
  const coffeeDelay = rng.uniform(1, 4) * MINUTE;
  const coffeeMinutes = rng.around(PLAN.coffee.meanMinutes, PLAN.coffee.toleranceMinutes);
  const leave = ctx.at(rng.around(p.leaveForWork.minute, p.leaveForWork.tolerance));
  const back = ctx.at(rng.around(p.backFromWork.minute, p.backFromWork.tolerance));
  const breakfastMinutes = rng.uniform(20, 40);
  const bedTiming = ctx.weekend ? p.bedtime.weekend : p.bedtime.weekday;
  const bed = ctx.at(rng.around(bedTiming.minute, bedTiming.tolerance));
  const lag = rng.uniform(0, 90) * SECOND;

  me.walkTo("kitchen", kitchenArrival - walk, "active", kitchenArrival);
  if (!ctx.weekend && lightOn && !ctx.skips(ROUTINE_ID.kitchenLight)) {
    ctx.set(kitchenArrival + lightDelay, "light.kitchen", "on");
  }
  if (coffee && !ctx.skips(ROUTINE_ID.coffee)) {
    ctx.set(kitchenArrival + coffeeDelay, "switch.coffee_maker", "on");
    ctx.set(kitchenArrival + coffeeDelay + coffeeMinutes * MINUTE, "switch.coffee_maker", "off");
  }

  const breakfastEnd = kitchenArrival + breakfastMinutes * MINUTE;
  if (plan.trip) {
    me.walkTo("living_room", breakfastEnd, "sitting");
    me.leaveHome(Math.max(plan.trip.from, breakfastEnd + MINUTE) + lag);
    me.comeHome(plan.trip.to + lag, "living_room", "sitting");
  } else if (!ctx.weekend) {
    me.leaveHome(Math.max(leave, kitchenArrival + 20 * MINUTE));
    me.comeHome(back, "living_room", "sitting");
  } else {
    me.walkTo("living_room", breakfastEnd, "sitting");
    if (plan.errands) {
      me.leaveHome(Math.max(plan.errands.from, breakfastEnd + MINUTE));
      me.comeHome(plan.errands.to, "living_room", "sitting");
    }
  }

  if (plan.garden) {
    me.walkTo("garden", plan.garden.from - lag - 30 * SECOND, "sitting");
    me.walkTo("living_room", plan.garden.to + lag, "sitting");
  }
  me.goToBed(bed);
  me.finish();
  return me;
}
