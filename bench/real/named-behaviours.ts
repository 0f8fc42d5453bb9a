// Whether the behaviours issue 14 names (leaving home, the morning chain, dinner, the night's sleep) are found.
import { circularMinuteDistance } from "../../src/core/local-time.js";
import type { StoredPattern } from "../../src/patterns/pattern-store.js";
import type { RealHome } from "./datasets.js";
import type { HaEntity } from "./home-entities.js";
import { areaId, findingTime } from "./routine-matching.js";

/**
 * The rule (written on 2026-12-07 at 03:30 UTC, before this check was first run, unchanged since):
 * - Reference time T, from the residents' labels: on each labelled day, the first start of the
 *   activity in its part of the day; T is the circular median of those. Leaving home: "Leaving" /
 *   "leave house" lasting 30 min or more. The morning chain: the end of "Sleeping" / "go to bed"
 *   between 04:00 and 13:00 (getting up). Dinner: "Dinner" / "prepare Dinner" starting 16:00–23:59.
 *   The night's sleep: "Sleeping" / "go to bed" starting 20:00–03:59.
 * - A behaviour applies to a home when it has the label and the sensors: leaving, a door in the
 *   Entrance or Hall area; the morning chain, sensors in a Bedroom, a Bathroom or Toilet and a
 *   Kitchen; dinner, a Kitchen sensor; the sleep, a bed mat (occupancy in the Bedroom).
 * - Found when a catalog finding whose claim the re-count holds true, with stated support on at
 *   least 2/3 of the days it was judged on, says it at T ± 45 min (an hour range widened by 45 min):
 *   leaving, a finding naming that door that says the home stays quiet after it; the morning chain,
 *   a sequence whose steps pass, in order, through the Bedroom, then the Bathroom or Toilet, then
 *   the Kitchen; dinner, a finding naming a Kitchen sensor or the Kitchen; the sleep, both a
 *   duration finding of the bed mat and a time finding of it (on at the sleep's T, or off at the
 *   getting-up T).
 */
export const NAMED_RULE = [
  'Reference time T from the labels: on each labelled day the first start of the activity in its part of the day, T their circular median. Leaving home: "Leaving"/"leave house" lasting ≥ 30 min. The morning chain: the end of "Sleeping"/"go to bed" between 04:00 and 13:00 (getting up). Dinner: "Dinner"/"prepare Dinner" starting 16:00–23:59. The night\'s sleep: "Sleeping"/"go to bed" starting 20:00–03:59.',
  "Applies when the home has the label and the sensors: leaving, a door in the Entrance or Hall; the morning chain, sensors in a Bedroom, a Bathroom or Toilet and a Kitchen; dinner, a Kitchen sensor; the sleep, a bed mat.",
  "Found: a catalog finding whose claim the re-count holds true, stated on ≥ 2/3 of the days it judged, at T ± 45 min (an hour range widened by 45 min): leaving, naming that door and saying the home stays quiet after it; the morning chain, a sequence passing in order through the Bedroom, then the Bathroom or Toilet, then the Kitchen; dinner, naming a Kitchen sensor or the Kitchen; the sleep, both a duration finding and a time finding of the bed mat (on at the sleep's T or off at the getting-up T).",
];

export interface NamedResult {
  behaviour: string;
  /** Why it does not apply, when it does not. */
  notApplicable?: string;
  minute?: number;
  labelledDays?: number;
  by: StoredPattern[];
}

const DAY = 1440;

function circularMedian(minutes: number[]): number {
  // The minute of the day with the least total circular distance to all.
  let best = 0;
  let bestCost = Infinity;
  for (let c = 0; c < DAY; c++) {
    let cost = 0;
    for (const m of minutes) cost += circularMinuteDistance(c, m);
    if (cost < bestCost) {
      bestCost = cost;
      best = c;
    }
  }
  return best;
}

const inPart = (minute: number, from: number, to: number) =>
  from <= to ? minute >= from && minute < to : minute >= from || minute < to;

/** Daily first minutes of a labelled activity, picked by name, part of day and which end. */
function referenceMinutes(
  home: RealHome,
  names: RegExp,
  part: [number, number],
  end: "start" | "end",
  minLengthMinutes = 0,
): number[] {
  const byDay = new Map<string, number>();
  const labels = home.labels
    .filter((l) => names.test(l.activity))
    .filter((l) => {
      const length = (Date.parse(`${l.end.day}T00:00:00Z`) - Date.parse(`${l.start.day}T00:00:00Z`)) / 60_000;
      return length + (l.end.second - l.start.second) / 60 >= minLengthMinutes;
    })
    .map((l) => l[end])
    .sort((a, b) => (a.day === b.day ? a.second - b.second : a.day < b.day ? -1 : 1));
  for (const w of labels) {
    const minute = Math.floor(w.second / 60);
    if (!inPart(minute, part[0] * 60, part[1] * 60)) continue;
    // A night's start after midnight belongs to the evening before.
    const day = end === "start" && part[0] > part[1] && minute < part[1] * 60 ? `${w.day}<` : w.day;
    if (!byDay.has(day)) byDay.set(day, minute);
  }
  return [...byDay.values()];
}

