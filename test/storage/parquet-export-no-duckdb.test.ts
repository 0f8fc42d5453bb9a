// The nightly export runs where DuckDB cannot load: the service pays its memory only for analytics.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { ParquetArchive } from "../../src/storage/duckdb/parquet-archive.js";

vi.mock("@duckdb/node-api", () => {
  throw new Error("DuckDB was loaded");
});

const dir = mkdtempSync(path.join(os.tmpdir(), "hp-parquet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("Parquet export without DuckDB", () => {
  it("writes the day's file", async () => {
    const archive = new ParquetArchive(dir);
    const done = await archive.exportDay("2026-01-10", [
      { ts: 1768000000000, entity: "light.kitchen", state: "on", source: "ha" },
    ]);
    expect(done.rows).toBe(1);
    const bytes = readFileSync(archive.fileOf("2026-01-10"));
    expect(bytes.subarray(0, 4).toString()).toBe("PAR1");
    expect(bytes.subarray(-4).toString()).toBe("PAR1");
  });
});
