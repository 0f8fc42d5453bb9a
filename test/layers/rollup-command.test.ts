// `home-patterns rollup` and `home-patterns analytics`: what they do to a data dir and what they print.
import { afterEach, describe, expect, it } from "vitest";
import { analyticsOfflineCommand, formatTable, runAnalyticsCommand } from "../../src/cli/analytics-command.js";
import { rollupOfflineCommand, runRollupCommand } from "../../src/cli/rollup-command.js";
import type { Config } from "../../src/config/config.js";
import { defaultOptions } from "../../src/config/option-schema.js";
import { ManualClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import { dailyEvents, type ServicesFixture, servicesFixture } from "../storage/aggregate-services-fixture.js";

const opened: ServicesFixture[] = [];
afterEach(async () => {
  for (const f of opened.splice(0)) await f.close();
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, deps: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) } };
}

describe("rollup command", () => {
  it("rolls up pending days, archives them and prints each step; a second run has nothing to do", async () => {
    const f = servicesFixture({ now: "2026-01-14T09:00:00Z", raw: 30 });
    opened.push(f);
    f.stores.events.append(dailyEvents(f.time, "2026-01-12", 2, 40));
    const c = capture();
    expect(
      await runRollupCommand({ positionals: [], flags: { "dry-run": true } }, { layers: f.layers, ...c.deps }),
    ).toBe(0);
    expect(c.out).toEqual(["would roll up 2 days: 2026-01-12, 2026-01-13"]);
    c.out.length = 0;
    expect(await runRollupCommand({ positionals: [], flags: {} }, { layers: f.layers, ...c.deps })).toBe(0);
    expect(c.out.slice(0, 2).map((l) => l.replace(/\(\d+ ms\)/, "(… ms)"))).toEqual([
      "rolled up 2026-01-12: 40 events → 17 rows in 4 tables (… ms)",
      "rolled up 2026-01-13: 40 events → 17 rows in 4 tables (… ms)",
    ]);
    expect(c.out[2]).toMatch(/^archived 2026-01-12: 40 events, \d+ bytes$/);
    expect(c.out.at(-1)).toMatch(/^storage: \d+ of 1073741824 bytes \(ok\)$/);
    c.out.length = 0;
    await runRollupCommand({ positionals: [], flags: {} }, { layers: f.layers, ...c.deps });
    expect(c.out[0]).toBe("nothing to roll up: every closed day is clean");
  });

  it("stopped by Ctrl-C keeps the days rolled up, begins no other, and a second run goes on", async () => {
    const f = servicesFixture({ now: "2026-01-14T09:00:00Z", raw: 30 });
    opened.push(f);
    f.stores.events.append(dailyEvents(f.time, "2026-01-10", 4, 40));
    const stopping = new AbortController();
    // The user presses Ctrl-C as soon as the first day is kept (checked whenever the loop runs).
    const watch = () => {
      if (f.layers.aggregates.dayRecord("2026-01-10")?.rolledUpAt != null) stopping.abort("SIGINT");
      else setImmediate(watch);
    };
    setImmediate(watch);
    const c = capture();
    const args = { positionals: [], flags: {} };
    expect(await runRollupCommand(args, { layers: f.layers, ...c.deps, stop: stopping.signal })).toBe(0);
    expect(c.out.map((l) => l.replace(/\(\d+ ms\)/, "(… ms)"))).toEqual([
      "rolled up 2026-01-10: 40 events → 17 rows in 4 tables (… ms)",
    ]);
    expect(c.err).toEqual([
      "rollup stopped (Ctrl-C): 1 day rolled up and kept, 3 days still to roll up (2026-01-11 to 2026-01-13); " +
        "archiving and retention not finished. Run home-patterns rollup again to go on (the service also does it).",
    ]);
    expect(f.layers.rollup.pendingDays()).toEqual(["2026-01-11", "2026-01-12", "2026-01-13"]);
    const again = capture();
    expect(await runRollupCommand(args, { layers: f.layers, ...again.deps })).toBe(0);
    expect(again.out.filter((l) => l.startsWith("rolled up")).map((l) => l.slice(0, 20))).toEqual([
      "rolled up 2026-01-11",
      "rolled up 2026-01-12",
      "rolled up 2026-01-13",
    ]);
    expect(again.out.filter((l) => l.startsWith("archived")).length).toBe(4);
  });

  it("--day rolls a clean day up again; a bad day is refused", async () => {
    const f = servicesFixture({ now: "2026-01-14T09:00:00Z", raw: 30 });
    opened.push(f);
    f.stores.events.append(dailyEvents(f.time, "2026-01-12", 2, 40));
    await f.layers.cycle.run("first");
    const c = capture();
    expect(
      await runRollupCommand(
        { positionals: [], flags: { day: "2026-01-12,2026-01-14" } },
        { layers: f.layers, ...c.deps },
      ),
    ).toBe(0);
    expect(c.out[0]).toBe("not rolled up again (today or later, or raw events already purged): 2026-01-14");
    expect(c.out[1]).toMatch(/^rolled up 2026-01-12: 40 events/);
    expect(
      await runRollupCommand({ positionals: [], flags: { day: "12.01.2026" } }, { layers: f.layers, ...c.deps }),
    ).toBe(2);
    expect(c.err).toEqual(["not a day: 12.01.2026 (expected YYYY-MM-DD, a day of the calendar)"]);
  });

  it("runs as an offline command on a data dir, with the registry's kinds", async () => {
    const f = servicesFixture({ now: "2026-01-14T09:00:00Z" });
    opened.push(f);
    const dir = f.dir.replace(/$/, "-offline");
    const clock = new ManualClock(Date.parse("2026-01-14T09:00:00Z"));
    const seed = openSqliteStores({ dataDir: dir, logger: createMemoryLogger(), now: () => clock.now() });
    seed.events.append(dailyEvents(f.time, "2026-01-13", 1, 24));
    seed.close();
    const config = {
      mode: "standalone",
      dataDir: dir,
      http: { host: "127.0.0.1", port: 0, ingressOnly: false, allowedHosts: [] },
      mqtt: { kind: "none" },
      timeZone: "Europe/Berlin",
      options: { ...defaultOptions(), log_level: "error" },
    } as unknown as Config;
    const c = capture();
    const ctx = { env: {}, cwd: dir, clock, ...c.deps };
    expect(await rollupOfflineCommand.run({ positionals: [], flags: {} }, config, ctx)).toBe(0);
    expect(c.out[0]).toMatch(/^rolled up 2026-01-13: 24 events → \d+ rows in 11 tables/);
    c.out.length = 0;
    expect(
      await analyticsOfflineCommand.run(
        { positionals: ["SELECT count(DISTINCT day) AS days FROM time_based_daily"], flags: {} },
        config,
        ctx,
      ),
    ).toBe(0);
    expect(c.out).toEqual(["days", "----", "   1"]);
  });
});