function nearT(p: StoredPattern, t: number, minute?: unknown): boolean {
  if (typeof minute === "number") return circularMinuteDistance(minute, t) <= 45;
  const time = findingTime(p);
  if (!time) return false;
  if (time.from === time.to) return circularMinuteDistance(time.from, t) <= 45;
  const span = (time.to - time.from + DAY) % DAY || DAY;
  return (t - (time.from - 45) + 2 * DAY) % DAY <= span + 90;
}

const stated = (p: StoredPattern) => p.support * 3 >= 2 * p.opportunities;

export function namedBehaviours(
  home: RealHome,
  entities: HaEntity[],
  patterns: StoredPattern[],
  holds: (p: StoredPattern) => boolean,
): NamedResult[] {
  const ok = patterns.filter((p) => holds(p) && stated(p));
  const areaOf = new Map(entities.map((e) => [e.entityId, areaId(e.area)]));
  const inArea = (areas: string[]) => entities.filter((e) => areas.includes(areaId(e.area))).map((e) => e.entityId);
  const out: NamedResult[] = [];
  const judge = (
    behaviour: string,
    minutes: number[],
    missing: string | null,
    found: (p: StoredPattern, t: number) => boolean,
  ) => {
    if (minutes.length === 0) out.push({ behaviour, notApplicable: "no such label", by: [] });
    else if (missing) out.push({ behaviour, notApplicable: missing, by: [] });
    else {
      const t = circularMedian(minutes);
      out.push({ behaviour, minute: t, labelledDays: minutes.length, by: ok.filter((p) => found(p, t)) });
    }
  };

  const doors = entities
    .filter((e) => e.deviceClass === "door" && ["entrance", "hall"].includes(areaId(e.area)))
    .map((e) => e.entityId);
  judge(
    "leaving home",
    referenceMinutes(home, /^(leaving|leave house)$/i, [0, 24], "start", 30),
    doors.length ? null : "no door in the Entrance or Hall",
    (p, t) =>
      p.entities.some((e) => doors.includes(e)) &&
      typeof (p.params as Record<string, unknown>).quietMinutes === "number" &&
      nearT(p, t),
  );

  const bedroom = inArea(["bedroom"]);
  const bath = inArea(["bathroom", "toilet"]);
  const kitchen = inArea(["kitchen"]);
  judge(
    "the morning chain",
    referenceMinutes(home, /^(sleeping|go to bed)$/i, [4, 13], "end"),
    bedroom.length && bath.length && kitchen.length ? null : "no Bedroom, Bathroom/Toilet and Kitchen sensors",
    (p, t) => {
      if (p.type !== "sequence" || p.entities.length < 3 || !nearT(p, t)) return false;
      const stages = p.entities.map((e) => areaOf.get(e) ?? "");
      const bed = stages.indexOf("bedroom");
      const wash = stages.findIndex((a, i) => i > bed && (a === "bathroom" || a === "toilet"));
      const cook = stages.findIndex((a, i) => i > wash && a === "kitchen");
      return bed >= 0 && wash > bed && cook > wash;
    },
  );

  judge(
    "dinner preparation",
    referenceMinutes(home, /^(dinner|prepare dinner)$/i, [16, 24], "start"),
    kitchen.length ? null : "no Kitchen sensor",
    (p, t) => (p.entities.some((e) => kitchen.includes(e)) || areaId(p.area ?? "") === "kitchen") && nearT(p, t),
  );

  const mats = entities
    .filter((e) => e.deviceClass === "occupancy" && areaId(e.area) === "bedroom")
    .map((e) => e.entityId);
  const sleepStarts = referenceMinutes(home, /^(sleeping|go to bed)$/i, [20, 4], "start");
  const wakes = referenceMinutes(home, /^(sleeping|go to bed)$/i, [4, 13], "end");
  const result: NamedResult = {
    behaviour: "the night's sleep",
    by: [],
  };
  if (sleepStarts.length === 0) result.notApplicable = "no such label";
  else if (mats.length === 0) result.notApplicable = "no bed mat";
  else {
    const asleep = circularMedian(sleepStarts);
    const up = circularMedian(wakes);
    result.minute = asleep;
    result.labelledDays = sleepStarts.length;
    const mine = ok.filter((p) => p.entities.some((e) => mats.includes(e)));
    const duration = mine.filter((p) => p.type === "duration");
    const time = mine.filter((p) => {
      if (p.type !== "time_based") return false;
      const q = p.params as Record<string, unknown>;
      if (q.state === "on")
        return nearT(p, asleep) || (typeof q.endMinuteOfDay === "number" && nearT(p, up, q.endMinuteOfDay));
      return q.state === "off" && nearT(p, up);
    });
    if (duration.length > 0 && time.length > 0) result.by = [...time, ...duration];
  }
  out.push(result);
  return out;
}
