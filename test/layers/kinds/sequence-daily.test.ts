import { describe, expect, it } from "vitest";
import {
  createSequenceKind,
  DEFAULT_SEQUENCE_OPTIONS,
  sequenceDaily,
  sequenceKey,
} from "../../../src/layers/kinds/sequence-daily.js";
import { at, BERLIN, dayInput } from "./day-input.js";
import { expectMergeLaws } from "./merge-laws.js";

const D = "2026-03-10";
const M = { entity: "binary_sensor.bedroom_motion", state: "on" };
const LB = { entity: "light.bedroom", state: "on" };
const N = { entity: "switch.kettle", state: "on" };
const BA = { entity: "light.bathroom", state: "on" };
const K = { entity: "light.kitchen", state: "on" };

function morning(day = D) {
  return dayInput(day, [
    at(BERLIN, day, "07:00:00", M.entity, "on"),
    at(BERLIN, day, "07:01:00", LB.entity, "on", { user: "u1" }),
    at(BERLIN, day, "07:01:30", "sensor.bedroom_temperature", "21.5"),
    at(BERLIN, day, "07:02:00", N.entity, "on"),
    at(BERLIN, day, "07:03:00", BA.entity, "on", { parent: "automation-ctx" }),
    at(BERLIN, day, "07:10:00", K.entity, "on"),
  ]);
}

describe("sequence_daily", () => {
  it("counts chains of 2 to 4 steps, tolerating unrelated steps in between", () => {
    const rows = sequenceDaily.computeDay(morning());
    expect([...rows.keys()].sort()).toEqual(
      [
        [M, LB],
        [LB, N],
        [M, N],
        [M, LB, N],
        [N, BA],
        [LB, N, BA],
        [M, N, BA],
        [M, LB, N, BA],
        [LB, BA],
        [M, LB, BA],
        [M, BA],
      ]
        .map(sequenceKey)
        .sort(),
    );
    expect(rows.get(sequenceKey([M, LB, BA]))).toEqual({
      steps: [M, LB, BA],
      count: 1,
      durationSumSec: 180,
      durationSqSumSec: 32_400,
      durationMinSec: 180,
      durationMaxSec: 180,
      gapSumSec: [60, 120],
      startQuarter: { 28: 1 },
      days: [D],
      automated: 1,
      users: { u1: 1 },
    });
    expect(rows.get(sequenceKey([M, LB]))).toMatchObject({ automated: 0, users: { u1: 1 }, gapSumSec: [60] });
  });

  it("breaks a chain at a gap longer than five minutes", () => {
    const rows = sequenceDaily.computeDay(morning());
    expect([...rows.keys()].some((k) => k.includes(K.entity))).toBe(false);
  });

  it("follows every step of the last minute, however many, and only the four latest before that", () => {
    // Six other things happen in the 50 s between the bathroom light and its fan (a busy home):
    // the fan still follows the light; the kettle, further back than a minute behind four others, does not.
    const FAN = { entity: "switch.bathroom_fan", state: "on" };
    const others = [
      "binary_sensor.bathroom_motion",
      "light.hallway",
      "binary_sensor.kitchen_motion",
      "light.kitchen",
      "binary_sensor.garden_motion",
      "media_player.kitchen_speaker",
    ];
    const rows = sequenceDaily.computeDay(
      dayInput(D, [
        at(BERLIN, D, "06:59:00", N.entity, "on"),
        at(BERLIN, D, "07:00:00", BA.entity, "on"),
        ...others.map((entity, i) =>
          at(
            BERLIN,
            D,
            `07:00:${String(5 + 7 * i).padStart(2, "0")}`,
            entity,
            entity.startsWith("media") ? "playing" : "on",
          ),
        ),
        at(BERLIN, D, "07:00:50", FAN.entity, "on"),
      ]),
    );
    expect(rows.get(sequenceKey([BA, FAN]))).toMatchObject({ count: 1, gapSumSec: [50] });
    expect(rows.has(sequenceKey([N, FAN]))).toBe(false);
  });

  it("never chains an entity with itself", () => {
    const rows = sequenceDaily.computeDay(
      dayInput(D, [
        at(BERLIN, D, "07:00", LB.entity, "on"),
        at(BERLIN, D, "07:01", LB.entity, "off"),
        at(BERLIN, D, "07:02", BA.entity, "on"),
      ]),
    );
    expect([...rows.keys()].sort()).toEqual(
      [
        [LB, BA],
        [{ entity: LB.entity, state: "off" }, BA],
      ]
        .map(sequenceKey)
        .sort(),
    );
  });

  it("skips chattering entities and bounds the rows kept per day", () => {
    const chatter = createSequenceKind({ ...DEFAULT_SEQUENCE_OPTIONS, maxChangesPerEntity: 0 });
    expect(chatter.computeDay(morning()).size).toBe(0);
    const bounded = createSequenceKind({ ...DEFAULT_SEQUENCE_OPTIONS, maxChainsPerDay: 2 });
    expect(bounded.computeDay(morning()).size).toBe(2);
  });

  it("merges counts, durations and days in any order and grouping", () => {
    const days = ["2026-03-09", "2026-03-10", "2026-03-11"].map((d) => morning(d));
    expectMergeLaws(sequenceDaily, days);
    const merged = days
      .map((d) => sequenceDaily.computeDay(d).get(sequenceKey([M, LB, BA]))!)
      .reduce((x, y) => sequenceDaily.merge(x, y));
    expect(merged).toMatchObject({
      count: 3,
      durationSumSec: 540,
      gapSumSec: [180, 360],
      days: ["2026-03-09", "2026-03-10", "2026-03-11"],
    });
  });
});
