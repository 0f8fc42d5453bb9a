// A small, deterministic slice of `npm run eval`: on a simulated home with nothing planted, the goals the full run meets with room.
import { describe, expect, it } from "vitest";
import { cleanAnomalyFigures, loadFigures, plantedAnomalyFigures } from "../../bench/eval/metrics.js";
import { runScenario } from "../../bench/eval/scenario.js";

describe("evaluation goals on a small clean home (seed 21, 70 days, anomalies judged over the last six weeks)", () => {
  const result = runScenario({
    name: "T1",
    seed: 21,
    size: "small",
    from: "2026-03-02",
    days: 70,
    anomalies: "none",
    judgeAnomaliesFrom: 28,
  });

  it("raises at most one anomaly a week where nothing was planted", () => {
    const [clean] = cleanAnomalyFigures([result]);
    expect(clean.weeks).toBe(6);
    expect(clean.raised).toBeLessThanOrEqual(6);
  });

  it("keeps at most three findings per active entity", () => {
    const [load] = loadFigures([result]);
    expect(load.activeEntities).toBeGreaterThan(15);
    expect(load.perActiveEntity).toBeLessThanOrEqual(3);
    // Three habits per entity at most; what an automation does with it may add a line per state it sets.
    expect(load.maxHabitsOnOneEntity).toBeLessThanOrEqual(3);
    expect(load.maxOnOneEntity).toBeLessThanOrEqual(5);
  });
});

describe("evaluation on a home with a party and a day trip planted", () => {
  const result = runScenario({
    name: "T2",
    seed: 22,
    size: "small",
    from: "2026-03-02",
    days: 45,
    anomalies: [
      { day: "2026-04-03", kind: "activity_high" },
      { day: "2026-04-11", kind: "unusual_time" },
    ],
    judgeAnomaliesFrom: 28,
  });

  it("finds both, as they happen", () => {
    const figures = plantedAnomalyFigures([result]);
    expect([...figures.byKind].map(([kind, k]) => [kind, k.planted, k.found, k.foundOnline])).toEqual([
      ["activity_high", 1, 1, 1],
      ["unusual_time", 1, 1, 1],
    ]);
  });
});
