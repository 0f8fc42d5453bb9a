import { describe, expect, it } from "vitest";
import type { NextActionValue } from "../../src/layers/kinds/next-action-daily.js";
import { predictNextActions } from "../../src/predict/next-action-predictor.js";

const hours = (at: Record<number, number>) => Array.from({ length: 24 }, (_, h) => at[h] ?? 0);
const row = (entity: string, v: Partial<NextActionValue>): NextActionValue => ({
  entity,
  actions: 0,
  days: 0,
  hours: hours({}),
  away: 0,
  after: {},
  followed: {},
  causes: { physical: 0, app: 0, automation: 0, own: 0 },
  ...v,
});

// 30 days: the hallway light every morning at 7, the kitchen light after it 20 times of 28,
// the coffee machine after it 8 times; the TV every evening at 20.
const rows = new Map(
  [
    row("light.hallway", { actions: 30, hours: hours({ 7: 30 }), followed: { on: [28, 0, 0, 0] } }),
    row("light.kitchen", { actions: 20, hours: hours({ 7: 20 }), after: { "light.hallway|on": [20, 0, 0, 0] } }),
    row("switch.coffee", { actions: 8, hours: hours({ 7: 8 }), after: { "light.hallway|on": [8, 0, 0, 0] } }),
    row("media_player.tv", { actions: 30, hours: hours({ 20: 30 }), away: 0 }),
  ].map((r) => [r.entity, r]),
);
const nameOf = (e: string) => ({ "light.hallway": "Hallway light", "light.kitchen": "Kitchen light" })[e] ?? e;

describe("next actions", () => {
  it("after the hallway light in the morning, names the kitchen light first and says why", () => {
    const [first, second] = predictNextActions({
      rows,
      days: 30,
      hour: 7,
      part: 0,
      last: { entity: "light.hallway", state: "on" },
      nameOf,
    });
    expect(first.entity).toBe("light.kitchen");
    expect(first.reason).toBe("Kitchen light followed 20 of 28 times after Hallway light turns on in the morning.");
    expect(second.entity).toBe("switch.coffee");
    expect(first.probability).toBeGreaterThan(0.6);
  });

  it("hours after the last action, ranks by what came next after such a gap, and says so", () => {
    // Nights: the bed sensor, then in the morning the toilet 12 times of 15, the fridge 3 times;
    // at 8 the fridge is what is done most.
    const night = new Map(
      [
        row("binary_sensor.bed", { actions: 15, hours: hours({ 23: 15 }), followedLate: { on: [15, 0, 0, 0] } }),
        row("binary_sensor.toilet", {
          actions: 14,
          hours: hours({ 8: 12, 14: 2 }),
          afterLate: { "binary_sensor.bed|on": [12, 0, 0, 0] },
        }),
        row("binary_sensor.fridge", {
          actions: 40,
          hours: hours({ 8: 20, 12: 20 }),
          afterLate: { "binary_sensor.bed|on": [3, 0, 0, 0] },
        }),
      ].map((r) => [r.entity, r]),
    );
    const bed = { entity: "binary_sensor.bed", state: "on" };
    const eightHoursOn = predictNextActions({
      rows: night,
      days: 30,
      hour: 8,
      part: 0,
      last: { ...bed, gapMs: 8 * 3_600_000 },
      nameOf,
    });
    expect(eightHoursOn.map((a) => a.entity)).toEqual([
      "binary_sensor.toilet",
      "binary_sensor.fridge",
      "binary_sensor.bed",
    ]);
    expect(eightHoursOn[0].reason).toBe(
      "binary_sensor.toilet came next in the morning 12 of 15 times when binary_sensor.bed turns on and nothing followed within 10 minutes.",
    );
    // Within ten minutes of it, nothing is known to follow quickly: the hour decides.
    const justNow = predictNextActions({
      rows: night,
      days: 30,
      hour: 8,
      part: 0,
      last: { ...bed, gapMs: 60_000 },
      nameOf,
    });
    expect(justNow[0].entity).toBe("binary_sensor.fridge");
  });

  it("with no recent action, ranks by what is done at this hour", () => {
    const ranked = predictNextActions({ rows, days: 30, hour: 20, part: 2, nameOf });
    expect(ranked[0]).toMatchObject({ entity: "media_player.tv" });
    expect(ranked[0].reason).toBe("media_player.tv is used around 20:00: 30 times in the last 30 days.");
    expect(ranked.map((a) => a.entity)).toHaveLength(4);
  });

  it("with nobody home, puts what is done while away first", () => {
    const away = new Map(rows);
    away.set("switch.robot_vacuum", row("switch.robot_vacuum", { actions: 10, away: 10, hours: hours({ 11: 10 }) }));
    const ranked = predictNextActions({ rows: away, days: 30, hour: 7, part: 0, anyoneHome: false, nameOf });
    expect(ranked[0].entity).toBe("switch.robot_vacuum");
  });

  it("predicts nothing from an empty window", () => {
    expect(predictNextActions({ rows: new Map(), days: 30, hour: 7, part: 0, nameOf })).toEqual([]);
  });
});