describe("analytics command", () => {
  it("prints a table, --json prints the result, bad SQL exits 2 with DuckDB's message", async () => {
    const f = servicesFixture({ now: "2026-01-14T09:00:00Z" });
    opened.push(f);
    f.stores.events.append(dailyEvents(f.time, "2026-01-13", 1, 8));
    const c = capture();
    const sql = "SELECT entity, count(*) AS n FROM events GROUP BY entity ORDER BY entity";
    expect(
      await runAnalyticsCommand({ positionals: [sql], flags: {} }, { analytics: f.layers.analytics, ...c.deps }),
    ).toBe(0);
    expect(c.out).toEqual(["entity    n", "--------  -", "light.l0  2", "light.l1  2", "light.l2  2", "light.l3  2"]);
    expect(c.err[0]).toMatch(/^4 rows in \d+ ms$/);
    c.out.length = 0;
    await runAnalyticsCommand(
      { positionals: ["SELECT 1 AS one"], flags: { json: true } },
      { analytics: f.layers.analytics, ...c.deps },
    );
    expect(JSON.parse(c.out[0])).toMatchObject({
      columns: [{ name: "one", type: "INTEGER" }],
      rows: [[1]],
      truncated: false,
    });
    c.err.length = 0;
    expect(
      await runAnalyticsCommand(
        { positionals: ["DROP TABLE events"], flags: {} },
        { analytics: f.layers.analytics, ...c.deps },
      ),
    ).toBe(2);
    expect(c.err).toEqual(["only SELECT queries are allowed: the analytics database is read-only"]);
  });

  it("formats NULLs and nested values", () => {
    expect(
      formatTable({
        columns: [
          { name: "a", type: "X" },
          { name: "b", type: "Y" },
        ],
        rows: [[null, { x: 1 }]],
      }),
    ).toEqual(["a     b", "----  -------", 'NULL  {"x":1}']);
  });
});
