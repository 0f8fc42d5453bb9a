// A full disk (SQLITE_FULL from a capped page count): reported, space freed, ingestion resumes, nothing corrupted.
import { afterEach, describe, expect, it } from "vitest";
import type { HomeEvent } from "../../src/core/home-event.js";
import { isDiskFull } from "../../src/storage/sqlite/sqlite-database.js";
import { dailyEvents, type ServicesFixture, servicesFixture } from "./aggregate-services-fixture.js";

const opened: ServicesFixture[] = [];
afterEach(async () => {
  for (const f of opened.splice(0)) await f.close();
});

/** What the ingest batcher does with the guard: retry while told to, count what is dropped. */
function writeBatch(f: ServicesFixture, batch: HomeEvent[]): { stored: boolean; fullErrors: number } {
  let fullErrors = 0;
  for (;;) {
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
      if (f.layers.guard.handleWriteError(err) === "drop") return { stored: false, fullErrors };
    }
  }
}

describe("disk full", () => {
  it("frees the oldest rolled-up raw day, retries and keeps every committed event", async () => {
    const f = servicesFixture({ now: "2026-01-11T06:00:00Z", raw: 30 });
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
    // The space came from the oldest rolled-up raw days; their aggregates and archive files stay.
    const oldest = f.time.dayOf((f.stores.db.prepare("SELECT min(ts) AS t FROM events").get() as { t: number }).t);
    expect(oldest).toBe("2026-01-02");
    expect(
      f.layers.aggregates
        .dayRecords()
        .filter((r) => r.rawPurgedAt !== null)
        .map((r) => r.day),
    ).toEqual(["2026-01-01"]);
    expect(f.layers.reader.coveredDays("2026-01-01", "2026-01-10").length).toBe(10);
    expect(f.layers.archive.list().length).toBe(10);
  });

  it("drops a batch, visibly, when nothing can be freed", async () => {
    const f = servicesFixture({ now: "2026-01-11T06:00:00Z" });
    opened.push(f);
    f.stores.events.append(dailyEvents(f.time, "2026-01-11", 1, 10).filter((e) => e.ts < f.clock.now()));
    const pages = f.stores.db.pragma("page_count", { simple: true }) as number;
    f.stores.db.pragma(`max_page_count = ${pages}`);
    const big = Array.from({ length: 2_000 }, (_, i) => ({
      ts: f.clock.now() - 1_000_000 + i,
      entity: `sensor.x${i}`,
      state: "1",
      source: "test",
    }));
    expect(writeBatch(f, big)).toEqual({ stored: false, fullErrors: 1 });
    expect(f.layers.guard.state()).toMatchObject({
      diskFull: true,
      droppedBatches: 1,
      lastError: "database or disk is full",
    });
    expect(f.layers.budget.usage().state).toBe("disk_full");
    expect(f.logger.lines.some((l) => l.includes("could not be stored and is dropped"))).toBe(true);
    expect(f.stores.db.pragma("integrity_check", { simple: true })).toBe("ok");
  });
});
