// A chain's weakest link from the pairs' hits at their widest window, read day by day, as from the merged window.
import { describe, expect, it } from "vitest";
import { ChainLinks } from "../../src/detectors/chain-links.js";
import type { DetectorInput } from "../../src/detectors/detector.js";
import { wilsonLowerBound } from "../../src/detectors/scoring/confidence-bounds.js";
import type { AggregateKind, WindowReader } from "../../src/layers/aggregate-kind.js";
import { type CoOccurrenceValue, coOccurrenceDaily } from "../../src/layers/kinds/co-occurrence-daily.js";
import { absorbInto } from "../../src/layers/merge-rows.js";

const DAY_MS = 86_400_000;
const entity = (e: string, count: number, coverage600: number): [string, CoOccurrenceValue] => [
  `entity|${e}|on`,
  {
    type: "entity",
    entity: e,
    state: "on",
    count,
    coverageMs: { "30": 1000, "120": 2000, "600": coverage600 },
    activeDays: 1,
    automated: 0,
    users: {},
  },
];
const pair = (a: string, b: string, hits: Record<string, number>, blocked: number, day: string) =>
  [
    `pair|${a}|on|${b}|on`,
    {
      type: "pair",
      a,
      aState: "on",
      b,
      bState: "on",
      hits,
      delaySumMs: 10,
      blocked,
      days: [day],
      automated: 0,
      users: {},
    },
  ] as [string, CoOccurrenceValue];

/** Two days; a→b lacks the widest window on the first, b→c on the second (no hit at 10 minutes that day). */
function days(): Map<string, Map<string, CoOccurrenceValue>> {
  return new Map([
    [
      "2026-03-10",
      new Map([
        ["day", { type: "day", days: 1, dayMs: DAY_MS } as CoOccurrenceValue],
        entity("light.a", 10, 3_600_000),
        entity("light.b", 12, 7_200_000),
        entity("light.c", 5, 1_800_000),
        pair("light.a", "light.b", { "30": 4, "120": 6 }, 1, "2026-03-10"),
        pair("light.b", "light.c", { "30": 2, "120": 3, "600": 4 }, 0, "2026-03-10"),
        pair("light.c", "light.a", { "600": 1 }, 0, "2026-03-10"),
      ]),
    ],
    [
      "2026-03-11",
      new Map([
        ["day", { type: "day", days: 1, dayMs: DAY_MS } as CoOccurrenceValue],
        entity("light.a", 8, 3_600_000),
        entity("light.b", 9, 7_200_000),
        entity("light.c", 6, 1_800_000),
        pair("light.a", "light.b", { "30": 1, "120": 2, "600": 5 }, 2, "2026-03-11"),
        pair("light.b", "light.c", { "30": 1, "120": 1 }, 1, "2026-03-11"),
        pair("light.c", "light.a", { "600": 2 }, 0, "2026-03-11"),
      ]),
    ],
  ]);
}

/** A reader over days rebuilt for every call, as storage decodes them. */
const reader: WindowReader = {
  merged: () => new Map(),
  byDay: <V>(_kind: AggregateKind<V>, from: string, to: string) =>
    new Map([...days()].filter(([d]) => d >= from && d <= to)) as unknown as Map<string, Map<string, V>>,
  byPeriod: () => new Map(),
  coveredDays: (from, to) => [...days().keys()].filter((d) => d >= from && d <= to),
  rolledUpDays: () => [],
  freshRows: true,
};
const input = { reader, from: "2026-03-10", to: "2026-03-11" } as DetectorInput;
const steps = (...entities: string[]) => entities.map((e) => ({ entity: e, state: "on" }));

/** The lift sequence judged links by before: from the merged window's rows. */
function fromMerged(chain: string[]): number {
  const merged = new Map<string, CoOccurrenceValue>();
  for (const rows of days().values()) for (const [k, v] of rows) absorbInto(coOccurrenceDaily, merged, k, v);
  const dayMs = (merged.get("day") as { dayMs: number }).dayMs;
  let weakest = Infinity;
  for (let i = 0; i + 1 < chain.length; i++) {
    const p = merged.get(`pair|${chain[i]}|on|${chain[i + 1]}|on`) as Extract<CoOccurrenceValue, { type: "pair" }>;
    const t = merged.get(`entity|${chain[i]}|on`) as Extract<CoOccurrenceValue, { type: "entity" }>;
    const f = merged.get(`entity|${chain[i + 1]}|on`) as Extract<CoOccurrenceValue, { type: "entity" }>;
    const w = Math.max(...Object.keys(p.hits).map(Number));
    const chance = Math.min(1, (f.coverageMs[w] ?? 0) / dayMs);
    const hits = p.hits[w] ?? 0;
    weakest = Math.min(weakest, wilsonLowerBound(hits, Math.max(hits, t.count - p.blocked)) / chance);
  }
  return weakest;
}

describe("ChainLinks", () => {
  it("judges each link at its widest window with the hits of the days that counted it, as the merged window does", () => {
    const links = ChainLinks.fromWindow(input, () => true);
    // a→b: 600 only on the second day, 5 hits; 18 triggers less 3 blocked; b covers 2 × 2 h of 2 days.
    const ab = wilsonLowerBound(5, 15) / (14_400_000 / (2 * DAY_MS));
    expect(links.weakestLink(steps("light.a", "light.b"))).toBeCloseTo(ab, 12);
    expect(links.weakestLink(steps("light.a", "light.b"))).toBe(fromMerged(["light.a", "light.b"]));
    // b→c: 4 hits at 600 from the first day only, 21 triggers less 1 blocked.
    const bc = wilsonLowerBound(4, 20) / (3_600_000 / (2 * DAY_MS));
    expect(links.weakestLink(steps("light.b", "light.c"))).toBeCloseTo(bc, 12);
    expect(links.weakestLink(steps("light.a", "light.b", "light.c"))).toBeCloseTo(Math.min(ab, bc), 12);
    // c→a: 600 on both days, 3 hits in all.
    expect(links.weakestLink(steps("light.c", "light.a"))).toBeCloseTo(wilsonLowerBound(3, 11) / (1 / 24), 12);
    expect(links.weakestLink(steps("light.a", "light.b", "light.c"))).toBe(
      fromMerged(["light.a", "light.b", "light.c"]),
    );
  });

  it("has no link for a pair of an entity it was told to leave out", () => {
    const links = ChainLinks.fromWindow(input, (e) => e !== "light.c");
    expect(links.weakestLink(steps("light.b", "light.c"))).toBe(0);
    expect(links.weakestLink(steps("light.a", "light.b"))).toBe(fromMerged(["light.a", "light.b"]));
  });

  it("has no link a pair was never seen for, and none in a window without covered time", () => {
    expect(ChainLinks.fromWindow(input, () => true).weakestLink(steps("light.c", "light.b"))).toBe(0);
    const empty = { ...input, from: "2026-04-01", to: "2026-04-02" };
    expect(ChainLinks.fromWindow(empty, () => true).weakestLink(steps("light.a", "light.b"))).toBe(0);
  });
});
