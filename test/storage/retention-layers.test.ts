// Retention purges each layer on schedule, keeps what is not rolled up or archived, and gives space back.
import { afterEach, describe, expect, it } from "vitest";
import { Retention } from "../../src/storage/retention.js";
import { reclaimSpace } from "../../src/storage/sqlite/sqlite-space.js";
import { dailyEvents, type ServicesFixture, servicesFixture } from "./aggregate-services-fixture.js";

const opened: ServicesFixture[] = [];
afterEach(async () => {
  for (const f of opened.splice(0)) await f.close();
});

function fixture(): ServicesFixture {
  // 2026-01-01 .. 2026-02-19 of data, today 2026-02-20 (Berlin).
  const f = servicesFixture({ now: "2026-02-20T09:00:00Z", raw: 7, daily: 10, weeks: 4 });
  opened.push(f);
  f.stores.events.append(dailyEvents(f.time, "2026-01-01", 51, 200));
  return f;
}

const rawDays = (f: ServicesFixture) => {
  const r = f.stores.db.prepare("SELECT min(ts) AS a, max(ts) AS b FROM events").get() as { a: number; b: number };
  return [f.time.dayOf(r.a), f.time.dayOf(r.b)];
};
const l2Days = (f: ServicesFixture) =>
  f.stores.db
    .prepare("SELECT min(day) AS a, max(day) AS b, count(DISTINCT day) AS n FROM state_counts_daily")
    .get() as object;

describe("retention", () => {
  it("after the nightly cycle: raw 7 days, daily 10 days (but whole open weeks and months), periods 4 weeks", async () => {
    const f = fixture();
    const report = await f.layers.cycle.run("nightly");
    expect(report.rollup.rolledUp.length).toBe(50);
    expect(report.archive!.archived.length).toBe(50);
    // Raw: everything before 2026-02-13 is gone, today's events stay.
    expect(rawDays(f)).toEqual(["2026-02-13", "2026-02-20"]);
    expect(report.retention!.rawEvents).toBe(43 * 200);
    expect(report.retention!.rawDays[0]).toBe("2026-01-01");
    expect(report.retention!.rawDays.at(-1)).toBe("2026-02-12");
    // Daily: the cutoff 2026-02-10 moves back to 2026-02-01, the first day of the open month.
    expect(l2Days(f)).toEqual({ a: "2026-02-01", b: "2026-02-19", n: 19 });
    expect(f.layers.reader.coveredDays("2026-01-01", "2026-02-28")[0]).toBe("2026-02-01");
    // Periods: weeks before the week of 2026-01-23 (Monday 2026-01-19) go; months stay.
    const weeks = f.stores.db.prepare("SELECT DISTINCT period FROM state_counts_weekly ORDER BY period").all();
    expect(weeks).toEqual([
      { period: "2026-01-19" },
      { period: "2026-01-26" },
      { period: "2026-02-02" },
      { period: "2026-02-09" },
      { period: "2026-02-16" },
    ]);
    const months = f.stores.db.prepare("SELECT DISTINCT period FROM on_time_monthly ORDER BY period").all();
    expect(months).toEqual([{ period: "2026-01" }, { period: "2026-02" }]);
    // Space came back to the file system.
    expect(f.stores.db.pragma("freelist_count", { simple: true })).toBe(0);
    expect(report.retention!.freedBytes).toBeGreaterThan(0);
    // The purged raw days stay queryable in the archive.
    expect(f.layers.archive.list().length).toBe(50);
  });

  it("never drops raw events of a day not rolled up yet, or not archived yet", async () => {
    const f = fixture();
    await f.layers.rollup.rollupPending("test");
    const base = {
      events: f.stores.events,
      store: f.layers.aggregates,
      dailyKinds: f.layers.rollup.dailyKinds.map((k) => k.name),
      periodKinds: [],
      time: f.time,
      clock: f.clock,
      logger: f.logger,
      options: { rawRetentionDays: 7, dailyRetentionDays: 90, weeklyRetentionWeeks: 52 },
      reclaim: () => reclaimSpace(f.stores.db),
    };
    // 2026-01-20 is waiting for its rollup (say it failed): raw events from that day on stay.
    const pending = new Retention({ ...base, pendingDays: () => ["2026-01-20"], archiveRequired: false }).run();
    expect(rawDays(f)[0]).toBe("2026-01-20");
    expect(pending.rawHeldBack).toEqual(["2026-01-20"]);
    expect(pending.rawDays.at(-1)).toBe("2026-01-19");
    // Nothing was archived: with the archive required, no raw day may go at all.
    const unarchived = new Retention({ ...base, pendingDays: () => [], archiveRequired: true }).run();
    expect(unarchived.rawEvents).toBe(0);
    expect(rawDays(f)[0]).toBe("2026-01-20");
    expect(f.logger.lines.some((l) => l.includes("raw events past retention kept"))).toBe(true);
    // Once archived, they go.
    await f.layers.archiver.archivePending();
    const archived = new Retention({ ...base, pendingDays: () => [], archiveRequired: true }).run();
    expect(archived.rawEvents).toBe(24 * 200);
    expect(rawDays(f)[0]).toBe("2026-02-13");
  });

  it("a day purged from L1 is not re-opened by a late import", async () => {
    const f = fixture();
    await f.layers.cycle.run("nightly");
    const before = [...f.layers.aggregates.dayRows("state_counts_daily", "2026-02-05", "2026-02-05")];
    f.stores.events.append([
      { ts: Date.parse("2026-01-05T10:00:00Z"), entity: "light.late", state: "on", source: "import:csv" },
    ]);
    expect(f.layers.markDirtyTimes([Date.parse("2026-01-05T10:00:00Z")])).toEqual([]);
    expect(f.layers.rollup.pendingDays()).toEqual([]);
    const again = await f.layers.cycle.run("nightly");
    expect(again.rollup.rolledUp).toEqual([]);
    // The stray old event itself is removed by the next retention run.
    expect(again.retention!.rawEvents).toBe(1);
    expect([...f.layers.aggregates.dayRows("state_counts_daily", "2026-02-05", "2026-02-05")]).toEqual(before);
  });
});
