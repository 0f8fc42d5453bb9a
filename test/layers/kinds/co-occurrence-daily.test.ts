import { describe, expect, it } from "vitest";
import {
  coOccurrenceDaily,
  createCoOccurrenceKind,
  DEFAULT_CO_OCCURRENCE_OPTIONS,
  pairKey,
} from "../../../src/layers/kinds/co-occurrence-daily.js";
import { at, BERLIN, dayInput } from "./day-input.js";
import { expectMergeLaws } from "./merge-laws.js";

const D = "2026-03-10";
const M = "binary_sensor.hall_motion";
const L = "light.hall";

function hallDay(day = D) {
  return dayInput(day, [
    at(BERLIN, day, "07:00:00", M, "on"),
    at(BERLIN, day, "07:00:20", L, "on", { user: "u1" }),
    at(BERLIN, day, "07:05:00", M, "off"),
    at(BERLIN, day, "07:08:00", L, "off"),
    at(BERLIN, day, "07:10:00", M, "on"),
    at(BERLIN, day, "07:11:30", L, "on", { parent: "automation-ctx" }),
    at(BERLIN, day, "07:30:00", M, "off"),
    at(BERLIN, day, "09:00:00", M, "on"),
    at(BERLIN, day, "09:00:10", "binary_sensor.front_door", "on"),
  ]);
}

