// Sam's day: wake-up light, the bathroom sequence, commute or home office, cooking, garden evenings.
import type { DayContext } from "./day-context.js";
import type { DayDecisions } from "./day-plan.js";
import type { Prng } from "./prng.js";
import { ResidentDay } from "./residents.js";
import { HOME_OFFICE_DAYS, PLAN, ROUTINE_ID } from "./routine-catalog.js";
import { GLOOMY_WEATHER } from "./weather-model.js";

const SECOND = 1_000;
const MINUTE = 60_000;

export interface SamDay {
  me: ResidentDay;
  wake: number;
}

export function simulateSam(ctx: DayContext, plan: DayDecisions): SamDay {
  const p = PLAN.sam;
  const rng = ctx.rng("sam");
  const me = new ResidentDay(ctx, "person.sam");
  const wakeTiming = ctx.weekend ? p.wake.weekend : p.wake.weekday;
  const wake = ctx.at(rng.around(wakeTiming.minute, wakeTiming.tolerance));
  const wakeLight = rng.chance(p.wakeLightProbability);
  const awakeMinutes = rng.uniform(5, 12);
  const breakfastMinutes = ctx.weekend ? rng.uniform(20, 40) : rng.uniform(15, 25);
  const leave = ctx.at(rng.around(p.leaveForWork.minute, p.leaveForWork.tolerance));
  const back = ctx.at(rng.around(p.backFromWork.minute, p.backFromWork.tolerance));
  const cooking = ctx.at(rng.around(p.cooking.minute, p.cooking.tolerance));
  const cookingMinutes = rng.uniform(40, 60);
  const bedTiming = ctx.weekend ? p.bedtime.weekend : p.bedtime.weekday;
  const bed = ctx.at(rng.around(bedTiming.minute, bedTiming.tolerance));
  const lag = rng.uniform(0, 60) * SECOND;

  me.become(wake, "active");
  if (wakeLight && !ctx.skips(ROUTINE_ID.wakeUp)) ctx.set(wake, "light.bedroom", "on");
  const outOfBathroom = morningBathroom(ctx, me, rng, wake + awakeMinutes * MINUTE);
  const kitchen = me.walkTo("kitchen", outOfBathroom, "active");
  const breakfastEnd = kitchen + breakfastMinutes * MINUTE;
  const homeOffice = (HOME_OFFICE_DAYS as readonly number[]).includes(ctx.weekday);

  if (plan.trip) {
    me.walkTo("living_room", breakfastEnd, "sitting");
    me.leaveHome(Math.max(plan.trip.from, breakfastEnd + MINUTE));
    me.comeHome(plan.trip.to, "living_room", "sitting");
  } else {
    if (ctx.weekend) {
      me.walkTo("living_room", breakfastEnd, "sitting");
      if (plan.errands) {
        me.leaveHome(Math.max(plan.errands.from + lag, breakfastEnd + MINUTE));
        me.comeHome(plan.errands.to + lag, "living_room", "sitting");
      }
    } else if (homeOffice) {
      workFromHome(ctx, me, rng, breakfastEnd);
    } else {
      me.leaveHome(Math.max(leave, breakfastEnd));
      me.comeHome(back, "living_room", "sitting");
    }
    me.walkTo("kitchen", cooking, "active");
    me.walkTo("living_room", cooking + cookingMinutes * MINUTE, "sitting");
  }

  if (plan.garden) {
    const arrival = me.walkTo("garden", plan.garden.from - 20 * SECOND, "sitting");
    ctx.set(arrival + rng.uniform(3, 10) * SECOND, "light.garden", "on");
    ctx.set(plan.garden.to, "light.garden", "off");
    me.walkTo("living_room", plan.garden.to + 10 * SECOND, "sitting");
  }
  me.goToBed(bed);
  me.finish();
  return { me, wake };
}

