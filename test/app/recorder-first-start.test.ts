// import_recorder_at_first_start: the service reads the recorder database once, in the background, and not again at the next start.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/load-config.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { HealthResponse, StatsResponse } from "../../src/web/api-types.js";
import { recorderFixtureClock } from "../support/recorder-fixture-clock.js";

const FIXTURE = path.join(import.meta.dirname, "../fixtures/ha-recorder/home-assistant_v2.db");
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function run(dataDir: string, optionsFile: string) {
  const config = loadConfig({
    env: { DATA_DIR: dataDir, PORT: "0", OPTIONS_FILE: optionsFile },
    command: "demo",
    cwd: dataDir,
  });
  return startApp(config, {
    clock: recorderFixtureClock,
    logger: createMemoryLogger("warn"),
    demo: { seed: 2, speed: 1, historyDays: 0 },
    recorderDb: FIXTURE,
  });
}

describe("import_recorder_at_first_start", () => {
  it("stores the recorder's history once, and reports the import as a finished source", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-first-start-"));
    dirs.push(dataDir);
    const optionsFile = path.join(dataDir, "options.json");
    writeFileSync(optionsFile, JSON.stringify({ import_recorder_at_first_start: true }));
    const recorded = async (url: string) =>
      ((await (await fetch(`${url}/api/stats`)).json()) as StatsResponse).bySource["import:ha-recorder"] ?? 0;

    const first = await run(dataDir, optionsFile);
    await vi.waitFor(async () => expect(await recorded(first.url)).toBe(716), { timeout: 20_000 });
    const health = (await (await fetch(`${first.url}/api/health`)).json()) as HealthResponse;
    expect(health.sources.find((s) => s.name === "import:ha-recorder")?.state).toBe("finished");
    expect(health.sources.find((s) => s.name === "import:ha-recorder")?.detail).toMatch(
      /^recorder database: 819 of 819 records \(100%\), 718 events, 0 malformed$/,
    );
    await first.stop();

    const second = await run(dataDir, optionsFile);
    const again = (await (await fetch(`${second.url}/api/health`)).json()) as HealthResponse;
    expect(again.sources.find((s) => s.name === "import:ha-recorder")?.detail).toBe("imported at an earlier start");
    expect(await recorded(second.url)).toBe(716);
    await second.stop();
  }, 60_000);
});
