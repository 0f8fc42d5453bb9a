// The nightly Parquet export: DuckDB reads back exactly what was written, and writing never needs DuckDB.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { HomeEvent } from "../../src/core/home-event.js";
import { DuckDb } from "../../src/storage/duckdb/duckdb-database.js";
import { ParquetArchive } from "../../src/storage/duckdb/parquet-archive.js";
import { writeParquetFile } from "../../src/storage/parquet/parquet-writer.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "hp-parquet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(sql: string): Promise<unknown[][]> {
  const duck = await DuckDb.open({ threads: 1 });
  try {
    return (await duck.query(sql, { maxRows: 100, timeoutMs: 20_000 })).rows;
  } finally {
    duck.close();
  }
}

describe("Parquet export", () => {
  it("writes a day of events that DuckDB reads back unchanged, nulls and accents included", async () => {
    const archive = new ParquetArchive(dir);
    const events: HomeEvent[] = [
      {
        ts: 1768000000000,
        entity: "light.kitchen",
        state: "on",
        previous: "off",
        source: "ha",
        user: "u-1",
        parent: "c-9",
      },
      { ts: 1768000000500, entity: "sensor.café", state: "21.5", source: "ha" },
      { ts: 1768000001000, entity: "light.kitchen", state: "off", previous: "on", source: "mqtt" },
    ];
    const done = await archive.exportDay("2026-01-10", events);
    expect(done.rows).toBe(3);
    const rows = await read(`SELECT * FROM read_parquet('${archive.fileOf("2026-01-10")}') ORDER BY ts`);
    expect(rows).toEqual([
      [1768000000000, "2026-01-10", "light.kitchen", "on", "off", "u-1", "c-9", "ha"],
      [1768000000500, "2026-01-10", "sensor.café", "21.5", null, null, null, "ha"],
      [1768000001000, "2026-01-10", "light.kitchen", "off", "on", null, null, "mqtt"],
    ]);
    const types = await read(`DESCRIBE SELECT * FROM read_parquet('${archive.fileOf("2026-01-10")}')`);
    expect(types.map((t) => [t[0], t[1]])).toEqual([
      ["ts", "BIGINT"],
      ["day", "VARCHAR"],
      ["entity", "VARCHAR"],
      ["state", "VARCHAR"],
      ["previous", "VARCHAR"],
      ["user_id", "VARCHAR"],
      ["parent", "VARCHAR"],
      ["source", "VARCHAR"],
    ]);
  });

  it("splits large days into row groups that read back in full, with a column that is null throughout", async () => {
    const file = path.join(dir, "groups.parquet");
    const rows = Array.from({ length: 25_000 }, (_, i) => [
      1768000000000 + i * 3,
      `sensor.s${i % 300}`,
      i % 7 === 0 ? null : `v${i % 5000}`,
      null,
    ]);
    const written = writeParquetFile(
      file,
      [
        { name: "ts", type: "int64", optional: false },
        { name: "entity", type: "string", optional: false },
        { name: "state", type: "string", optional: true },
        { name: "user_id", type: "string", optional: true },
      ],
      rows,
      10_000,
    );
    expect(written.rows).toBe(25_000);
    expect(
      await read(
        `SELECT count(*), sum(ts), count(state), count(DISTINCT state), count(user_id), count(DISTINCT entity) FROM read_parquet('${file}')`,
      ),
    ).toEqual([[25_000, "44200000937462500", 21_428, 5000, 0, 300]]);
    expect(await read(`SELECT * FROM read_parquet('${file}') WHERE ts = 1768000030000`)).toEqual([
      [1768000030000, "sensor.s100", "v0", null],
    ]);
    const groups = await read(`SELECT count(DISTINCT row_group_id) FROM parquet_metadata('${file}')`);
    expect(groups).toEqual([[3]]);
  });

  it("takes each row's values as the row comes, holding no row (a caller may reuse one array)", async () => {
    const file = path.join(dir, "reused.parquet");
    const row: unknown[] = [0, "", null];
    function* rows() {
      for (let i = 0; i < 2_500; i++) {
        row[0] = 1768000000000 + i * 1000;
        row[1] = `sensor.s${i % 40}`;
        row[2] = i % 3 === 0 ? null : `v${i}`;
        yield row;
      }
    }
    const columns = [
      { name: "ts", type: "int64", optional: false },
      { name: "entity", type: "string", optional: false },
      { name: "state", type: "string", optional: true },
    ] as const;
    expect(writeParquetFile(file, columns, rows(), 1_000).rows).toBe(2_500);
    expect(
      await read(
        `SELECT count(DISTINCT ts), count(DISTINCT entity), count(state), min(ts), max(ts) FROM read_parquet('${file}')`,
      ),
    ).toEqual([[2_500, 40, 1_666, 1768000000000, 1768002499000]]);
    expect(await read(`SELECT * FROM read_parquet('${file}') WHERE ts = 1768001234000`)).toEqual([
      [1768001234000, "sensor.s34", "v1234"],
    ]);
  });

  it("keeps integers exact whatever their order, gaps and sign (delta-encoded)", async () => {
    const file = path.join(dir, "ints.parquet");
    // 301 values: two full blocks of 128 deltas and a part-filled third; jumps up, down and past 2^32.
    const values = Array.from({ length: 301 }, (_, i) =>
      i % 97 === 0 ? -(2 ** 40) + i : i % 13 === 0 ? 1768000000000 - i * 7 : 1768000000000 + i * 1000,
    );
    writeParquetFile(
      file,
      [
        { name: "n", type: "int64", optional: true },
        { name: "i", type: "int64", optional: false },
      ],
      values.map((v, i) => [i % 50 === 1 ? null : v, i]),
    );
    const rows = await read(`SELECT list(n ORDER BY i)::VARCHAR FROM read_parquet('${file}')`);
    const expected = values.map((v, i) => (i % 50 === 1 ? "NULL" : v));
    expect(rows).toEqual([[`[${expected.join(", ")}]`]]);
  });

  it("refuses a missing value in a required column, and leaves no file", async () => {
    const archive = new ParquetArchive(path.join(dir, "bad"));
    const bad = [{ ts: 1768000000000, entity: "light.a", source: "ha" } as unknown as HomeEvent];
    await expect(archive.exportDay("2026-01-11", bad)).rejects.toThrow(
      "column state is required but row 0 has no value",
    );
    expect(archive.has("2026-01-11")).toBe(false);
  });
});
