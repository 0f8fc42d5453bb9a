// Ctrl-C on a writing command, through the built CLI as a user runs it (`node dist/src/main.js`,
// which starts node again under the service's flags and passes the signal on): the import stops,
// keeps every event it read, says so, gives the data dir back, and the same import run again goes
// on from there. The import reads a named pipe, so the test decides how much it has read when
// Ctrl-C comes (and that it is still running then), rather than hoping a big file takes long enough.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAIN, waitFor, watchChild } from "../support/service-process.js";

const env = (dataDir: string) => ({ PATH: process.env.PATH ?? "", DATA_DIR: dataDir, TZ: "UTC", PORT: "0" });

/** `count` state_changed lines of distinct events, one a minute from 1 November 2026, over 30 lights. */
function eventLines(from: number, count: number): string {
  const lines: string[] = [];
  for (let i = from; i < from + count; i++) {
    const when = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
    const state = i % 2 === 0 ? "on" : "off";
    lines.push(
      JSON.stringify({
        event_type: "state_changed",
        time_fired: when,
        data: {
          entity_id: `light.lamp_${i % 30}`,
          old_state: { state: state === "on" ? "off" : "on" },
          new_state: { state, last_changed: when },
        },
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}

describe("Ctrl-C on a writing command", () => {
  it("stops an import, keeps what it read, releases the data dir, and the import again goes on", async () => {
    expect(existsSync(MAIN), "run `npm run build` first").toBe(true);
    const dir = mkdtempSync(path.join(os.tmpdir(), "hp-ctrl-c-"));
    const dataDir = path.join(dir, "data");
    const pipe = path.join(dir, "events.jsonl");
    expect(spawnSync("mkfifo", [pipe]).status).toBe(0);
    // Opened for reading and writing, which does not wait for the other end (Linux).
    const writer = await open(pipe, "r+");
    const { MALLOC_ARENA_MAX: _, NODE_OPTIONS: __, ...inherited } = process.env;
    const child = spawn(process.execPath, [MAIN, "import", "--format", "jsonl", pipe], {
      env: { ...inherited, ...env(dataDir) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const { output, exited } = watchChild(child);
    let sent = false;
    try {
      // 12,000 events, then the pipe stays open: the import reads them and waits for more.
      await Promise.race([writer.write(eventLines(0, 12_000)), exited]);
      await waitFor(async () => output().includes("importing "), 30_000, "the import's first progress line");
      child.kill("SIGINT");
      sent = true;
      expect(await exited).toBe("SIGINT");
    } finally {
      if (!sent) child.kill("SIGKILL");
      await writer.close();
    }
    const said = output();
    const stoppedAt =
      /import stopped after line (\d+) \(\d+% of the file\) \(Ctrl-C\): what was read before is stored; run the same import again to go on: what is already stored is skipped, nothing is stored twice\./.exec(
        said,
      );
    expect(stoppedAt, said).not.toBeNull();
    const kept = Number(stoppedAt?.[1]);
    expect(kept).toBeGreaterThanOrEqual(10_000);
    expect(said).toContain(`imported ${pipe}: ${kept} lines read: ${kept} events stored, 0 already stored`);
    expect(said).toMatch(/rolling up stopped \(Ctrl-C\): 0 days rolled up, \d+ days marked for rollup/);
    expect(readdirSync(dataDir).filter((n) => n.startsWith("service.pid"))).toEqual([]);

    // The same events and more, from a file this time: those stored before are skipped.
    const file = path.join(dir, "all.jsonl");
    writeFileSync(file, eventLines(0, 15_000));
    const again = spawnSync(process.execPath, [MAIN, "import", "--format", "jsonl", file], {
      env: { ...inherited, ...env(dataDir) },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(
      `imported ${file}: 15000 lines read: ${15_000 - kept} events stored, ${kept} already stored`,
    );
    expect(again.stdout).toMatch(/^\d+ of \d+ days older than the 7-day raw retention: rolled up and archived$/m);
  }, 120_000);
});
