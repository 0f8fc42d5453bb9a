// The Parquet archive and read-only analytics: every event queryable, nothing outside the archive reachable.
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { dailyEvents, type ServicesFixture, servicesFixture } from "./aggregate-services-fixture.js";

let f: ServicesFixture;
beforeAll(async () => {
  // 10 days of 100 events (2026-01-10 .. 2026-01-19), today 2026-01-20 has 100 more; raw kept 3 days.
  // Each query starts a child process: 8 s leaves room for that on a busy machine.
  f = servicesFixture({ now: "2026-01-20T12:00:00Z", raw: 3, analyticsLimits: { maxRows: 50, timeoutMs: 8000 } });
  f.stores.events.append(
    dailyEvents(f.time, "2026-01-10", 11, 100).filter((e) => e.ts < Date.parse("2026-01-20T12:00:00Z")),
  );
  await f.layers.cycle.run("nightly");
});
afterAll(() => f.close());

const run = (sql: string) => f.layers.analytics.run(sql);
async function rejection(sql: string): Promise<string> {
  const err = await run(sql).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return (err as Error).message;
}

describe("archive", () => {
  it("has one Parquet file per closed day, written before raw retention removed the day", () => {
    expect(readdirSync(f.layers.archive.dir).sort()).toEqual(
      ["10", "11", "12", "13", "14", "15", "16", "17", "18", "19"].map((d) => `day=2026-01-${d}.parquet`),
    );
    const l1 = f.stores.db.prepare("SELECT count(*) AS n FROM events").get();
    // Raw keeps 2026-01-17 .. today (3 days back from the 20th); today until 13:00 local has 55 events.
    expect(l1).toEqual({ n: 355 });
  });
});

describe("analytics", () => {
  it("events covers the archive and what is only in L1 (today), each event once", async () => {
    const result = await run("SELECT day, count(*) AS n FROM events GROUP BY day ORDER BY day");
    expect(result.columns).toEqual([
      { name: "day", type: "VARCHAR" },
      { name: "n", type: "BIGINT" },
    ]);
    expect(result.rows.length).toBe(11);
    expect(result.rows[0]).toEqual(["2026-01-10", 100]);
    expect(result.rows[9]).toEqual(["2026-01-19", 100]);
    expect(result.rows[10]).toEqual(["2026-01-20", 55]);
    expect(result.truncated).toBe(false);
  });

  it("events has time and domain columns", async () => {
    const result = await run("SELECT time, domain, entity, state FROM events ORDER BY ts LIMIT 1");
    expect(result.rows).toEqual([["2026-01-09 23:00:00", "light", "light.l0", "on"]]);
  });

  it("L2 aggregates are views by their table names", async () => {
    const result = await run(
      "SELECT count(DISTINCT day) AS days, sum(CAST(value AS INTEGER)) AS ons FROM state_counts_daily WHERE key = 'light.l0|on'",
    );
    expect(result.rows).toEqual([[10, 130]]);
    const weekly = await run(
      "SELECT period, CAST(value AS INTEGER) AS n FROM state_counts_weekly WHERE key = 'light.l1|off' ORDER BY period",
    );
    expect(weekly.rows).toEqual([
      ["2026-01-05", 24],
      ["2026-01-12", 84],
      ["2026-01-19", 12],
    ]);
  });

  it("cuts results at the row limit and says so", async () => {
    const result = await run("SELECT * FROM range(1000)");
    expect(result.rows.length).toBe(50);
    expect(result.truncated).toBe(true);
  });

  it("stops a query that runs past the time limit", async () => {
    expect(await rejection("SELECT sum(a.range * b.range) FROM range(100000) a, range(100000) b")).toBe(
      "query took longer than 8000 ms and was stopped",
    );
  });

  it("refuses anything but one SELECT", async () => {
    const readOnly = "only SELECT queries are allowed: the analytics database is read-only";
    expect(await rejection(`COPY (SELECT 1) TO '${f.layers.archive.dir}/x.csv'`)).toBe(readOnly);
    expect(await rejection("CREATE TABLE t AS SELECT 1")).toBe(readOnly);
    expect(await rejection("SET enable_external_access = true")).toBe(readOnly);
    expect(await rejection("INSTALL httpfs")).toBe(readOnly);
    expect(await rejection("ATTACH '/tmp/x.duckdb'")).toBe(readOnly);
    expect(await rejection("SELECT 1; SELECT 2")).toBe("exactly one statement is allowed");
    expect(await rejection("   ")).toBe("sql is empty");
    expect(readdirSync(f.layers.archive.dir).filter((n) => !n.endsWith(".parquet"))).toEqual([]);
  });

  // Said before DuckDB looks the tables up: "table x does not exist" would invite a second try.
  // Each query is a child process: a few per test, with room for a loaded machine.
  const readOnly = "only SELECT queries are allowed: the analytics database is read-only";
  it("refuses a write as one before looking at its tables", { timeout: 60_000 }, async () => {
    expect(await rejection("DROP TABLE x")).toBe(readOnly);
    expect(await rejection("DROP TABLE events")).toBe(readOnly);
    expect(await rejection("INSERT INTO no_such_table VALUES (1)")).toBe(readOnly);
    expect(await rejection("DELETE FROM events")).toBe(readOnly);
    expect(await rejection("COPY events TO '/tmp/hp-analytics-copy.csv'")).toBe(readOnly);
    expect(await rejection("ATTACH 'x.duckdb' AS x")).toBe(readOnly);
    expect(readdirSync(f.layers.archive.dir).filter((n) => !n.endsWith(".parquet"))).toEqual([]);
  });

  it("refuses PRAGMA and a second statement after ';'", { timeout: 60_000 }, async () => {
    expect(await rejection("PRAGMA version")).toBe(readOnly);
    expect(await rejection("PRAGMA table_info('events')")).toBe(readOnly);
    expect(await rejection("SELECT 1; DROP TABLE x")).toBe("exactly one statement is allowed");
    expect(await rejection("select 1;drop table events;")).toBe("exactly one statement is allowed");
  });

  it("still runs a SELECT however it is written, and names a missing table", { timeout: 60_000 }, async () => {
    expect((await run("  with t AS (SELECT 2 AS n) SELECT n FROM t;  ")).rows).toEqual([[2]]);
    expect((await run("FROM (SELECT 3 AS n)")).rows).toEqual([[3]]);
    expect(await rejection("SELECT * FROM x")).toContain("Table with name x does not exist");
    expect((await run("EXPLAIN SELECT 1")).columns.length).toBeGreaterThan(0);
  });

  it("cannot read or write files outside the archive", async () => {
    expect(await rejection("SELECT * FROM read_csv('/etc/passwd')")).toContain(
      'Permission Error: Cannot access file "/etc/passwd"',
    );
    expect(await rejection("SELECT * FROM read_text('package.json')")).toContain("Permission Error");
    expect(await rejection(`SELECT * FROM read_parquet('${f.layers.archive.dir}/../home-patterns.sqlite')`)).toContain(
      "Permission Error",
    );
    // Inside the archive, reading is what it is for.
    const direct = await run(`SELECT count(*) FROM read_parquet('${f.layers.archive.dir}/day=2026-01-10.parquet')`);
    expect(direct.rows).toEqual([[100]]);
  });

  it("bad SQL comes back with DuckDB's own message", async () => {
    expect(await rejection("SELEC 1")).toContain("Parser Error");
    expect(await rejection("SELECT nope FROM events")).toContain('Binder Error: Referenced column "nope" not found');
  });
});
