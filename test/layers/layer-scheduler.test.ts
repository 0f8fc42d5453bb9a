// The scheduler on a manual clock: catch-up at start, each closed day once after local midnight + grace, late events.
import { afterEach, describe, expect, it } from "vitest";
import type { HomeEvent } from "../../src/core/home-event.js";
import { LayerCycle } from "../../src/layers/layer-cycle.js";
import { LayerScheduler } from "../../src/layers/layer-scheduler.js";
import { type LayerFixture, layerFixture } from "./layer-fixture.js";

const opened: LayerFixture[] = [];
afterEach(() =>
  opened.splice(0).forEach((f) => {
    f.close();
  }),
);
const ev = (iso: string, state = "on"): HomeEvent => ({
  ts: Date.parse(iso),
  entity: "light.kitchen",
  state,
  source: "test",
});

function setup(nowIso: string) {
  const f = layerFixture({ now: Date.parse(nowIso) });
  opened.push(f);
  const cycle = new LayerCycle({ rollup: f.rollup, clock: f.clock, logger: f.logger });
  const rolled: { reason: string; days: string[]; at: string }[] = [];
  const scheduler = new LayerScheduler({
    clock: f.clock,
    time: f.time,
    logger: f.logger,
    cycle: async (reason) => {
      const report = await cycle.run(reason);
      rolled.push({
        reason,
        days: report.rollup.rolledUp.map((d) => d.day),
        at: new Date(f.clock.now()).toISOString(),
      });
    },
  });
  return { f, scheduler, rolled };
}

