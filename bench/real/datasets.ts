// Reads the annotated real homes (Ordóñez A/B, van Kasteren A) into on-intervals and activity labels.
import { readFileSync } from "node:fs";
import path from "node:path";

/** A wall-clock moment of the home: local date and second of day, as recorded. */
export interface Wall {
  day: string;
  second: number;
}

export interface SensorInterval {
  /** The dataset's own sensor name, unique in the home ("Fridge", "Seat", "Door@Kitchen"). */
  sensor: string;
  start: Wall;
  end: Wall;
}

export interface ActivityLabel {
  activity: string;
  start: Wall;
  end: Wall;
}

export interface RealHome {
  name: string;
  timeZone: string;
  source: string;
  intervals: SensorInterval[];
  labels: ActivityLabel[];
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2011-11-28 02:27:59" (Ordóñez). */
function isoWall(text: string): Wall {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{1,2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`not a time: ${JSON.stringify(text)}`);
  return { day: m[1], second: Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) };
}

/** "25-Feb-2008 9:33:41" (van Kasteren). */
function kasterenWall(text: string): Wall {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{1,2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`not a time: ${JSON.stringify(text)}`);
  const month = MONTHS.indexOf(m[2]) + 1;
  const day = `${m[3]}-${String(month).padStart(2, "0")}-${m[1].padStart(2, "0")}`;
  return { day, second: Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6]) };
}

/** Rows of an Ordóñez file: two header lines, then fields separated by runs of tabs. */
function ordonezRows(file: string): string[][] {
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .slice(2)
    .map((line) =>
      line
        .split(/\t+/)
        .map((f) => f.trim())
        .filter((f) => f !== ""),
    )
    .filter((fields) => fields.length > 0);
}

function ordonez(folder: string, letter: "A" | "B"): RealHome {
  const dir = path.join(folder, "ordonez");
  // Ordóñez B names its three motion sensors "Door" and tells them apart by room.
  const intervals = ordonezRows(path.join(dir, `Ordonez${letter}_Sensors.txt`)).map(
    ([start, end, location, , place]) => ({
      sensor: location === "Door" ? `Door@${place}` : location,
      start: isoWall(start),
      end: isoWall(end),
    }),
  );
  const labels = ordonezRows(path.join(dir, `Ordonez${letter}_ADLs.txt`))
    .filter((f) => f.length >= 3)
    .map(([start, end, activity]) => ({ activity, start: isoWall(start), end: isoWall(end) }));
  return {
    name: `Ordóñez ${letter}`,
    timeZone: "Europe/Madrid",
    source: "Ordóñez, de Toledo, Sanchis, Sensors 2013 (UCI 271, CC BY 4.0)",
    intervals,
    labels,
  };
}

const KASTEREN_SENSORS: Record<string, string> = {
  "1": "Microwave",
  "5": "Hall-Toilet door",
  "6": "Hall-Bathroom door",
  "7": "Cups cupboard",
  "8": "Fridge",
  "9": "Plates cupboard",
  "12": "Frontdoor",
  "13": "Dishwasher",
  "14": "ToiletFlush",
  "17": "Freezer",
  "18": "Pans Cupboard",
  "20": "Washingmachine",
  "23": "Groceries Cupboard",
  "24": "Hall-Bedroom door",
};

const KASTEREN_ACTIVITIES: Record<string, string> = {
  "1": "leave house",
  "4": "use toilet",
  "5": "take shower",
  "10": "go to bed",
  "13": "prepare breakfast",
  "15": "prepare dinner",
  "17": "get drink",
};

function csvRows(file: string): string[][] {
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== "")
    .map((l) => l.split(",").map((f) => f.trim()));
}

function kasteren(folder: string): RealHome {
  const dir = path.join(folder, "kasteren-a");
  const intervals = csvRows(path.join(dir, "sensors.csv")).map(([start, end, id]) => {
    const sensor = KASTEREN_SENSORS[id];
    if (!sensor) throw new Error(`van Kasteren A: unknown sensor id ${id}`);
    return { sensor, start: kasterenWall(start), end: kasterenWall(end) };
  });
  const labels = csvRows(path.join(dir, "activities.csv")).map(([start, end, id]) => {
    const activity = KASTEREN_ACTIVITIES[id];
    if (!activity) throw new Error(`van Kasteren A: unknown activity id ${id}`);
    return { activity, start: kasterenWall(start), end: kasterenWall(end) };
  });
  return {
    name: "van Kasteren A",
    timeZone: "Europe/Amsterdam",
    source: "van Kasteren, Noulas, Englebienne, Kröse, UbiComp 2008 (no license stated: read in place, never copied)",
    intervals,
    labels,
  };
}

/** The three homes of ../shared/datasets (README.md there), in the order the report lists them. */
export function loadRealHomes(folder: string): RealHome[] {
  return [ordonez(folder, "A"), ordonez(folder, "B"), kasteren(folder)];
}
