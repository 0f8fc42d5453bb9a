// The overview's figures as a new user reads them, in Debian's chromium against the real demo
// service: a chance beside a reason quoting another percentage, a figure shown twice, a pattern
// that could not be opened.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoPanel, openDemoPanel } from "./demo-panel.js";
import type { DemoService } from "./panel-harness.js";

let panel: DemoPanel | undefined;
let service: DemoService;
let page: Page;

beforeAll(async () => {
  panel = await openDemoPanel();
  ({ service, page } = panel);
}, 60_000);

afterAll(() => panel?.close());

async function api<T>(path: string): Promise<T> {
  return (await (await fetch(new URL(path, service.url))).json()) as T;
}

describe("the overview's figures", () => {
  it("says what the chance beside each likely next device is, apart from the reason's counts", async () => {
    await page.goto(new URL("#/overview", service.url).toString());
    const chances = page.locator('hp-next-actions [data-next-actions="now"] [data-chance]');
    await expect.poll(() => chances.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    for (const text of await chances.allTextContents()) expect(text).toMatch(/^\d{1,3} % chance next$/);
    expect(await chances.first().getAttribute("title")).toContain("of all devices");
  });

  it("words each reason as counts of what it counts, never as a second percentage beside the chance", async () => {
    await page.goto(new URL("#/overview", service.url).toString());
    const reasons = page.locator("hp-next-actions .reason");
    await expect.poll(() => reasons.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const texts = await reasons.allTextContents();
    for (const text of texts) expect(text).not.toContain("%");
    // This morning's home has just been acted in: at least one reason counts what followed that.
    expect(
      texts.some((t) => / followed \d+ of \d+ times after | came next in the \w+ \d+ of \d+ times when /.test(t)),
    ).toBe(true);
  });

  // A service started minutes ago said "up 0 h 0 min".
  it("says how long the service is up in the units that fit", async () => {
    await page.goto(new URL("#/overview", service.url).toString());
    const about = page.locator('[data-figure="health-status"] + .muted');
    await expect.poll(() => about.count(), { timeout: 15_000 }).toBe(1);
    // The test's service is younger than an hour.
    expect((await about.textContent())?.trim()).toMatch(/^· version \S+ · up (\d{1,2} s|\d{1,2} min)$/);
  });

  it("shows each learned pattern's count once, and links it to the pattern", async () => {
    const list = await api<{ patterns: { id: number; summary: string; support: number; opportunities: number }[] }>(
      "api/patterns",
    );
    await page.goto(new URL("#/overview", service.url).toString());
    const items = page.locator('section[aria-labelledby="learned"] li');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const texts = await items.allTextContents();
    let counted = 0;
    for (const text of texts) {
      const figures = text.match(/\d+ of \d+/g) ?? [];
      expect(new Set(figures).size, text).toBe(figures.length);
      counted += figures.length;
    }
    expect(counted).toBeGreaterThan(0);

    const link = items.first().locator("a[data-pattern-link]");
    const id = Number(await link.getAttribute("data-pattern-link"));
    expect(list.patterns.map((p) => p.id)).toContain(id);
    await link.click();
    await expect
      .poll(() => page.locator(`hp-pattern-list [data-pattern-id="${id}"]`).count(), { timeout: 15_000 })
      .toBe(1);
    expect(page.url()).toContain(`#/patterns?id=${id}`);
    expect(await page.locator("hp-pattern-list li.pattern").count()).toBe(1);
  });
});
