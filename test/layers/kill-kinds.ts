// Kinds for the kill -9 test: one writes many rows, the other can stall the rollup half way.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import type { AggregateKind, DayInput } from "../../src/layers/aggregate-kind.js";

/**
 * 50 rows per event, so a day's replacement spans many pages: each row carries a digest, which
 * does not compress, since a day's rows are stored deflated.
 */
export const bulkyKind: AggregateKind<{ n: number; state: string; pad: string }> = {
  name: "bulky_daily",
  computeDay(input: DayInput) {
    const out = new Map<string, { n: number; state: string; pad: string }>();
    let i = 0;
    for (const e of input.events) {
      for (let j = 0; j < 50; j++) {
        const pad = createHash("sha256").update(`${e.entity}|${i}|${j}`).digest("base64");
        out.set(`${e.entity}|${i}|${j}`, { n: i * 50 + j, state: e.state, pad });
      }
      i++;
    }
    return out;
  },
  merge: (a, b) => ({ n: a.n + b.n, state: b.state, pad: b.pad }),
};

/** Counts events; with a marker file given, announces itself there and then never returns. */
export function stallingKind(marker?: string): AggregateKind<number> {
  return {
    name: "stalling_daily",
    computeDay(input: DayInput) {
      if (marker) {
        writeFileSync(marker, "bulky rows written, transaction open\n");
        for (;;) {
          // Busy until killed: the transaction stays open with the bulky rows written into it.
        }
      }
      return new Map([["events", input.events.length]]);
    },
    merge: (a, b) => a + b,
  };
}
