import { describe, expect, it } from "vitest";
import { describesRoom, measuredRoomRoutines, roomFindingHolds } from "../../bench/eval/room-truth.js";
import type { MeasuredRoomTruth } from "../../bench/eval/truth/measured-room-truth.js";
import type { FindingOf } from "../../src/patterns/finding.js";
import type { RoomBasedParams } from "../../src/patterns/finding-params.js";

const hours = (pairs: Record<number, number>) => Array.from({ length: 24 }, (_, h) => pairs[h] ?? 0);

const rooms: MeasuredRoomTruth = {
  days: { weekdays: 20, weekends: 8 },
  areaHours: {
    weekdays: { kitchen: hours({ 6: 0.95, 7: 1, 8: 0.8, 18: 0.6 }) },
    weekends: { kitchen: hours({ 8: 1, 9: 0.5 }) },
  },
  moveHours: {
    weekdays: {
      "bedroom>kitchen": hours({ 5: 0.9, 6: 1 }),
      "bedroom>hallway>kitchen": hours({ 5: 0.9, 6: 1 }),
      "hallway>kitchen": hours({ 6: 1 }),
    },
    weekends: {},
  },
  emptyingMoveHours: {
    weekdays: { "bedroom>kitchen": hours({ 5: 0.9, 6: 1 }), "kitchen>entrance": hours({ 7: 0.5 }) },
    weekends: {},
  },
};

function finding(params: RoomBasedParams, area: string): FindingOf<"room_based"> {
  return {
    type: "room_based",
    key: `room_based|${JSON.stringify(params)}`,
    entities: [],
    area,
    summary: "",
    confidence: 0.8,
    support: 18,
    opportunities: 20,
    lift: 3,
    usefulness: 0.5,
    automated: false,
    users: [],
    evidence: { days: [] },
    params,
  };
}

describe("room findings against the measured truth", () => {
  it("expects what happened on 90 % of days: runs of busy hours and the moves that left their room empty, corridor legs left out", () => {
    expect(measuredRoomRoutines(rooms).map((r) => r.id)).toEqual([
      "area-kitchen-weekdays-0600",
      "move-bedroom-kitchen-weekdays-0500",
      "area-kitchen-weekends-0800",
    ]);
  });

  it("holds a finding when every hour it names was busy on 75 % of its days", () => {
    expect(
      roomFindingHolds(finding({ kind: "activity", dayType: "weekdays", fromHour: 6, toHour: 9 }, "kitchen"), rooms),
    ).toBe(true);
    expect(
      roomFindingHolds(finding({ kind: "activity", dayType: "weekdays", fromHour: 17, toHour: 19 }, "kitchen"), rooms),
    ).toBe(false);
    // Daily means weekdays and weekends alike: the kitchen at 06:00 is empty at weekends.
    expect(
      roomFindingHolds(finding({ kind: "activity", dayType: "daily", fromHour: 6, toHour: 7 }, "kitchen"), rooms),
    ).toBe(false);
    expect(
      roomFindingHolds(
        finding(
          {
            kind: "transition",
            dayType: "weekdays",
            fromArea: "bedroom",
            toArea: "kitchen",
            via: "hallway",
            fromHour: 6,
            toHour: 8,
          },
          "bedroom",
        ),
        rooms,
      ),
    ).toBe(true);
    expect(
      roomFindingHolds(
        finding(
          {
            kind: "transition",
            dayType: "weekdays",
            fromArea: "kitchen",
            toArea: "bedroom",
            via: null,
            fromHour: 6,
            toHour: 8,
          },
          "kitchen",
        ),
        rooms,
      ),
    ).toBe(false);
  });

  it("finds a measured move by a finding with the same ends at an overlapping time, through a corridor or not", () => {
    const [, move] = measuredRoomRoutines(rooms);
    const at = (fromHour: number) =>
      finding(
        {
          kind: "transition",
          dayType: "weekdays",
          fromArea: "bedroom",
          toArea: "kitchen",
          via: "hallway",
          fromHour,
          toHour: fromHour + 2,
        },
        "bedroom",
      );
    expect(describesRoom(at(6), move)).toBe(true);
    expect(describesRoom(at(9), move)).toBe(false);
  });
});