describe("layer scheduler", () => {
  it("catches up at start, then rolls up each closed day once, 10 minutes after local midnight", async () => {
    const { f, scheduler, rolled } = setup("2026-01-14T09:00:00Z");
    f.stores.events.append([ev("2026-01-12T08:00:00Z"), ev("2026-01-14T08:00:00Z")]);
    await scheduler.start();
    expect(rolled).toEqual([{ reason: "start", days: ["2026-01-12", "2026-01-13"], at: "2026-01-14T09:00:00.000Z" }]);
    // Berlin midnight is 23:00 UTC in winter.
    expect(new Date(scheduler.nextRunAt()!).toISOString()).toBe("2026-01-14T23:10:00.000Z");
    f.clock.set(Date.parse("2026-01-14T23:09:59Z"));
    await scheduler.idle();
    expect(rolled.length).toBe(1);
    f.clock.set(Date.parse("2026-01-14T23:10:00Z"));
    await scheduler.idle();
    expect(rolled[1]).toEqual({ reason: "nightly", days: ["2026-01-14"], at: "2026-01-14T23:10:00.000Z" });
    // The next night rolls up only the next day.
    f.clock.set(Date.parse("2026-01-15T23:10:00Z"));
    await scheduler.idle();
    expect(rolled.map((r) => r.days)).toEqual([["2026-01-12", "2026-01-13"], ["2026-01-14"], ["2026-01-15"]]);
    scheduler.stop();
    expect(f.clock.pendingTimers()).toBe(0);
  });

  it("runs after the short DST nights at the right instant: 00:10 local on 2026-03-30 and 2026-10-26", async () => {
    const { f, scheduler, rolled } = setup("2026-03-29T12:00:00Z");
    f.stores.events.append([ev("2026-03-29T21:59:00Z")]); // 23:59 CEST
    await scheduler.start();
    expect(new Date(scheduler.nextRunAt()!).toISOString()).toBe("2026-03-29T22:10:00.000Z");
    f.clock.set(Date.parse("2026-03-29T22:10:00Z"));
    await scheduler.idle();
    expect(rolled.at(-1)).toEqual({ reason: "nightly", days: ["2026-03-29"], at: "2026-03-29T22:10:00.000Z" });
    expect(new Date(scheduler.nextRunAt()!).toISOString()).toBe("2026-03-30T22:10:00.000Z");
    scheduler.stop();

    const autumn = setup("2026-10-25T12:00:00Z");
    autumn.f.stores.events.append([ev("2026-10-25T22:59:00Z")]); // 23:59 CET
    await autumn.scheduler.start();
    expect(new Date(autumn.scheduler.nextRunAt()!).toISOString()).toBe("2026-10-25T23:10:00.000Z");
    autumn.f.clock.set(Date.parse("2026-10-25T23:10:00Z"));
    await autumn.scheduler.idle();
    expect(autumn.rolled.at(-1)).toEqual({ reason: "nightly", days: ["2026-10-25"], at: "2026-10-25T23:10:00.000Z" });
    expect(new Date(autumn.scheduler.nextRunAt()!).toISOString()).toBe("2026-10-26T23:10:00.000Z");
    autumn.scheduler.stop();
  });

  it("rolls days re-opened by late events up again after a quiet minute", async () => {
    const { f, scheduler, rolled } = setup("2026-01-14T09:00:00Z");
    f.stores.events.append([ev("2026-01-12T08:00:00Z")]);
    await scheduler.start();
    const late = [ev("2026-01-13T20:00:00Z", "off")];
    f.stores.events.append(late);
    f.rollup.markDirtyTimes(late.map((e) => e.ts));
    scheduler.lateEventsArrived();
    f.clock.advance(30_000);
    scheduler.lateEventsArrived(); // more arrive: the wait starts again
    f.clock.advance(59_000);
    await scheduler.idle();
    expect(rolled.length).toBe(1);
    f.clock.advance(1_000);
    await scheduler.idle();
    expect(rolled[1]).toEqual({ reason: "late-events", days: ["2026-01-13"], at: "2026-01-14T09:01:30.000Z" });
    scheduler.stop();
  });

  it("a failing cycle is logged and the next night still runs", async () => {
    const { f } = setup("2026-01-14T09:00:00Z");
    let calls = 0;
    const scheduler = new LayerScheduler({
      clock: f.clock,
      time: f.time,
      logger: f.logger,
      cycle: async () => {
        calls++;
        if (calls === 1) throw new Error("disk on fire");
      },
    });
    await scheduler.start();
    expect(f.logger.lines.some((l) => l.includes("layer cycle failed") && l.includes("disk on fire"))).toBe(true);
    f.clock.set(Date.parse("2026-01-14T23:10:00Z"));
    await scheduler.idle();
    expect(calls).toBe(2);
    scheduler.stop();
  });

  it("runs the periodic check every hour between the nightly runs, and keeps going after one fails", async () => {
    const { f } = setup("2026-01-14T09:00:00Z");
    const checks: string[] = [];
    const scheduler = new LayerScheduler({
      clock: f.clock,
      time: f.time,
      logger: f.logger,
      cycle: async () => undefined,
      periodic: {
        everyMs: 3_600_000,
        run: () => {
          checks.push(new Date(f.clock.now()).toISOString());
          if (checks.length === 2) throw new Error("measure failed");
        },
      },
    });
    await scheduler.start();
    f.clock.advance(3 * 3_600_000);
    expect(checks).toEqual(["2026-01-14T10:00:00.000Z", "2026-01-14T11:00:00.000Z", "2026-01-14T12:00:00.000Z"]);
    expect(f.logger.lines.some((l) => l.includes("periodic layer check failed") && l.includes("measure failed"))).toBe(
      true,
    );
    scheduler.stop();
    f.clock.advance(3_600_000);
    expect(checks.length).toBe(3);
  });
});

describe("layer scheduler, exclusive work", () => {
  it("runs forgetting only between cycles, and a cycle asked for meanwhile after it", async () => {
    const f = layerFixture({ now: Date.parse("2026-01-14T09:00:00Z") });
    opened.push(f);
    const order: string[] = [];
    let release!: () => void;
    const scheduler = new LayerScheduler({
      clock: f.clock,
      time: f.time,
      logger: f.logger,
      lateEventsDelayMs: 0,
      cycle: async (reason) => {
        order.push(`cycle ${reason} begins`);
        if (reason === "start") await new Promise<void>((r) => (release = r));
        order.push(`cycle ${reason} ends`);
      },
    });
    const started = scheduler.start();
    const forgot = scheduler.exclusive(async () => {
      order.push("forget");
      scheduler.lateEventsArrived();
      f.clock.advance(1);
      return 3;
    });
    await Promise.resolve();
    expect(order).toEqual(["cycle start begins"]);
    release();
    await started;
    expect(await forgot).toBe(3);
    await scheduler.idle();
    expect(order).toEqual([
      "cycle start begins",
      "cycle start ends",
      "forget",
      "cycle late-events begins",
      "cycle late-events ends",
    ]);
    scheduler.stop();
  });
});
