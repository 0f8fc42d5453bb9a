// Rollup and archive touch only the days that hold events: old or stray timestamps cost days, not decades.
import { afterEach, describe, expect, it } from "vitest";
import { dailyEvents, type ServicesFixture, servicesFixture } from "../storage/aggregate-services-fixture.js";

const opened: ServicesFixture[] = [];
afterEach(async () => {
  for (const f of opened.splice(0)) await f.close();
});

describe("rollup of days with events", () => {
  it("rolls up 30 days from 2011 and one stray 1970 event as their own days, not every day since", async () => {
    const f = servicesFixture({ now: "2026-01-11T06:00:00Z", raw: 30 });
    opened.push(f);
    // Written straight to L1, as a database from before ingest refused such times would hold them.
    f.stores.events.append([
      { ts: 1, entity: "light.stray", state: "on", source: "test" },
      ...dailyEvents(f.time, "2011-03-01", 30, 24),
      ...dailyEvents(f.time, "2026-01-09", 2, 24),
    ]);
    const report = await f.layers.cycle.run("nightly");
    const rolled = report.rollup.rolledUp.map((d) => d.day);
    // Each day with events, and the two after it whose carry-in it can change.
    expect(rolled.length).toBe(3 + 32 + 2);
    expect(rolled.slice(0, 3)).toEqual(["1970-01-01", "1970-01-02", "1970-01-03"]);
    expect(rolled.slice(3, 5)).toEqual(["2011-03-01", "2011-03-02"]);
    expect(rolled.slice(-4)).toEqual(["2011-03-31", "2011-04-01", "2026-01-09", "2026-01-10"]);
    // Only days that hold events get an archive file.
    expect(f.layers.archive.list().length).toBe(1 + 30 + 2);
    expect(report.archive?.archived.length).toBe(33);
    // Nothing is left pending, and the next cycle has nothing to do.
    expect(f.layers.rollup.pendingDays()).toEqual([]);
    expect((await f.layers.cycle.run("nightly")).rollup.rolledUp).toEqual([]);
  });
});
