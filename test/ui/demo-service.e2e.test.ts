// The demo as `npm start` runs it (the simulated home at 60×, on today's date), seen through the panel.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser.js";
import { type IngressProxy, startIngressProxy } from "./ingress-proxy.js";
import { buildPanel, type DemoService, startDemoService } from "./panel-harness.js";

const ARTIFACTS = path.resolve(import.meta.dirname, "../../test-artifacts");

let service: DemoService;
let proxy: IngressProxy;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  service = await startDemoService({ uiDir: buildPanel(), seed: 11, speed: 60, historyDays: 2 });
  proxy = await startIngressProxy(service.url);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await service?.close();
});

describe("the demo service in the panel", () => {
  for (const mode of ["standalone", "ingress"] as const) {
    it(`shows events flowing in the overview (${mode})`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
      const requested: string[] = [];
      page.on("request", (r) => requested.push(r.url()));
      const base = mode === "standalone" ? service.url : proxy.url;
      await page.goto(base);
      await expect.poll(() => page.locator(".live").getAttribute("data-state")).toBe("open");
      // The simulated home plays a minute a second: the live counter moves without a reload.
      await expect
        .poll(async () => Number(await page.locator('[data-figure="events-minute"]').textContent()), {
          timeout: 15_000,
        })
        .toBeGreaterThan(0);
      // Counted by the browser's clock: a real minute, which is an hour of the home's at 60×.
      expect(await page.locator('[data-figure="events-minute"] + .label').textContent()).toBe(
        "in the last real minute (live): 1 h of the demo home's time",
      );
      const figure = async () =>
        Number((await page.locator('[data-figure="events-total"]').textContent())?.replace(/,/g, ""));
      const first = await figure();
      expect(first).toBeGreaterThan(0);
      await expect.poll(figure, { timeout: 15_000 }).toBeGreaterThan(first);
      const health = (await (await fetch(new URL("api/health", service.url))).json()) as {
        sources: { name: string; state: string }[];
      };
      expect(health.sources.map((s) => s.state)).toContain("connected");
      await page.screenshot({ path: path.join(ARTIFACTS, `demo-${mode}-overview.png`), fullPage: true });
      expect(requested.filter((u) => !u.startsWith(base))).toEqual([]);
      await page.close();
    });
  }
});
