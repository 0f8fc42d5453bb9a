// The demo home the new-user panel tests read, served by the real service and opened in Debian's chromium.
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/browser.js";
import { analysed, buildPanel, type DemoService, startDemoService } from "./panel-harness.js";

/** Seeded, a week of history, a June morning: the home those tests' expectations were read from. */
export const NEW_USER_HOME = { seed: 48, speed: 5, historyDays: 7, startAt: Date.parse("2026-06-17T05:00:00Z") };

export interface DemoPanel {
  service: DemoService;
  browser: Browser;
  /** One page of an en-US browser in Berlin: 12-hour times would show if the panel left them to the locale. */
  page: Page;
  close(): Promise<void>;
}

/** Resolves once the service's start-up catch-up is through, with the browser and its page open. */
export async function openDemoPanel(home = NEW_USER_HOME): Promise<DemoPanel> {
  const uiDir = buildPanel();
  const [service, browser] = await Promise.allSettled([startDemoService({ uiDir, ...home }), launchChromium()]);
  const close = async () => {
    if (browser.status === "fulfilled") await browser.value.close();
    if (service.status === "fulfilled") await service.value.close();
  };
  try {
    if (service.status === "rejected") throw service.reason;
    if (browser.status === "rejected") throw browser.reason;
    await analysed(service.value.url);
    const context = await browser.value.newContext({ locale: "en-US", timezoneId: "Europe/Berlin" });
    return { service: service.value, browser: browser.value, page: await context.newPage(), close };
  } catch (err) {
    await close();
    throw err;
  }
}
