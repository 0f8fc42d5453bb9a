// Only days rolled up before are logged as re-opened by late events: a fresh home's history is not late.
import { afterEach, describe, expect, it } from "vitest";
import { dailyEvents, type ServicesFixture, servicesFixture } from "../storage/aggregate-services-fixture.js";

const opened: ServicesFixture[] = [];
afterEach(async () => {
  for (const f of opened.splice(0)) await f.close();
});

const infoLines = (f: ServicesFixture) => f.logger.lines.filter((l) => l.includes(" INFO ") && l.includes("re-opened"));

describe("late events log", () => {
  it("history stored before the first rollup (the demo's backfill) re-opens nothing; each day is rolled up once", async () => {
    const f = servicesFixture({ now: "2026-01-14T12:00:00Z" });
    opened.push(f);
    const history = dailyEvents(f.time, "2026-01-10", 4, 48);
    f.stores.events.append(history);
    expect(f.layers.markDirtyTimes(history.map((e) => e.ts))).toEqual([
      "2026-01-10",
      "2026-01-11",
      "2026-01-12",
      "2026-01-13",
    ]);
    expect(infoLines(f)).toEqual([]);
    const first = await f.layers.cycle.run("start");
    expect(first.rollup.rolledUp.map((d) => d.day)).toEqual(["2026-01-10", "2026-01-11", "2026-01-12", "2026-01-13"]);
    const again = await f.layers.cycle.run("nightly");
    expect(again.rollup.rolledUp).toEqual([]);
  });

  it("an event for a day already rolled up is logged as re-opening it (and the days its carry-in reaches)", async () => {
    const f = servicesFixture({ now: "2026-01-14T12:00:00Z" });
    opened.push(f);
    f.stores.events.append(dailyEvents(f.time, "2026-01-10", 4, 48));
    await f.layers.cycle.run("start");
    const late = { ts: Date.parse("2026-01-12T22:30:00Z"), entity: "light.late", state: "on", source: "test" };
    f.stores.events.append([late]);
    expect(f.layers.markDirtyTimes([late.ts])).toEqual(["2026-01-12", "2026-01-13"]);
    expect(infoLines(f)).toHaveLength(1);
    expect(infoLines(f)[0]).toContain('late events re-opened days already rolled up days=["2026-01-12","2026-01-13"]');
  });
});
