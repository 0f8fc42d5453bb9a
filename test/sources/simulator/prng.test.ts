import { describe, expect, it } from "vitest";
import { contextId, hashText, Prng } from "../../../src/sources/simulator/prng.js";

describe("seeded random numbers", () => {
  it("repeat for the same keys and differ for others", () => {
    const draw = (...keys: string[]) =>
      Array.from(
        { length: 5 },
        (
          (rng) => () =>
            rng.next()
        )(Prng.for(...keys)),
      );
    expect(draw("1", "2026-01-01", "alex")).toEqual(draw("1", "2026-01-01", "alex"));
    expect(draw("1", "2026-01-01", "alex")).not.toEqual(draw("1", "2026-01-01", "sam"));
    expect(draw("1", "2026-01-01", "alex")).not.toEqual(draw("2", "2026-01-01", "alex"));
    expect(hashText("a")).not.toBe(hashText("b"));
  });

  it("draw uniformly in [0, 1) and keep 'around' within its tolerance", () => {
    const rng = new Prng(42);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
    }
    expect(Math.abs(sum / 20_000 - 0.5)).toBeLessThan(0.01);
    const around = Array.from({ length: 5_000 }, () => rng.around(415, 8));
    expect(Math.min(...around)).toBeGreaterThanOrEqual(407);
    expect(Math.max(...around)).toBeLessThanOrEqual(423);
    const within4 = around.filter((x) => Math.abs(x - 415) <= 4).length / around.length;
    expect(within4).toBeGreaterThan(0.6); // sd is half the tolerance: about 68 % within one sd
    expect(within4).toBeLessThan(0.76);
  });

  it("makes context ids shaped like Home Assistant's ULIDs, ordered by time", () => {
    const rng = new Prng(1);
    const early = contextId(Date.UTC(2026, 0, 1), rng);
    const late = contextId(Date.UTC(2026, 0, 2), rng);
    expect(early).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(early.slice(0, 10) < late.slice(0, 10)).toBe(true);
  });
});
