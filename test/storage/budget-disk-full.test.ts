// A full disk (SQLITE_FULL from a capped page count): reported, our own oldest data freed only when it is over its budget, nothing corrupted.
import { afterEach, describe, expect, it } from "vitest";
import { storageHealth } from "../../src/app/storage-health.js";
import type { HomeEvent } from "../../src/core/home-event.js";
import { createEntityFilter } from "../../src/ingest/entity-filter.js";
import { IngestPipeline } from "../../src/ingest/ingest-pipeline.js";
import { isDiskFull } from "../../src/storage/sqlite/sqlite-database.js";
import { dailyEvents, type ServicesFixture, servicesFixture } from "./aggregate-services-fixture.js";

const opened: ServicesFixture[] = [];
afterEach(async () => {
  for (const f of opened.splice(0)) await f.close();
});

/** What the ingest batcher does with the guard: retry while told to (a few times here), count what is dropped. */
function writeBatch(f: ServicesFixture, batch: HomeEvent[]): { stored: boolean; fullErrors: number } {
  let fullErrors = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const result = f.stores.events.append(batch);
      f.bus.emit("ingested", {
        inserted: result.inserted,
        duplicates: result.duplicates,
        bySource: {},
        newest: batch.at(-1)!.ts,
      });
      return { stored: true, fullErrors };
    } catch (err) {
      if (isDiskFull(err)) fullErrors++;
      if (f.layers.guard.handleWriteError(err) === "drop") break;
    }
  }
  return { stored: false, fullErrors };
}

