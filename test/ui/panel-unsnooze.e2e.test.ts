// A snooze clicked by mistake is undone in the panel, right after the click or later where the
// snoozed pattern is listed, in Debian's chromium against the real demo service.
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

type Pattern = { id: number; status: string };

async function pattern(id: number): Promise<Pattern> {
  return ((await (await fetch(new URL(`api/patterns/${id}`, service.url))).json()) as { pattern: Pattern }).pattern;
}

async function patterns(): Promise<Pattern[]> {
  return ((await (await fetch(new URL("api/patterns", service.url))).json()) as { patterns: Pattern[] }).patterns;
}

describe("undoing a snooze in the panel", () => {
  it("offers Undo right after Snooze 7 days, which makes the pattern active again", async () => {
    const [first] = await patterns();
    await page.goto(new URL("#/patterns", service.url).toString());
    const item = page.locator(`[data-pattern-id="${first.id}"]`);
    await item.getByRole("button", { name: "Snooze 7 days" }).click({ timeout: 15_000 });
    await expect.poll(async () => (await pattern(first.id)).status, { timeout: 10_000 }).toBe("snoozed");
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(0);

    await page.locator("hp-patterns-view [data-undo]").click({ timeout: 10_000 });
    await expect.poll(async () => (await pattern(first.id)).status, { timeout: 10_000 }).toBe("active");
    await expect.poll(() => item.locator("[data-status]").textContent(), { timeout: 10_000 }).toBe("active");
  });

  it("offers Unsnooze where snoozed patterns are listed", async () => {
    const [first] = await patterns();
    const snoozed = await fetch(new URL(`api/patterns/${first.id}/snooze`, service.url), {
      method: "POST",
      body: JSON.stringify({ days: 3 }),
      headers: { "content-type": "application/json" },
    });
    expect(snoozed.status).toBe(200);
    await page.goto(new URL("#/patterns?status=snoozed", service.url).toString());
    const item = page.locator(`[data-pattern-id="${first.id}"]`);
    const unsnooze = item.getByRole("button", { name: "Unsnooze" });
    await unsnooze.waitFor({ timeout: 15_000 });
    expect(await item.getByRole("button", { name: "Snooze 7 days" }).count()).toBe(0);
    await unsnooze.click();
    await expect.poll(async () => (await pattern(first.id)).status, { timeout: 10_000 }).toBe("active");
  });
});
