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
    expect(first.reason).toBe(
      "After Hallway light turns on in the morning, Kitchen light follows 71 % of the time (20 of 28).",
    );
    expect(second.entity).toBe("switch.coffee");
    expect(first.probability).toBeGreaterThan(0.6);
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
