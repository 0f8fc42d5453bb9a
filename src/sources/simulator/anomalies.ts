// Planting anomalies on chosen (or seeded) days: what a caller may ask for and how each acts on the day.
import { type LocalTime, weekdayOf } from "../../core/local-time.js";
import type { DayAnomaly, DayContext } from "./day-context.js";
import { Prng } from "./prng.js";
import { hm, isWeekend, PLAN, ROUTINE_ID } from "./routine-catalog.js";
import { sunsetOfDay } from "./solar-model.js";

export type AnomalyKind =
  | "unusual_time"
  | "long_on"
  | "missed_routine"
  | "activity_high"
  | "activity_low"
  | "unavailable";

/** An anomaly a caller asks for; times and durations are drawn from the seed. */
export interface AnomalyPlan {
  day: string;
  kind: AnomalyKind;
  /** unavailable: which entity (default binary_sensor.kitchen_motion). */
  entity?: string;
  /** missed_routine: which routine (default the wake-up light). */
  routineId?: string;
}

const SECOND = 1_000;
const MINUTE = 60_000;

/** "none": a clean home; "auto": about one day in twelve gets one, chosen by the seed; or an explicit list. */
export type AnomalySetting = "none" | "auto" | readonly AnomalyPlan[];

export const ANOMALY_KINDS: readonly AnomalyKind[] = [
  "unusual_time",
  "long_on",
  "missed_routine",
  "activity_high",
  "activity_low",
  "unavailable",
];

/** Routines a missed_routine anomaly can suppress. */
export const MISSABLE_ROUTINES: readonly string[] = [
  ROUTINE_ID.wakeUp,
  ROUTINE_ID.kitchenLight,
  ROUTINE_ID.morningSequence,
  ROUTINE_ID.coffee,
  ROUTINE_ID.porchOn,
  ROUTINE_ID.tv,
];

const AUTO_SHARE = 1 / 12;

/** The anomalies of one day, with their drawn windows. */
export function anomaliesOfDay(seed: string, setting: AnomalySetting, local: LocalTime, day: string): DayAnomaly[] {
  if (setting === "none") return [];
  const plans: AnomalyPlan[] = [];
  if (setting === "auto") {
    const rng = Prng.for(seed, "auto-anomaly", day);
    const hit = rng.chance(AUTO_SHARE);
    const kind = rng.pick(ANOMALY_KINDS);
    const routineId = rng.pick([ROUTINE_ID.wakeUp, ROUTINE_ID.porchOn]);
    if (hit) plans.push({ day, kind, routineId });
  } else {
    plans.push(...setting.filter((p) => p.day === day));
  }
  return plans.map((plan) => {
    const anomaly = realizeWindow(seed, local, plan);
    return { ...anomaly, start: Math.round(anomaly.start), end: Math.round(anomaly.end) };
  });
}

function realizeWindow(seed: string, local: LocalTime, plan: AnomalyPlan): DayAnomaly {
  const rng = Prng.for(seed, plan.day, "anomaly", plan.kind);
  const at = (minute: number) => Math.round(local.toEpoch(plan.day, minute));
  const weekend = isWeekend(weekdayOf(plan.day));
  switch (plan.kind) {
    case "unusual_time": {
      const start = at(rng.around(hm("03:15"), 30));
      return { kind: plan.kind, start, end: start + rng.uniform(10, 25) * MINUTE, entity: "light.kitchen" };
    }
    case "long_on": {
      // Nominal window; the day records when the fan actually went on.
      const start = at(weekend ? hm("08:45") : hm("07:00"));
      return { kind: plan.kind, start, end: start + rng.uniform(180, 300) * MINUTE, entity: "switch.bathroom_fan" };
    }
    case "missed_routine": {
      const routineId = plan.routineId ?? ROUTINE_ID.wakeUp;
      if (!MISSABLE_ROUTINES.includes(routineId)) {
        throw new RangeError(`missed_routine cannot suppress "${routineId}"; one of: ${MISSABLE_ROUTINES.join(", ")}`);
      }
      const [from, to] = expectedWindow(routineId, weekend);
      return { kind: plan.kind, start: at(from), end: at(to), routineId };
    }
    case "activity_high":
      return {
        kind: plan.kind,
        start: at(rng.around(hm("19:00"), 20)),
        end: at(Math.min(hm("23:45"), rng.around(hm("23:30"), 10))),
      };
    case "activity_low":
      return { kind: plan.kind, start: at(rng.around(hm("09:45"), 15)), end: at(rng.around(hm("21:00"), 20)) };
    case "unavailable": {
      const start = at(rng.around(hm("10:30"), 60));
      return {
        kind: plan.kind,
        start,
        end: start + rng.uniform(2, 5) * 60 * MINUTE,
        entity: plan.entity ?? "binary_sensor.kitchen_motion",
      };
    }
  }
}

