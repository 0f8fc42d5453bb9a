// Room findings judged against where the residents really were (the simulator's measured room truth).
//
// Two thresholds with a band between them: what happens on at least RECALL_SHARE of the days is a
// routine the room detector is expected to find; a finding holds when what it states happened on at
// least HOLD_SHARE of its days. Between the two, a finding is neither required nor false.
import type { FindingOf } from "../../src/patterns/finding.js";
import type { AreaActivityRoutine, AreaTransitionRoutine, GroundTruth } from "./truth/ground-truth.js";
import type { HourShares, MeasuredRoomTruth, RoomDayType } from "./truth/measured-room-truth.js";

export const RECALL_SHARE = 0.9;
export const HOLD_SHARE = 0.75;

const WEEKDAYS = [0, 1, 2, 3, 4];
const WEEKEND = [5, 6];
const GROUPS: RoomDayType[] = ["weekdays", "weekends"];
/** Areas only walked through: a move ends in a room, or at the front door when leaving. */
const CORRIDOR = "hallway";

const hh = (h: number) => `${String(h % 24).padStart(2, "0")}:00`;
const clockAt = (h: number) => ({ time: hh(h), minuteOfDay: (h % 24) * 60, toleranceMinutes: 30 });

/** Runs of consecutive hours whose share reaches the bar: [from, to) with to exclusive. */
function runs(row: HourShares, bar: number): [number, number][] {
  const out: [number, number][] = [];
  for (let h = 0; h < 24; h++) {
    if (row[h] < bar || (h > 0 && row[h - 1] >= bar)) continue;
    let end = h + 1;
    while (end < 24 && row[end] >= bar) end++;
    out.push([h, end]);
  }
  return out;
}

const base = () => ({
  automated: false,
  userId: null,
  resident: null,
  alsoDetectableAs: [],
  probability: RECALL_SHARE,
});

/** The room routines a detector should find in the window measured: busy hours and moves on nearly every day. */
export function measuredRoomRoutines(rooms: MeasuredRoomTruth): (AreaActivityRoutine | AreaTransitionRoutine)[] {
  const out: (AreaActivityRoutine | AreaTransitionRoutine)[] = [];
  for (const group of GROUPS) {
    const weekdays = group === "weekdays" ? WEEKDAYS : WEEKEND;
    for (const [area, row] of Object.entries(rooms.areaHours[group])) {
      // A corridor is busy whenever anyone goes anywhere: its hours are the rooms' hours, not a routine of its own.
      if (area === CORRIDOR) continue;
      for (const [from, to] of runs(row, RECALL_SHARE)) {
        out.push({
          ...base(),
          id: `area-${area}-${group}-${hh(from).replace(":", "")}`,
          type: "room_based",
          kind: "area_activity",
          description: `${area} in use ${hh(from)}–${hh(to)} on ${group} (measured)`,
          entities: [],
          area,
          weekdays,
          from: clockAt(from),
          to: clockAt(to),
          hoursOfWeek: weekdays.flatMap((d) => Array.from({ length: to - from }, (_, i) => d * 24 + from + i)),
        });
      }
    }
    // A move is expected only where the room left was empty afterwards: with someone staying on in
    // it, motion sensors without names cannot show that anyone left (see measured-room-truth.ts).
    for (const [key, row] of Object.entries(rooms.emptyingMoveHours[group])) {
      const [fromArea, toArea, ...rest] = key.split(">");
      if (rest.length > 0 || fromArea === CORRIDOR || toArea === CORRIDOR) continue;
      for (const [from, to] of runs(row, RECALL_SHARE)) {
        // Windows starting at `from` … `to - 1` each span two hours: the move lies in [from, to + 1).
        out.push({
          ...base(),
          id: `move-${fromArea}-${toArea}-${group}-${hh(from).replace(":", "")}`,
          type: "room_based",
          kind: "area_transition",
          description: `from ${fromArea} to ${toArea} ${hh(from)}–${hh(to + 1)} on ${group} (measured)`,
          entities: [],
          area: toArea,
          weekdays,
          fromArea,
          toArea,
          via: null,
          at: { ...clockAt(from), toleranceMinutes: (to + 1 - from) * 60 },
        });
      }
    }
  }
  return out;
}

/** The hand-written ground truth with its room routines replaced by the measured ones. */
export function withMeasuredRooms(truth: GroundTruth, rooms: MeasuredRoomTruth): GroundTruth {
  return {
    ...truth,
    routines: [...truth.routines.filter((r) => r.type !== "room_based"), ...measuredRoomRoutines(rooms)],
  };
}

type RoomFinding = FindingOf<"room_based">;

function groupsOf(f: RoomFinding): RoomDayType[] {
  const group = f.params.dayType;
  return group === "weekdays" ? ["weekdays"] : group === "weekends" ? ["weekends"] : GROUPS;
}

/** Whether what a room finding states really happened on most of its days. */
export function roomFindingHolds(f: RoomFinding, rooms: MeasuredRoomTruth): boolean {
  const { params } = f;
  const from = params.fromHour;
  const to = params.toHour;
  if (params.kind === "activity") {
    return groupsOf(f).every((g) => {
      const row = rooms.areaHours[g][f.area ?? ""];
      if (!row) return false;
      for (let h = from; h < to; h++) if (row[h % 24] < HOLD_SHARE) return false;
      return true;
    });
  }
  const via = params.via ? `${params.via}>` : "";
  const key = `${params.fromArea}>${via}${params.toArea}`;
  return groupsOf(f).every((g) => (rooms.moveHours[g][key]?.[from % 24] ?? 0) >= HOLD_SHARE);
}

/** Whether a room finding describes a measured routine: same area or move, a day type it covers, overlapping hours. */
export function describesRoom(f: RoomFinding, r: AreaActivityRoutine | AreaTransitionRoutine): boolean {
  const group: RoomDayType = r.weekdays.every((d) => d >= 5) ? "weekends" : "weekdays";
  if (!groupsOf(f).includes(group)) return false;
  const { params } = f;
  const a = params.fromHour * 60;
  const b = params.toHour * 60;
  if (r.kind === "area_activity") {
    const end = r.to.minuteOfDay > r.from.minuteOfDay ? r.to.minuteOfDay : r.to.minuteOfDay + 1440;
    return params.kind === "activity" && f.area === r.area && overlaps(a, b, r.from.minuteOfDay, end);
  }
  const start = r.at.minuteOfDay;
  const end = start + r.at.toleranceMinutes;
  return (
    params.kind === "transition" &&
    params.fromArea === r.fromArea &&
    params.toArea === r.toArea &&
    overlaps(a, b, start, end)
  );
}

/** Two spans of minutes overlap, either may run past midnight (up to 48 h of minutes). */
function overlaps(a: number, b: number, c: number, d: number): boolean {
  return [-1440, 0, 1440].some((shift) => a < d + shift && c + shift < b);
}
