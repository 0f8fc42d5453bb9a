import { describe, expect, it } from "vitest";
import { replayHome } from "../../bench/predict/replay.js";
import { addDays } from "../../src/core/local-time.js";
import { at, BERLIN } from "../layers/kinds/day-input.js";

// Every day: the hallway light at 07:00, the kitchen light a minute later, the TV at 20:00 (from
// the app, so Home Assistant counts it) and, from day 8 on, a new lamp at 21:00 that no 30-day
// count has seen before.
const FIRST = "2026-03-02";
const days = Array.from({ length: 14 }, (_, i) => {
  const day = addDays(FIRST, i);
  const events = [
    at(BERLIN, day, "07:00", "light.hallway", "on", { previous: "off" }),
    at(BERLIN, day, "07:01", "light.kitchen", "on", { previous: "off" }),
    at(BERLIN, day, "20:00", "media_player.tv", "playing", { previous: "off", user: "u-sam" }),
  ];
  if (i >= 7) events.push(at(BERLIN, day, "21:00", "light.new_lamp", "on", { previous: "off" }));
  return { day, events };
});

describe("prediction replay", () => {
  it("judges each action after the warm-up against the days before it, beside Home Assistant's counting", () => {
    const r = replayHome(days, BERLIN, () => null, { warmUpDays: 7, windowDays: 30 });
    // 7 judged days × 4 actions.
    expect(r.actions).toBe(28);
    expect(r.days).toBe(7);
    // The hallway light and the kitchen light share the morning: Home Assistant's counting ranks
    // them the same every time and misses one; ours knows the kitchen light follows the hallway's,
    // and that the hallway light is what follows the evening before, across midnight. The new
    // lamp at 21:00 comes first once it has followed the TV three evenings.
    expect(r.ours.top1).toBeCloseTo(25 / 28, 5);
    expect(r.homeAssistant.top1).toBeCloseTo(14 / 28, 5);
    // The new lamp's first evening is in nobody's list; later evenings are.
    expect(r.ours.top8).toBeCloseTo(27 / 28, 5);
    expect(r.followers).toEqual({ actions: 7, top1: 1 });
    // Counting only what a user did through Home Assistant, its list holds the TV alone.
    expect(r.appActions).toBe(7);
    expect(r.homeAssistantFaithful).toEqual({ top1: 7 / 28, top3: 7 / 28, top8: 7 / 28 });
  });
});
