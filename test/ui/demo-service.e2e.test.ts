// The real service as `npm start` runs it (startApp in demo mode on the simulated home), seen through the panel.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../src/app.js";
import { systemClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { loadConfig } from "../../src/config/load-config.js";
import { launchChromium } from "../support/browser.js";
import { startIngressProxy, type IngressProxy } from "./ingress-proxy.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ARTIFACTS = path.join(ROOT, "test-artifacts");

let app: RunningApp;
let proxy: IngressProxy;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // startApp serves ui/dist: `npm test` builds it first; a bare vitest run builds it here once.
  if (!existsSync(path.join(ROOT, "ui", "dist", "index.html"))) {
    execFileSync(process.execPath, [path.join(ROOT, "scripts", "build-ui.mjs")], { stdio: "pipe" });
  }
  dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-demo-e2e-"));
  const config = loadConfig({ env: { DATA_DIR: dataDir, PORT: "0" }, command: "demo", cwd: dataDir });
  app = await startApp(config, { clock: systemClock, logger: createMemoryLogger("warn"), demo: { seed: 11, speed: 60, historyDays: 2 } });
  proxy = await startIngressProxy(`${app.url}/`);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the demo service in the panel", () => {
  for (const mode of ["standalone", "ingress"] as const) {
    it(`shows events flowing in the overview (${mode})`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
      const requested: string[] = [];
      page.on("request", (r) => requested.push(r.url()));
      const base = mode === "standalone" ? `${app.url}/` : proxy.url;
      await page.goto(base);
      await expect.poll(() => page.locator(".live").getAttribute("data-state")).toBe("open");
      // The simulated home plays a minute a second: the live counter moves without a reload.
      await expect.poll(async () => Number(await page.locator('[data-figure="events-minute"]').textContent()), { timeout: 15_000 }).toBeGreaterThan(0);
      const figure = async () => Number((await page.locator('[data-figure="events-total"]').textContent())?.replace(/,/g, ""));
      const first = await figure();
      expect(first).toBeGreaterThan(0);
      await expect.poll(figure, { timeout: 15_000 }).toBeGreaterThan(first);
      const health = (await (await fetch(`${app.url}/api/health`)).json()) as { sources: { name: string; state: string }[] };
      expect(health.sources.map((s) => s.state)).toContain("connected");
      await page.screenshot({ path: path.join(ARTIFACTS, `demo-${mode}-overview.png`), fullPage: true });
      expect(requested.filter((u) => !u.startsWith(base))).toEqual([]);
      await page.close();
    });
  }
});