describe("disk full", () => {
  it("with our own data near its budget, frees the oldest rolled-up raw day, retries and keeps every committed event", async () => {
    // 1.35 MB: the ten days and their archive take about 1.07 MB (L2 packed), so a growing WAL reaches 90 % of it.
    const f = servicesFixture({ now: "2026-01-11T06:00:00Z", raw: 30, budgetMb: 1.3 });
    opened.push(f);
    f.stores.events.append(dailyEvents(f.time, "2026-01-01", 10, 3_000));
    await f.layers.cycle.run("nightly");
    const pages = f.stores.db.pragma("page_count", { simple: true }) as number;
    f.stores.db.pragma(`max_page_count = ${pages + 40}`);

    // Today's events arrive in batches of 500 until long after the file is full.
    const today = f.time.dayBounds("2026-01-11").start;
    let stored = 0;
    let fullErrors = 0;
    const states: string[] = [];
    f.bus.on("storage", "states", (e) => void states.push(e.state));
    for (let b = 0; b < 16; b++) {
      const batch = Array.from({ length: 500 }, (_, i) => ({
        ts: today + (b * 500 + i) * 500,
        entity: `sensor.s${i % 50}`,
        state: String((b * 500 + i) % 997),
        source: "test",
      }));
      const result = writeBatch(f, batch);
      expect(result.stored).toBe(true);
      stored += batch.length;
      fullErrors += result.fullErrors;
    }
    expect(fullErrors).toBe(1);
    expect(f.layers.guard.state()).toMatchObject({ diskFull: false, droppedBatches: 0 });
    expect(states).toContain("disk_full");
    expect(states.at(-1)).not.toBe("disk_full");
    expect(f.logger.lines.some((l) => l.includes("disk full: the database refused a write"))).toBe(true);

    // Every committed event of today is there, and the file is sound.
    const todayCount = f.stores.db.prepare("SELECT count(*) AS n FROM events WHERE ts >= ?").get(today) as {
      n: number;
    };
    expect(todayCount.n).toBe(stored);
    expect(f.stores.db.pragma("integrity_check", { simple: true })).toBe("ok");
    // The space came in the budget's order, oldest first: the oldest archive file, then the oldest
    // rolled-up raw days. Every day's aggregates stay.
    const oldest = f.time.dayOf((f.stores.db.prepare("SELECT min(ts) AS t FROM events").get() as { t: number }).t);
    const purged = f.layers.aggregates
      .dayRecords()
      .filter((r) => r.rawPurgedAt !== null)
      .map((r) => r.day);
    expect(purged).toEqual(["2026-01-01", "2026-01-02"]);
    expect(oldest).toBe("2026-01-03");
    expect(f.layers.reader.coveredDays("2026-01-01", "2026-01-10").length).toBe(10);
    expect(f.layers.archive.list().length).toBe(9);
  });

  it("a disk filled by someone else pauses writes, holds the events, deletes nothing, and resumes", async () => {
    const f = servicesFixture({ now: "2026-01-11T06:00:00Z", raw: 30 });
    opened.push(f);
    f.stores.events.append(dailyEvents(f.time, "2026-01-01", 10, 3_000));
    await f.layers.cycle.run("nightly");
    const count = () => (f.stores.db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
    const before = { events: count(), archive: f.layers.archive.list().length };
    expect(before).toEqual({ events: 30_000, archive: 10 });
    // Another program fills the disk: our data uses about 2 MB of its 1 GB budget.
    const pages = f.stores.db.pragma("page_count", { simple: true }) as number;
    f.stores.db.pragma(`max_page_count = ${pages}`);
    const ingest = new IngestPipeline({
      store: f.stores.events,
      cursors: f.stores.cursors,
      clock: f.clock,
      logger: f.logger,
      filter: createEntityFilter({
        include_domains: [],
        exclude_domains: [],
        include_entities: [],
        exclude_entities: [],
      }),
      bus: f.bus,
      maxBatch: 500,
      onWriteError: (err) => f.layers.guard.handleWriteError(err),
    });
    const today = f.time.dayBounds("2026-01-11").start;
    for (let i = 0; i < 4_000; i++) {
      ingest.push({ ts: today + i * 1000, entity: `sensor.s${i % 40}`, state: String(i), source: "test" });
      if (i % 100 === 99) f.clock.advance(1_000);
    }
    // Ten minutes of retries against the full disk.
    for (let s = 0; s < 600; s++) f.clock.advance(1_000);
    expect(ingest.counters()).toMatchObject({ stored: 0, dropped: 0, pending: 4_000 });
    expect(f.layers.guard.state()).toMatchObject({ diskFull: true, paused: true, droppedBatches: 0 });
    expect(storageHealth(f.layers.budget.usage(), f.layers.guard.state(), ingest.counters().pending)).toEqual({
      name: "storage budget",
      status: "degraded",
      detail: `disk full (our data uses ${(f.layers.budget.usage().usedBytes / 1_048_576).toFixed(1)} of its 1024.0 MB budget): writes paused, 4000 events held in memory until there is space; nothing is deleted to make room`,
    });
    // Nothing of ours went to make room: every raw event, archive file and aggregate is there.
    expect({ events: count(), archive: f.layers.archive.list().length }).toEqual(before);
    expect(f.layers.aggregates.dayRecords().filter((r) => r.rawPurgedAt !== null || r.l2PurgedAt !== null)).toEqual([]);
    // Logged once a minute at most, not once per retry or per event.
    const full = f.logger.lines.filter((l) => l.includes("disk full: the database refused a write"));
    expect(full.length).toBe(11);
    expect(full[0]).toContain("writes wait until there is space, nothing is deleted");

    // The other program's file goes: the next retry stores everything held, and the state clears.
    f.stores.db.pragma("max_page_count = 1073741823");
    f.clock.advance(30_000);
    expect(ingest.counters()).toMatchObject({ stored: 4_000, dropped: 0, pending: 0 });
    expect(count()).toBe(34_000);
    expect(f.layers.guard.state()).toMatchObject({ diskFull: false, paused: false });
    expect(f.layers.budget.usage().state).toBe("ok");
    expect(f.stores.db.pragma("integrity_check", { simple: true })).toBe("ok");
  });
});
