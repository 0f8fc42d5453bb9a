import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/patterns/finding.js";
import { isNearDuplicate, mergeNearDuplicates } from "../../src/patterns/near-duplicates.js";

function roomWindow(fromHour: number, toHour: number, days: string[]): Finding {
  return {
    type: "room_based",
    key: `room_based|activity|living_room|weekends|${fromHour}`,
    entities: [],
    area: "living_room",
    summary: `Living room is usually in use ${fromHour}:00–${toHour}:00 on 8 of 8 weekend days`,
    confidence: 0.747,
    support: 8,
    opportunities: 8,
    lift: 1.8,
    usefulness: 0.5,
    automated: false,
    users: [],
    evidence: { days },
    params: { kind: "activity", dayType: "weekends", fromHour, toHour },
  };
}

describe("near duplicates", () => {
  it("keeps a room's separate busy windows apart: hours of day are times, not measured values", () => {
    const morning = roomWindow(8, 11, ["2026-03-07"]);
    const afternoon = roomWindow(14, 20, ["2026-03-08"]);
    expect(isNearDuplicate(morning, afternoon)).toBe(false);
    expect(mergeNearDuplicates([morning, afternoon]).map((f) => f.summary)).toEqual([
      "Living room is usually in use 14:00–20:00 on 8 of 8 weekend days",
      "Living room is usually in use 8:00–11:00 on 8 of 8 weekend days",
    ]);
  });

  it("merges the same window found twice", () => {
    const first = roomWindow(14, 20, ["2026-03-07"]);
    const again = { ...roomWindow(14, 20, ["2026-03-14"]), key: "room_based|activity|living_room|weekends|14b" };
    const [kept, ...rest] = mergeNearDuplicates([first, again]);
    expect(rest).toEqual([]);
    expect(kept.evidence.days).toEqual(["2026-03-07", "2026-03-14"]);
  });
});
