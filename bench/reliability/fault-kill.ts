// kill -9 at random moments of an import and of a rollup, over and over: nothing lost, nothing doubled, nothing corrupt.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { HomeEvent } from "../../src/core/home-event.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { openSqliteStores } from "../../src/storage/sqlite/sqlite-stores.js";
import type { FaultRow } from "./fault-row.js";
import { runCli } from "./processes.js";
import { storeState } from "./store-check.js";

const DAY = 86_400_000;

/** Home Assistant's history download: entity_id,state,last_changed, each entity alternating on/off. */
export function writeHistoryCsv(file: string, events: number, entities: number, from: number, spanMs: number): void {
  const lines = ["entity_id,state,last_changed"];
  const step = spanMs / events;
  for (let i = 0; i < events; i++) {
    const e = i % entities;
    const state = Math.floor(i / entities) % 2 === 0 ? "on" : "off";
    lines.push(`light.bench_${e},${state},${new Date(Math.floor(from + i * step)).toISOString()}`);
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
}

/** A deterministic stand-in for Math.random, so a run can be repeated. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

export async function killDuringImport(o: { events: number; kills: number; seed: number }): Promise<FaultRow> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-rel-import-"));
  try {
    const csv = path.join(dir, "history.csv");
    writeHistoryCsv(csv, o.events, 200, Date.now() - 5 * DAY, 4 * DAY);
    const dataDir = path.join(dir, "data");
    const random = seeded(o.seed);
    const full = await runCli(dataDir, ["import", "--format", "ha-history-csv", csv], {
      extra: { DATA_DIR: path.join(dir, "probe") },
    });
    const bad: string[] = [];
    let killedCount = 0;
    for (let i = 0; i < o.kills; i++) {
      // Between 30 % and 95 % of a whole run: the database is open and being written.
      const at = Math.round(full.ms * (0.3 + 0.65 * random()));
      const run = await runCli(dataDir, ["import", "--format", "ha-history-csv", csv], { killAfterMs: at });
      if (run.killed) killedCount++;
      const state = storeState(dataDir);
      if (state.integrity !== "ok") bad.push(`after kill ${i + 1}: integrity ${state.integrity}`);
    }
    const rerun = await runCli(dataDir, ["import", "--format", "ha-history-csv", csv]);
    const state = storeState(dataDir);
    const lost = o.events - state.events;
    return {
      fault: "kill -9 during import",
      tried: `${o.kills} imports of a ${o.events.toLocaleString("en")}-event history CSV killed at random moments (${killedCount} killed mid-run; a whole import takes ${Math.round(full.ms)} ms), integrity_check after each, then one full re-import`,
      outcome: `integrity ${bad.length === 0 ? "ok after every kill" : bad.join("; ")}; re-import exit ${rerun.code}; ${state.events.toLocaleString("en")} events stored of ${o.events.toLocaleString("en")}, none doubled (the key drops exact duplicates)`,
      lost,
      recoveryMs: Math.round(rerun.ms),
      ok: lost === 0 && bad.length === 0 && rerun.code === 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fills L1 directly (faster than an import) with `days` closed days of events. */
function fillDays(dataDir: string, days: number, perDay: number): void {
  const now = Date.now();
  const stores = openSqliteStores({ dataDir, logger: createMemoryLogger("error"), now: () => now });
  const start = Math.floor(now / DAY) * DAY - days * DAY;
  const batch: HomeEvent[] = [];
  for (let i = 0; i < days * perDay; i++) {
    const e = i % 60;
    batch.push({
      ts: start + Math.floor((i * DAY) / perDay),
      entity: e % 2 ? `light.bench_${e}` : `binary_sensor.motion_${e}`,
      state: Math.floor(i / 60) % 2 ? "on" : "off",
      source: "bench",
    });
    if (batch.length === 5_000) stores.events.append(batch.splice(0));
  }
  stores.events.append(batch);
  stores.close();
}

export async function killDuringRollup(o: {
  days: number;
  perDay: number;
  kills: number;
  seed: number;
}): Promise<FaultRow> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-rel-rollup-"));
  try {
    const dataDir = path.join(dir, "data");
    const reference = path.join(dir, "reference");
    fillDays(dataDir, o.days, o.perDay);
    cpSync(dataDir, reference, { recursive: true });
    const clean = await runCli(reference, ["rollup"]);
    const expected = storeState(reference);
    const before = storeState(dataDir).events;
    const random = seeded(o.seed);
    const bad: string[] = [];
    let killedCount = 0;
    for (let i = 0; i < o.kills; i++) {
      const at = Math.round(300 + random() * clean.ms * 0.8);
      const run = await runCli(dataDir, ["rollup"], { killAfterMs: at });
      if (run.killed) killedCount++;
      const state = storeState(dataDir);
      if (state.integrity !== "ok") bad.push(`after kill ${i + 1}: integrity ${state.integrity}`);
    }
    const rerun = await runCli(dataDir, ["rollup"]);
    const state = storeState(dataDir);
    const lost = state.layers === expected.layers ? before - state.events : "L2/L3 differ";
    return {
      fault: "kill -9 during rollup",
      tried: `${o.kills} rollups of ${o.days} days × ${o.perDay.toLocaleString("en")} events killed at random moments (${killedCount} killed mid-run; a clean rollup takes ${Math.round(clean.ms)} ms), integrity_check after each, then one rollup to finish`,
      outcome: `integrity ${bad.length === 0 ? "ok after every kill" : bad.join("; ")}; L1 ${state.events.toLocaleString("en")} of ${before.toLocaleString("en")} events; L2/L3 and day records ${state.layers === expected.layers ? "identical to a rollup never killed" : `DIFFER from a rollup never killed (${state.layers} vs ${expected.layers})`}; ${state.archiveFiles} archive files (reference ${expected.archiveFiles})`,
      lost,
      recoveryMs: Math.round(rerun.ms),
      ok: lost === 0 && bad.length === 0 && rerun.code === 0 && state.archiveFiles === expected.archiveFiles,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