describe("co_occurrence_daily", () => {
  it("credits each trigger occurrence once, to the first following target, per window", () => {
    const rows = coOccurrenceDaily.computeDay(hallDay());
    expect(rows.get(pairKey(M, "on", L, "on"))).toEqual({
      type: "pair",
      a: M,
      aState: "on",
      b: L,
      bState: "on",
      hits: { 30: 1, 120: 2, 600: 2 },
      delaySumMs: 110_000,
      // At 09:00 the hall light was already on: that motion was no chance for it to turn on.
      blocked: 1,
      days: [D],
      automated: 1,
      users: { u1: 1 },
    });
    expect(rows.get(pairKey(L, "off", M, "on"))).toMatchObject({
      hits: { 30: 0, 120: 1, 600: 1 },
      delaySumMs: 120_000,
    });
    // A return to rest is never blocked: an "on" light goes off anyway.
    expect(rows.get(pairKey(M, "on", L, "off"))).toMatchObject({ hits: { 30: 0, 120: 0, 600: 1 }, blocked: 0 });
  });

  it("keeps no pair of one entity with itself, and pairs of two passive sensors only when asked", () => {
    const withoutPassive = createCoOccurrenceKind({ ...DEFAULT_CO_OCCURRENCE_OPTIONS, passivePairs: false });
    const rows = withoutPassive.computeDay(hallDay());
    const pairs = [...rows.keys()].filter((k) => k.startsWith("pair|")).sort();
    expect(pairs).toEqual(
      [
        pairKey(L, "off", M, "on"),
        pairKey(L, "on", M, "off"),
        pairKey(M, "off", L, "off"),
        pairKey(M, "on", L, "off"),
        pairKey(M, "on", L, "on"),
        // Not "motion off → light on" nor "light on → motion on": each time, the follower already held.
      ].sort(),
    );
    const withPassive = coOccurrenceDaily.computeDay(hallDay());
    expect(withPassive.get(pairKey(M, "on", "binary_sensor.front_door", "on"))).toMatchObject({
      hits: { 30: 1, 120: 1, 600: 1 },
    });
  });

  it("measures how much of the day lies just before each target: the chance baseline", () => {
    const rows = coOccurrenceDaily.computeDay(hallDay());
    expect(rows.get(`entity|${L}|on`)).toEqual({
      type: "entity",
      entity: L,
      state: "on",
      count: 2,
      coverageMs: { 30: 60_000, 120: 240_000, 600: 1_200_000 },
      activeDays: 1,
      automated: 1,
      users: { u1: 1 },
    });
    expect(rows.get("day")).toEqual({ type: "day", days: 1, dayMs: 86_400_000 });
  });

  it("leaves a chattering entity out of every pair but still counts it", () => {
    const kind = createCoOccurrenceKind({ ...DEFAULT_CO_OCCURRENCE_OPTIONS, maxChangesPerEntity: 4 });
    const rows = kind.computeDay(hallDay());
    expect([...rows.keys()].filter((k) => k.startsWith("pair|"))).toEqual([]);
    expect(rows.get(`entity|${M}|on`)).toMatchObject({ count: 3 });
  });

  it("knows from carry-in that the follower was already on", () => {
    const rows = coOccurrenceDaily.computeDay(
      dayInput(
        D,
        [
          at(BERLIN, D, "06:00", M, "on"),
          at(BERLIN, D, "06:05", L, "off"),
          at(BERLIN, D, "06:06", M, "on"),
          at(BERLIN, D, "06:06:10", L, "on"),
        ],
        {
          carryIn: [at(BERLIN, "2026-03-09", "23:00", L, "on")],
        },
      ),
    );
    expect(rows.get(pairKey(M, "on", L, "on"))).toMatchObject({ hits: { 30: 1, 120: 1, 600: 1 }, blocked: 1 });
  });

  it("on a day with more pairs than it keeps, keeps those furthest above chance, ties by key", () => {
    // Names that are prefixes of each other and characters either side of "|" ("_" and "~"):
    // the order must be that of the whole keys, as before the keys were built only for kept pairs.
    const names = ["light.a", "light.a_b", "light.a~", "switch.x", "binary_sensor.m", "light.ab"];
    const events = [
      ...names.map((n) => at(BERLIN, D, "07:00:00", n, "on")),
      ...names.slice(0, 3).map((n, i) => at(BERLIN, D, `07:0${i + 1}:00`, n, "off")),
      at(BERLIN, D, "07:04:00", "switch.x", "off"),
      at(BERLIN, D, "07:04:30", "light.a_b", "on"),
      at(BERLIN, D, "12:00:00", "light.a", "on"),
      at(BERLIN, D, "12:00:05", "light.ab", "off"),
    ];
    const day = dayInput(D, events);
    const all = createCoOccurrenceKind({ ...DEFAULT_CO_OCCURRENCE_OPTIONS, maxPairsPerDay: 1_000 }).computeDay(day);
    const dayMs = (all.get("day") as { dayMs: number }).dayMs;
    const entity = (e: string, s: string) =>
      all.get(`entity|${e}|${s}`) as { count: number; coverageMs: Record<number, number> };
    const ranked = [...all.entries()]
      .flatMap(([key, v]) => (v.type === "pair" ? [{ key, v }] : []))
      .filter(({ v }) => v.hits[600] > 0)
      .map(({ key, v }) => {
        const expected = entity(v.a, v.aState).count * Math.min(1, entity(v.b, v.bState).coverageMs[600] / dayMs);
        return { key, surprise: (v.hits[600] - expected) / Math.sqrt(expected + 1) };
      })
      .sort((x, y) => y.surprise - x.surprise || (x.key < y.key ? -1 : 1));
    expect(ranked.length).toBeGreaterThan(20);
    // Ties at the cut, so the key decides which pairs stay.
    expect(ranked.filter((r) => r.surprise === ranked[7].surprise).length).toBeGreaterThan(2);
    const capped = createCoOccurrenceKind({ ...DEFAULT_CO_OCCURRENCE_OPTIONS, maxPairsPerDay: 8 }).computeDay(day);
    const kept = [...capped.keys()].filter((k) => k.startsWith("pair|"));
    expect(kept).toEqual(ranked.slice(0, 8).map((r) => r.key));
    for (const key of kept) expect(capped.get(key)).toEqual(all.get(key));
  });

  it("windows are configurable", () => {
    const kind = createCoOccurrenceKind({ ...DEFAULT_CO_OCCURRENCE_OPTIONS, windowsSec: [60] });
    expect(kind.computeDay(hallDay()).get(pairKey(M, "on", L, "on"))).toMatchObject({
      hits: { 60: 1 },
      delaySumMs: 20_000,
    });
  });

  it("merges by sums and day unions, in any order and grouping", () => {
    const days = ["2026-03-09", "2026-03-10", "2026-03-11"].map((d) => hallDay(d));
    expectMergeLaws(coOccurrenceDaily, days);
    const values = days.map((d) => coOccurrenceDaily.computeDay(d).get(pairKey(M, "on", L, "on"))!);
    const merged = values.reduce((x, y) => coOccurrenceDaily.merge(x, y));
    expect(merged).toMatchObject({
      hits: { 30: 3, 120: 6, 600: 6 },
      days: ["2026-03-09", "2026-03-10", "2026-03-11"],
      automated: 3,
    });
    expect(() => coOccurrenceDaily.merge(values[0], coOccurrenceDaily.computeDay(days[0]).get("day")!)).toThrow(
      TypeError,
    );
  });
});
