// Looks for an id everywhere Home Patterns keeps data: every file of the data dir, the Parquet archive's rows, Redis, InfluxDB.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Redis } from "ioredis";
import { DuckDb } from "../../src/storage/duckdb/duckdb-database.js";
import type { RunningInfluxd } from "../support/influxdb-server.js";

/** Files (relative to dir) whose raw bytes hold the id: SQLite, its WAL, anything else we left. */
export function filesHolding(dir: string, id: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (readFileSync(p).includes(id)) out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** Archived rows naming the id as entity or user (Parquet compresses, so its bytes alone prove nothing). */
export async function archivedRowsOf(archiveDir: string, id: string): Promise<number> {
  const files = readdirSync(archiveDir).filter((f) => f.endsWith(".parquet"));
  if (files.length === 0) return 0;
  const duck = await DuckDb.open();
  try {
    const list = files.map((f) => `'${path.join(archiveDir, f)}'`).join(", ");
    const r = await duck.query(
      `SELECT count(*) FROM read_parquet([${list}]) WHERE entity = '${id}' OR user_id = '${id}' OR state = '${id}'`,
      { maxRows: 1, timeoutMs: 60_000 },
    );
    return Number(r.rows[0]?.[0]);
  } finally {
    duck.close();
  }
}

/** Redis keys whose name or any value holds the id. */
export async function redisKeysHolding(client: Redis, id: string): Promise<string[]> {
  const out: string[] = [];
  for (const key of await client.keys("*")) {
    const type = await client.type(key);
    let text = key;
    if (type === "hash") text += JSON.stringify(await client.hgetall(key));
    else if (type === "list") text += JSON.stringify(await client.lrange(key, 0, -1));
    else if (type === "string") text += (await client.get(key)) ?? "";
    if (text.includes(id)) out.push(key);
  }
  return out;
}

/** InfluxDB series (measurement and tags) holding the id. */
export async function influxSeriesHolding(influx: RunningInfluxd, db: string, id: string): Promise<string[]> {
  const r = await influx.query("SHOW SERIES", db);
  const series = r.results[0]?.series?.[0]?.values?.map((v) => String(v[0])) ?? [];
  return series.filter((s) => s.includes(id));
}
