// Ground truth for how the household's evening ends (household.ts): bedroom light, living room light and TV at bedtime.

import { EVERY_DAY, PLAN, ROUTINE_ID, type Timing } from "../../../src/sources/simulator/routine-catalog.js";
import type { DayType, LocalClockTime, PlantedRoutine } from "./ground-truth.js";
import { clock, manual } from "./ground-truth-parts.js";

interface Range {
  min: number;
  max: number;
}

/**
 * The earlier of two planted times. Each is drawn normally (sd = tolerance / 2) and clamped to its
 * tolerance. The pairs used here lie 15 min or more apart (Alex's bedtime before Sam's, the TV's
 * planned off before the last bedtime), so the earlier mean is within half a minute of the
 * expected minimum; the minimum lies between the lower of the two lowest and the lower of the two
 * highest values.
 */
export function earlierOf(a: Timing, b: Timing): Timing {
  const minute = Math.min(a.minute, b.minute);
  const low = Math.min(a.minute - a.tolerance, b.minute - b.tolerance);
  const high = Math.min(a.minute + a.tolerance, b.minute + b.tolerance);
  return { minute, tolerance: Math.max(minute - low, high - minute) };
}

/** The later of two planted times (see earlierOf). */
export function laterOf(a: Timing, b: Timing): Timing {
  const minute = Math.max(a.minute, b.minute);
  const low = Math.max(a.minute - a.tolerance, b.minute - b.tolerance);
  const high = Math.max(a.minute + a.tolerance, b.minute + b.tolerance);
  return { minute, tolerance: Math.max(minute - low, high - minute) };
}

/** A planted time followed by a uniform draw of `minutes`: centre moves by its mean, tolerance grows by half its range. */
function plus(t: Timing, minutes: Range): Timing {
  return {
    minute: t.minute + (minutes.min + minutes.max) / 2,
    tolerance: t.tolerance + (minutes.max - minutes.min) / 2,
  };
}

const seconds = (r: Range): Range => ({ min: r.min / 60, max: r.max / 60 });
const negated = (r: Range): Range => ({ min: -r.max, max: -r.min });

/** When Alex and Sam leave the living room for bed, per day type. */
const bedtimes = (d: DayType): [Timing, Timing] => [PLAN.alex.bedtime[d], PLAN.sam.bedtime[d]];

/** The planted bedtime-derived times, per day type, so tests check the data against the same numbers. */
export const EVENING_TIMES = {
  /** The first one to bed reaches the bedroom and switches its light on. */
  bedroomLightOn: (d: DayType): Timing =>
    plus(plus(earlierOf(...bedtimes(d)), seconds(PLAN.walkSeconds)), seconds(PLAN.night.lightOnSeconds)),
  /** The last one to bed falls asleep; the light goes off a few seconds before. */
  bedroomLightOff: (d: DayType): Timing =>
    plus(
      plus(plus(laterOf(...bedtimes(d)), seconds(PLAN.walkSeconds)), PLAN.night.fallAsleepMinutes),
      negated(seconds(PLAN.night.lightOffBeforeAsleepSeconds)),
    ),
  /** The last one to bed leaves the living room. */
  livingRoomLightOff: (d: DayType): Timing => laterOf(...bedtimes(d)),
  /** The TV goes off at its planned time, or as the last one leaves for bed when that is earlier. */
  tvOff: (d: DayType): Timing => earlierOf(PLAN.tv.off, laterOf(...bedtimes(d))),
};

/** To a tenth of a minute: the seconds of a walk shift the time, their fractions say nothing. */
const tenth = (t: Timing): Timing => ({
  minute: Math.round(t.minute * 10) / 10,
  tolerance: Math.round(t.tolerance * 10) / 10,
});
const at = (time: (d: DayType) => Timing): LocalClockTime => clock(tenth(time("weekday")));
const perDayType = (time: (d: DayType) => Timing): Record<DayType, LocalClockTime> => ({
  weekday: clock(tenth(time("weekday"))),
  weekend: clock(tenth(time("weekend"))),
});

export function eveningRoutines(): PlantedRoutine[] {
  const t = EVENING_TIMES;
  return [
    {
      ...manual,
      id: ROUTINE_ID.bedroomLightAtBedtime,
      type: "time_based",
      description:
        "The first one to bed switches the bedroom light on (household.ts bedtimeLights): the earlier of Alex's and Sam's bedtimes " +
        "(PLAN.alex/sam.bedtime), the walk (PLAN.walkSeconds) and PLAN.night.lightOnSeconds",
      entities: ["light.bedroom"],
      area: "bedroom",
      weekdays: [...EVERY_DAY],
      probability: 1,
      resident: null,
      target: { entity: "light.bedroom", state: "on" },
      at: at(t.bedroomLightOn),
      byDayType: perDayType(t.bedroomLightOn),
    },
    {
      ...manual,
      id: ROUTINE_ID.bedroomLightAsleep,
      type: "time_based",
      description:
        "The bedroom light goes off as the last one falls asleep (household.ts bedtimeLights, residents.ts goToBed): the later bedtime, " +
        "the walk, PLAN.night.fallAsleepMinutes, less PLAN.night.lightOffBeforeAsleepSeconds; usually reported as the return to rest " +
        'of the bedtime light ("off again around …")',
      entities: ["light.bedroom"],
      area: "bedroom",
      weekdays: [...EVERY_DAY],
      probability: 1,
      resident: null,
      target: { entity: "light.bedroom", state: "off" },
      at: at(t.bedroomLightOff),
      byDayType: perDayType(t.bedroomLightOff),
    },
    {
      ...manual,
      id: ROUTINE_ID.livingRoomLightAtBedtime,
      type: "time_based",
      description:
        "The last one to bed switches the living room light off on the way (household.ts livingRoomAtSunset): the later of Alex's " +
        "and Sam's bedtimes (PLAN.alex/sam.bedtime)",
      entities: ["light.living_room"],
      area: "living_room",
      weekdays: [...EVERY_DAY],
      probability: PLAN.livingRoomSunset.probability,
      resident: null,
      condition: "the living room light was on (switched on after sunset, or on arrival after sunset)",
      target: { entity: "light.living_room", state: "off" },
      at: at(t.livingRoomLightOff),
      byDayType: perDayType(t.livingRoomLightOff),
    },
    {
      ...manual,
      id: ROUTINE_ID.tvOff,
      type: "time_based",
      description:
        "The evening TV goes off at its planned time (PLAN.tv.off), or when the last one leaves for bed if that is earlier " +
        "(household.ts eveningTv)",
      entities: ["media_player.living_room_tv"],
      area: "living_room",
      weekdays: [...EVERY_DAY],
      probability: PLAN.tv.probability,
      resident: null,
      condition: "a TV evening (not a garden evening)",
      target: { entity: "media_player.living_room_tv", state: "off" },
      at: at(t.tvOff),
      byDayType: perDayType(t.tvOff),
    },
  ];
}
