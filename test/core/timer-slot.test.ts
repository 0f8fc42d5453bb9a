// A timer slot holds one pending timer: starting it again replaces the one pending.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { createTimerSlot } from "../../src/core/timer-slot.js";

describe("timer slot", () => {
  it("fires once after its delay, and is no longer pending then", () => {
    const clock = new ManualClock(0);
    const slot = createTimerSlot(clock);
    const fired: number[] = [];
    slot.start(() => fired.push(clock.now()), 1_000);
    expect(slot.pending()).toBe(true);
    clock.advance(999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([1_000]);
    expect(slot.pending()).toBe(false);
  });

  it("replaces the pending timer when started again", () => {
    const clock = new ManualClock(0);
    const slot = createTimerSlot(clock);
    const fired: string[] = [];
    slot.start(() => fired.push("first"), 1_000);
    clock.advance(500);
    slot.start(() => fired.push("second"), 1_000);
    clock.advance(5_000);
    expect(fired).toEqual(["second"]);
  });

  it("fires nothing once cancelled", () => {
    const clock = new ManualClock(0);
    const slot = createTimerSlot(clock);
    const fired: string[] = [];
    slot.start(() => fired.push("fired"), 1_000);
    slot.cancel();
    expect(slot.pending()).toBe(false);
    clock.advance(5_000);
    expect(fired).toEqual([]);
  });
});