/** The sequence routine: bedroom light off → hallway motion → bathroom light on → fan on. Returns when Sam leaves. */
function morningBathroom(ctx: DayContext, me: ResidentDay, rng: Prng, from: number): number {
  const [g1, g2, g3] = PLAN.morningSequence.gapsSeconds.map((g) => rng.uniform(g.min, g.max) * SECOND);
  const happens = rng.chance(PLAN.morningSequence.probability);
  const showerMinutes = rng.uniform(PLAN.shower.minutes.min, PLAN.shower.minutes.max);
  const fanMinutes = rng.around(PLAN.bathroomFan.meanMinutes, PLAN.bathroomFan.toleranceMinutes);
  const longOn = ctx.anomaly("long_on");
  ctx.set(from, "light.bedroom", "off");
  if (!longOn && (!happens || ctx.skips(ROUTINE_ID.morningSequence))) return from + rng.uniform(3, 10) * SECOND;

  const arrive = me.walkTo("bathroom", from + g1, "active", from + g1 + g2);
  ctx.set(arrive, "light.bathroom", "on");
  const fanOn = arrive + g3;
  ctx.set(fanOn, "switch.bathroom_fan", "on");
  const fanOff = longOn ? fanOn + (longOn.end - longOn.start) : fanOn + fanMinutes * MINUTE;
  ctx.set(fanOff, "switch.bathroom_fan", "off");
  if (longOn) ctx.record(longOn, fanOn, fanOff);
  const out = arrive + showerMinutes * MINUTE;
  ctx.set(out, "light.bathroom", "off");
  return out + rng.uniform(2, 5) * SECOND;
}

/** Wednesday and Friday: office until lunch, kitchen, office again; the weather and cold decide light and heater. */
function workFromHome(ctx: DayContext, me: ResidentDay, rng: Prng, breakfastEnd: number): void {
  const p = PLAN.sam;
  const start = ctx.at(rng.around(p.officeStart.minute, p.officeStart.tolerance));
  const lunch = ctx.at(rng.around(p.lunchStart.minute, p.lunchStart.tolerance));
  const lunchMinutes = rng.uniform(30, 45);
  const end = ctx.at(rng.around(p.officeEnd.minute, p.officeEnd.tolerance));
  const kitchenLightOff = rng.chance(0.9);

  const leaveKitchen = Math.max(start, breakfastEnd);
  if (kitchenLightOff) ctx.set(leaveKitchen, "light.kitchen", "off");
  officeBlock(ctx, me, rng, leaveKitchen, lunch, "kitchen");
  officeBlock(ctx, me, rng, lunch + lunchMinutes * MINUTE, end, "living_room");
}

function officeBlock(ctx: DayContext, me: ResidentDay, rng: Prng, from: number, to: number, next: string): void {
  const lightDraw = rng.next();
  const heaterDraw = rng.next();
  const lightDelay = rng.uniform(3, 20) * SECOND;
  const heaterDelay = rng.uniform(0.5, 3) * MINUTE;
  const arrival = me.walkTo("office", from, "sitting");
  const weather = ctx.world.weather.stateAt(ctx.world.local, arrival);
  const gloomy = GLOOMY_WEATHER.includes(weather);
  if (lightDraw < (gloomy ? PLAN.officeLight.probability : PLAN.officeLight.otherwiseProbability)) {
    ctx.set(arrival + lightDelay, "light.office", "on");
  }
  const cold = ctx.world.weather.outsideTemperatureAt(arrival) < PLAN.spaceHeater.belowCelsius;
  if (cold && heaterDraw < PLAN.spaceHeater.probability) ctx.set(arrival + heaterDelay, "switch.space_heater", "on");
  const leave = Math.max(to, arrival + 5 * MINUTE);
  ctx.set(leave, "light.office", "off");
  ctx.set(leave, "switch.space_heater", "off");
  me.walkTo(next, leave, next === "kitchen" ? "active" : "sitting");
}
