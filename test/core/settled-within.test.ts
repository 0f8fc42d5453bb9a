// Waiting for a job in flight ends when it finishes, or after the time allowed.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { settledWithin } from "../../src/core/settled-within.js";

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("settled within", () => {
  it("ends when the job finishes, before the time allowed", async () => {
    const clock = new ManualClock(0);
    let finish!: () => void;
    let ended = false;
    void settledWithin(new Promise<void>((resolve) => (finish = resolve)), 5_000, clock).then(() => (ended = true));
    await flush();
    expect(ended).toBe(false);
    finish();
    await flush();
    expect(ended).toBe(true);
  });

  it("ends after the time allowed when the job never finishes", async () => {
    const clock = new ManualClock(0);
    let ended = false;
    void settledWithin(new Promise<void>(() => {}), 5_000, clock).then(() => (ended = true));
    clock.advance(4_999);
    await flush();
    expect(ended).toBe(false);
    clock.advance(1);
    await flush();
    expect(ended).toBe(true);
  });
});
