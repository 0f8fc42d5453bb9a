// kill -9 in the middle of a rollup leaves the old day or the new day, never half of each.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { HomeEvent } from "../../src/core/home-event.js";
import { bulkyKind, stallingKind } from "./kill-kinds.js";
import { type LayerFixture, layerFixture } from "./layer-fixture.js";

const NOW = Date.parse("2026-01-14T09:00:00Z");
const DAY = "2026-01-13";
const children: ChildProcess[] = [];
afterAll(() =>
  children.forEach((c) => {
    c.exitCode === null && c.kill("SIGKILL");
  }),
);

function events(count: number, offsetMs: number): HomeEvent[] {
  const start = Date.parse("2026-01-12T23:00:00Z"); // Berlin midnight of the 13th
  return Array.from({ length: count }, (_, i) => ({
    ts: start + offsetMs + i * 60_000,
    entity: `light.l${i % 7}`,
    state: i % 2 ? "on" : "off",
    source: "test",
  }));
}

function open(dir: string): LayerFixture {
  return layerFixture({ now: NOW, dir, kinds: [bulkyKind, stallingKind()] as never, periodKinds: [] });
}

function dayState(f: LayerFixture) {
  const bulky = [...f.aggregates.dayRows("bulky_daily", DAY, DAY)];
  const count = [...f.aggregates.dayRows<number>("stalling_daily", DAY, DAY)].map((r) => r.value);
  const integrity = f.stores.db.pragma("integrity_check", { simple: true });
  return { bulkyRows: bulky.length, counted: count, status: f.aggregates.dayRecord(DAY)?.status, integrity };
}

function runChild(dir: string, marker: string): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      path.resolve("node_modules/vite-node/vite-node.mjs"),
      path.resolve("test/layers/rollup-kill-child.ts"),
      dir,
      DAY,
      String(NOW),
      marker,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  return child;
}

/** Polls for a file another process writes (real process I/O: no clock to advance). */
async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the child never wrote ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );

/** The old day: 100 events rolled up; then 300 late events arrive and the day is dirty. */
async function prepare(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hp-kill-"));
  const f = open(dir);
  f.stores.events.append(events(100, 0));
  await f.rollup.rollupPending("first");
  f.stores.events.append(events(300, 30_000));
  f.rollup.markDirty([DAY]);
  expect(dayState(f)).toEqual({ bulkyRows: 5_000, counted: [100], status: "dirty", integrity: "ok" });
  f.close();
  return dir;
}

describe("rollup killed with SIGKILL", () => {
  it("killed after some kinds' rows were replaced inside the transaction: the old day is intact", async () => {
    const dir = await prepare();
    const marker = path.join(dir, "stalled");
    const child = runChild(dir, marker);
    const exit = exited(child);
    await waitForFile(marker, 20_000);
    child.kill("SIGKILL");
    expect(await exit).toEqual({ code: null, signal: "SIGKILL" });
    // The open transaction had spilled its new rows into the WAL file: they were on disk, uncommitted.
    expect(statSync(path.join(dir, "home-patterns.sqlite-wal")).size).toBeGreaterThan(200_000);
    const f = open(dir);
    expect(dayState(f)).toEqual({ bulkyRows: 5_000, counted: [100], status: "dirty", integrity: "ok" });
    // The day is still pending and rolls up whole afterwards.
    expect((await f.rollup.rollupPending("after crash")).rolledUp.map((d) => d.events)).toEqual([400]);
    expect(dayState(f)).toEqual({ bulkyRows: 20_000, counted: [400], status: "clean", integrity: "ok" });
    f.close();
  });

  it("a rollup that runs to its end leaves the new day", async () => {
    const dir = await prepare();
    const child = runChild(dir, "-");
    let out = "";
    child.stdout!.on("data", (d) => (out += String(d)));
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(out.trim()).toBe('{"events":400}');
    const f = open(dir);
    expect(dayState(f)).toEqual({ bulkyRows: 20_000, counted: [400], status: "clean", integrity: "ok" });
    f.close();
  });
});
