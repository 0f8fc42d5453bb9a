import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import type { HomeEvent } from "../../../src/core/home-event.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import type { EventSink } from "../../../src/sources/event-source.js";
import {
  createAcceleratedClock,
  createSimulatedHome,
  createSimulatorSource,
} from "../../../src/sources/simulator/index.js";

// 2026-03-10 12:00 in Berlin (CET, UTC+1).
const NOON = Date.UTC(2026, 2, 10, 11, 0);
const options = { seed: 5, size: "small", eventsPerDay: 1_000 } as const;

function collectingSink(): EventSink & { events: HomeEvent[] } {
  const events: HomeEvent[] = [];
  return { events, push: (e) => void events.push(e), reject: () => undefined };
}

describe("accelerated clock", () => {
  it("runs simulated time speed times faster and scales its timers", () => {
    const real = new ManualClock(1_000);
    const sim = createAcceleratedClock(real, 60, NOON);
    expect(sim.now()).toBe(NOON);
    let fired = 0;
    sim.setTimeout(() => fired++, 60_000); // one simulated minute = one real second
    real.advance(999);
    expect(fired).toBe(0);
    real.advance(1);
    expect(fired).toBe(1);
    expect(sim.now()).toBe(NOON + 60_000);
    expect(() => createAcceleratedClock(real, 0)).toThrow(/speed must be a positive number/);
  });
});

describe("simulator source", () => {
  it("backfills whole days, then today's events so far, before it reports connected", async () => {
    const clock = new ManualClock(NOON);
    const source = createSimulatorSource({ ...options, clock, speed: 60, backfillDays: 3 });
    const sink = collectingSink();
    await source.start(sink);

    const home = createSimulatedHome(options);
    const history = [...home.generate("2026-03-07", 3)].flatMap((d) => d.events);
    const today = home.generateDay("2026-03-10").filter((e) => e.ts <= NOON);
    expect(sink.events).toEqual([...history, ...today]);
    expect(source.status()).toMatchObject({
      name: "simulator",
      state: "connected",
      eventsDelivered: sink.events.length,
    });
    expect(source.status().lastEventAt).toBe(today[today.length - 1].ts);
    await source.stop();
  });

  it("plays events as simulated time passes, across midnight, in order", async () => {
    const clock = new ManualClock(NOON);
    const source = createSimulatorSource({ ...options, clock, speed: 60, backfillDays: 0 });
    const sink = collectingSink();
    await source.start(sink);
    const atStart = sink.events.length;

    clock.advance(60_000); // one real minute: one simulated hour
    expect(source.clock.now()).toBe(NOON + 3_600_000);
    const home = createSimulatedHome(options);
    const untilOne = home.generateDay("2026-03-10").filter((e) => e.ts <= NOON + 3_600_000 - 1_000);
    expect(sink.events.slice(0, untilOne.length)).toEqual(untilOne);
    expect(sink.events.length).toBeGreaterThan(atStart);

    clock.advance(13 * 60_000); // to 02:00 the next day
    const now = source.clock.now();
    const expected = [...home.generate("2026-03-10", 2)].flatMap((d) => d.events).filter((e) => e.ts <= now - 1_000);
    expect(sink.events.slice(0, expected.length)).toEqual(expected);
    for (const e of sink.events) expect(e.ts).toBeLessThanOrEqual(now);
    expect(sink.events.some((e) => e.ts >= Date.UTC(2026, 2, 10, 23, 0))).toBe(true);
    await source.stop();
  });

  it("delivers nothing after stop and leaves no timer behind", async () => {
    const clock = new ManualClock(NOON);
    const source = createSimulatorSource({ ...options, clock, backfillDays: 1 });
    const sink = collectingSink();
    await source.start(sink);
    await source.stop();
    const count = sink.events.length;
    clock.advance(10 * 60_000);
    expect(sink.events.length).toBe(count);
    expect(clock.pendingTimers()).toBe(0);
    expect(source.status().state).toBe("stopped");
  });

  it("skips what an earlier run already stored and logs that it runs", async () => {
    const clock = new ManualClock(NOON);
    const logger = createMemoryLogger();
    const deliverAfter = NOON - 6 * 3_600_000;
    const source = createSimulatorSource({ ...options, clock, backfillDays: 2, deliverAfter, logger });
    const sink = collectingSink();
    await source.start(sink);
    expect(sink.events.length).toBeGreaterThan(50);
    expect(Math.min(...sink.events.map((e) => e.ts))).toBeGreaterThan(deliverAfter);
    expect(logger.lines.some((l) => l.includes("simulated home running") && l.includes('seed="5"'))).toBe(true);
    await source.stop();
  });

  it("keeps going when the sink throws, logging each failure", async () => {
    const clock = new ManualClock(NOON);
    const logger = createMemoryLogger();
    const source = createSimulatorSource({ ...options, clock, backfillDays: 0, logger });
    let seen = 0;
    await source.start({
      push: () => {
        seen++;
        throw new Error("disk full");
      },
      reject: () => undefined,
    });
    clock.advance(10_000);
    expect(seen).toBeGreaterThan(10);
    expect(logger.lines.filter((l) => l.includes("disk full")).length).toBe(seen);
    await source.stop();
  });
});
