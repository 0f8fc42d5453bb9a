// The CLI's output reaches a pipe whole: a large `export` read by another program is not cut off
// when the command ends, and a reader that leaves early stops the command quietly.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MAIN } from "../support/service-process.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "hp-pipe-"));
const env = { ...process.env, DATA_DIR: path.join(dir, "data"), TZ: "UTC" };
const EVENTS = 6_000;

function stateChanged(i: number): string {
  const t = new Date(Date.UTC(2026, 10, 20) + i * 20_000).toISOString();
  const state = (on: boolean) => ({
    entity_id: "light.kitchen",
    state: on ? "on" : "off",
    attributes: {},
    last_changed: t,
  });
  return JSON.stringify({
    event_type: "state_changed",
    time_fired: t,
    data: { entity_id: "light.kitchen", old_state: state(i % 2 === 0), new_state: state(i % 2 === 1) },
  });
}

function runPiped(args: string[], stopAfterFirstChunk = false) {
  return new Promise<{ code: number | null; bytes: Buffer; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      chunks.push(c);
      if (stopAfterFirstChunk) child.stdout.destroy();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("close", (code) => resolve({ code, bytes: Buffer.concat(chunks), stderr }));
  });
}

beforeAll(() => {
  const file = path.join(dir, "history.jsonl");
  writeFileSync(file, `${Array.from({ length: EVENTS }, (_, i) => stateChanged(i)).join("\n")}\n`);
  const imported = spawnSync(process.execPath, [MAIN, "import", file], { env, encoding: "utf8" });
  expect(imported.status, imported.stderr).toBe(0);
}, 60_000);

describe("CLI output into a pipe", () => {
  it("delivers a whole export of more than a pipe's buffer", async () => {
    const out = path.join(dir, "export.json");
    const toFile = spawnSync(process.execPath, [MAIN, "export", "--entity", "light.kitchen", "--out", out], { env });
    expect(toFile.status).toBe(0);
    const expected = readFileSync(out);
    expect(expected.length).toBeGreaterThan(1_000_000);

    const piped = await runPiped(["export", "--entity", "light.kitchen"]);
    expect(piped.code).toBe(0);
    expect(piped.bytes.length).toBe(expected.length);
    const withoutTime = (text: string) => ({ ...JSON.parse(text), exportedAt: undefined });
    expect(withoutTime(piped.bytes.toString())).toEqual(withoutTime(expected.toString()));
  }, 60_000);

  it("stops quietly when the reader closes the pipe early", async () => {
    const piped = await runPiped(["export", "--entity", "light.kitchen"], true);
    expect(piped.code).toBe(141);
    expect(piped.stderr).not.toContain("EPIPE");
  }, 60_000);
});
