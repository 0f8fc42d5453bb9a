import { describe, expect, it } from "vitest";
import { compareJoined } from "../../../src/layers/kinds/compare-joined.js";

const sign = (n: number) => Math.sign(n);

describe("compareJoined", () => {
  it("orders as the joined strings order, prefixes and characters either side of the separator included", () => {
    const parts = ["", "a", "a_", "a|", "a~", "ab", "b", "é", "light.a", "light.a_b", "😀"];
    const cases: string[][] = [];
    for (const p of parts) for (const q of parts) for (const r of parts.slice(0, 4)) cases.push([p, q, r]);
    cases.push(["a"], ["a", ""], ["a", "", ""]);
    const wrong: string[][][] = [];
    for (const x of cases) {
      for (const y of cases) {
        const joinedX = x.join("|");
        const joinedY = y.join("|");
        const expected = joinedX < joinedY ? -1 : joinedX > joinedY ? 1 : 0;
        if (sign(compareJoined(x, y, "|")) !== expected) wrong.push([x, y]);
      }
    }
    expect(cases.length).toBeGreaterThan(400);
    expect(wrong).toEqual([]);
  });
});