/** Local minutes within which a routine would normally have shown. */
function expectedWindow(routineId: string, weekend: boolean): [number, number] {
  const p = PLAN;
  const around = (t: { minute: number; tolerance: number }): [number, number] => [
    t.minute - t.tolerance,
    t.minute + t.tolerance,
  ];
  switch (routineId) {
    case ROUTINE_ID.kitchenLight:
      return around(p.alex.kitchenArrival);
    case ROUTINE_ID.coffee: {
      const [from, to] = around(weekend ? p.alex.weekendKitchenArrival : p.alex.kitchenArrival);
      return [from + 1, to + 10];
    }
    case ROUTINE_ID.porchOn:
      return [hm("15:30"), hm("22:50")];
    case ROUTINE_ID.tv:
      return around(weekend ? p.tv.weekend : p.tv.weekday);
    case ROUTINE_ID.morningSequence: {
      const [from, to] = around(weekend ? p.sam.wake.weekend : p.sam.wake.weekday);
      return [from + 5, to + 15];
    }
    default:
      return around(weekend ? p.sam.wake.weekend : p.sam.wake.weekday);
  }
}

/** Plants the anomalies that add events of their own (the others act inside the residents' days). */
export function applyAnomalies(ctx: DayContext): void {
  for (const anomaly of ctx.anomalies) {
    const rng = ctx.rng(`anomaly:${anomaly.kind}`);
    switch (anomaly.kind) {
      case "unusual_time": {
        // Someone cannot sleep and makes tea in the middle of the night.
        ctx.pulse("hallway", anomaly.start - 20 * SECOND, 40 * SECOND);
        for (let t = anomaly.start; t < anomaly.end; t += rng.uniform(40, 120) * SECOND)
          ctx.pulse("kitchen", t, 60 * SECOND);
        ctx.pulse("hallway", anomaly.end + 5 * SECOND, 40 * SECOND);
        ctx.set(anomaly.start + 5 * SECOND, "light.kitchen", "on");
        ctx.set(anomaly.end, "light.kitchen", "off");
        ctx.record(anomaly, anomaly.start, anomaly.end);
        break;
      }
      case "activity_high": {
        // A party: guests everywhere on the ground floor.
        for (const area of ["living_room", "kitchen", "hallway", "dining_room"]) {
          for (let t = anomaly.start; t < anomaly.end; t += rng.uniform(15, 60) * SECOND)
            ctx.pulse(area, t, rng.uniform(20, 60) * SECOND);
        }
        for (const light of ["light.kitchen", "light.living_room"]) {
          ctx.set(anomaly.start + rng.uniform(0, 5) * MINUTE, light, "on");
          ctx.set(anomaly.end, light, "off");
        }
        ctx.record(anomaly, anomaly.start, anomaly.end);
        break;
      }
      case "long_on":
        break; // recorded by the bathroom routine when the fan actually goes on
      case "missed_routine": {
        const sunset = sunsetOfDay(ctx.world.local, ctx.world.latitude, ctx.world.longitude, ctx.day);
        if (anomaly.routineId === ROUTINE_ID.porchOn && sunset !== null)
          ctx.record(anomaly, sunset, sunset + 5 * MINUTE);
        else ctx.record(anomaly, anomaly.start, anomaly.end);
        break;
      }
      default:
        ctx.record(anomaly, anomaly.start, anomaly.end);
    }
  }
}
