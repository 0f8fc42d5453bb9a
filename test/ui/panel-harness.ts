// Runs the real service (startApp in demo mode) for the panel's end-to-end tests: temp DATA_DIR, port 0, a panel built for the test.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type RunningApp, startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/load-config.js";
import { type Clock, systemClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { StorageReport } from "../../src/storage/storage-report.js";
import type { PatternListResponse } from "../../src/web/routes/patterns-routes.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Builds the panel into a temp folder, so a test never races another reader of ui/dist. */
export function buildPanel(): string {
  const out = mkdtempSync(path.join(os.tmpdir(), "hp-ui-dist-"));
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "build-ui.mjs"), "--out", out], { stdio: "pipe" });
  return out;
}

/** Real time from a chosen instant: the simulated home lives the same days on every run, whatever today is. */
export function clockFrom(startAt: number): Clock {
  const realStart = Date.now();
  return { now: () => startAt + (Date.now() - realStart), setTimeout: systemClock.setTimeout };
}

export interface DemoServiceOptions {
  /** A panel build (buildPanel); removed with the service. */
  uiDir: string;
  seed: number;
  /** Simulated minutes per real minute. */
  speed: number;
  historyDays: number;
  /** Where the simulated home's clock starts (epoch ms); the real clock when absent. */
  startAt?: number;
}

export interface DemoService {
  /** The service's root, ending in "/". */
  url: string;
  app: RunningApp;
  close(): Promise<void>;
}

export async function startDemoService(options: DemoServiceOptions): Promise<DemoService> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-e2e-"));
  const config = loadConfig({ env: { DATA_DIR: dataDir, PORT: "0" }, command: "demo", cwd: dataDir });
  const app = await startApp(config, {
    clock: options.startAt === undefined ? systemClock : clockFrom(options.startAt),
    logger: createMemoryLogger("warn"),
    demo: { seed: options.seed, speed: options.speed, historyDays: options.historyDays },
    uiDir: options.uiDir,
  });
  return {
    url: `${app.url}/`,
    app,
    close: async () => {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(options.uiDir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolves once the start-up catch-up is through: every closed day rolled up and archived, the
 * detectors run over them. The service answers before that (the panel shows its loading states).
 */
export async function analysed(url: string, timeoutMs = 45_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    let storage: StorageReport;
    let patterns: PatternListResponse;
    try {
      storage = (await (await fetch(new URL("api/storage", url))).json()) as StorageReport;
      patterns = (await (await fetch(new URL("api/patterns", url))).json()) as PatternListResponse;
    } catch (err) {
      // While the catch-up holds the event loop for seconds on a loaded machine, the server may
      // close a kept-alive socket just as the next poll reuses it (ECONNRESET): poll again.
      last = `poll failed: ${(err as Error).message}`;
      if (Date.now() > end) throw new Error(`the service did not finish its catch-up in ${timeoutMs} ms (${last})`);
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    const daily = storage.layers.find((l) => l.name.startsWith("L2"));
    const archive = storage.layers.find((l) => l.name.startsWith("archive"));
    const done =
      storage.lastRollup !== null &&
      storage.days.pending.length === 0 &&
      daily?.newestDay != null &&
      archive?.newestDay === daily.newestDay &&
      patterns.total > 0;
    if (done) return;
    last = `pending ${storage.days.pending.length}, L2 newest ${daily?.newestDay}, archive newest ${archive?.newestDay}, patterns ${patterns.total}`;
    if (Date.now() > end) throw new Error(`the service did not finish its catch-up in ${timeoutMs} ms (${last})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
