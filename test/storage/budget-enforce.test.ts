// The storage budget: measured usage, the oldest archive first, then rolled-up raw days, then the oldest daily rows.
import { afterEach, describe, expect, it } from "vitest";
import { measureSqlite, reclaimSpace } from "../../src/storage/sqlite/sqlite-space.js";
import { StorageBudget } from "../../src/storage/storage-budget.js";
import { dailyEvents, type ServicesFixture, servicesFixture } from "./aggregate-services-fixture.js";

const opened: ServicesFixture[] = [];
afterEach(async () => {
  for (const f of opened.splice(0)) await f.close();
});

/** 30 closed days of 2,000 events (2026-01-01 .. 2026-01-30), today 2026-01-31; raw kept 20 days. */
async function fixture(): Promise<ServicesFixture> {
  const f = servicesFixture({ now: "2026-01-31T12:00:00Z", raw: 20 });
  opened.push(f);
  f.stores.events.append(dailyEvents(f.time, "2026-01-01", 31, 2_000).filter((e) => e.ts < f.clock.now()));
  await f.layers.cycle.run("nightly");
  return f;
}

function budgetOf(f: ServicesFixture, budgetBytes: number): StorageBudget {
  return new StorageBudget({
    budgetBytes,
    measureSqlite: () => measureSqlite(f.stores.db, f.stores.file),
    reclaim: () => reclaimSpace(f.stores.db),
    archive: f.layers.archive,
    store: f.layers.aggregates,
    events: f.stores.events,
    dailyKinds: f.layers.rollup.dailyKinds.map((k) => k.name),
    pendingDays: () => f.layers.rollup.pendingDays(),
    time: f.time,
    clock: f.clock,
    logger: f.logger,
    bus: f.bus,
  });
}

const rawSpan = (f: ServicesFixture) => {
  const r = f.stores.db.prepare("SELECT min(ts) AS a, max(ts) AS b FROM events").get() as { a: number; b: number };
  return [f.time.dayOf(r.a), f.time.dayOf(r.b)];
};

describe("storage budget", () => {
  it("measures the SQLite file, its WAL and the archive", async () => {
    const f = await fixture();
    const usage = f.layers.budget.usage();
    expect(usage.sqliteBytes).toBe(
      (f.stores.db.pragma("page_count", { simple: true }) as number) *
        (f.stores.db.pragma("page_size", { simple: true }) as number),
    );
    expect(usage.archiveBytes).toBe(f.layers.archive.list().reduce((n, a) => n + a.bytes, 0));
    expect(usage.usedBytes).toBe(usage.sqliteBytes + usage.walBytes + usage.archiveBytes);
    expect(usage.budgetBytes).toBe(1024 * 1024 * 1024);
    expect(usage.state).toBe("ok");
    expect(f.storageEvents.at(-1)).toEqual({
      usedBytes: usage.usedBytes,
      budgetBytes: 1024 * 1024 * 1024,
      state: "ok",
    });
  });

  it("near the budget: archive files of days gone from L1 first, then rolled-up raw days, oldest first, until under 80 %", async () => {
    const f = await fixture();
    expect(rawSpan(f)).toEqual(["2026-01-11", "2026-01-31"]);
    expect(f.layers.archive.list().length).toBe(30);
    // 2026-01-15 waits for a rollup (late events): the raw deletion must stop before it.
    f.layers.markDirty(["2026-01-15"]);
    const used = f.layers.budget.usage().usedBytes;
    const budget = budgetOf(f, Math.round(used / 0.93));
    expect(budget.usage().state).toBe("near");
    const report = budget.enforce();
    expect(report.freed.map((s) => `${s.step} ${s.day}`)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `archive 2026-01-${String(i + 1).padStart(2, "0")}`),
      "raw 2026-01-11",
      "raw 2026-01-12",
      "raw 2026-01-13",
      "raw 2026-01-14",
    ]);
    expect(rawSpan(f)).toEqual(["2026-01-15", "2026-01-31"]);
    // Archive files of the raw days just removed stay: their events remain queryable.
    expect(f.layers.archive.list()[0].day).toBe("2026-01-11");
    expect(f.layers.aggregates.dayRecord("2026-01-12")!.rawPurgedAt).not.toBeNull();
    expect(report.usage.usedBytes).toBeLessThanOrEqual(report.usage.budgetBytes * 0.8);
    expect(report.usage.state).toBe("ok");
    expect(f.storageEvents.at(-1)!.state).toBe("ok");
  });

  it("when nothing more can go the state is 'over', today's and pending raw events and the last week of daily rows stay", async () => {
    const f = await fixture();
    f.layers.markDirty(["2026-01-29"]);
    const budget = budgetOf(f, 1024);
    const report = budget.enforce();
    expect(report.usage.state).toBe("over");
    expect(f.storageEvents.at(-1)!.state).toBe("over");
    expect(rawSpan(f)).toEqual(["2026-01-29", "2026-01-31"]);
    expect(f.layers.archive.list().map((a) => a.day)[0]).toBe("2026-01-11");
    expect(f.layers.reader.coveredDays("2026-01-01", "2026-01-31")).toEqual([
      "2026-01-24",
      "2026-01-25",
      "2026-01-26",
      "2026-01-27",
      "2026-01-28",
      "2026-01-29",
      "2026-01-30",
    ]);
    expect(f.logger.lines.some((l) => l.includes("storage budget exceeded and nothing more can be removed"))).toBe(
      true,
    );
  });
});
