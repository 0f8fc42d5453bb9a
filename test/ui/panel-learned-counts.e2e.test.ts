// The overview's "Learned this week" as a new user reads it, in Debian's chromium against the real
// demo service: a habit told by kind of day ("on weekdays (11 of 11) and … at weekends (4 of 4)")
// carries its count in its summary, so no bare total ("15 of 15") may stand under it.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoPanel, NEW_USER_HOME, openDemoPanel } from "./demo-panel.js";
import type { DemoService } from "./panel-harness.js";

/** Two weeks of history: enough weekdays and weekends for the weekday/weekend detector to speak. */
const TWO_WEEK_HOME = { ...NEW_USER_HOME, seed: 1, historyDays: 14 };

interface ListedPattern {
  id: number;
  summary: string;
  support: number;
  opportunities: number;
}

let panel: DemoPanel | undefined;
let service: DemoService;
let page: Page;

beforeAll(async () => {
  panel = await openDemoPanel(TWO_WEEK_HOME);
  ({ service, page } = panel);
}, 90_000);

afterAll(() => panel?.close());

async function patterns(): Promise<ListedPattern[]> {
  return ((await (await fetch(new URL("api/patterns", service.url))).json()) as { patterns: ListedPattern[] }).patterns;
}

const COUNT = /\d+ of \d+/g;
const HAS_COUNT = /\d+ of \d+/;

describe("the overview's learned patterns", () => {
  it("states each count once: in the summary, or labelled beside a summary that has none", async () => {
    // A habit whose summary counts by kind of day, never its total; the ones listed before it are
    // dismissed (as a user would) so that it is among the five the overview shows.
    let list = await patterns();
    const split = list.findIndex(
      (p) => HAS_COUNT.test(p.summary) && !p.summary.includes(`${p.support} of ${p.opportunities}`),
    );
    expect(split, list.map((p) => p.summary).join("\n")).toBeGreaterThanOrEqual(0);
    const splitId = list[split].id;
    for (const p of list.slice(0, Math.max(0, split - 4))) {
      const res = await fetch(new URL(`api/patterns/${p.id}/dismiss`, service.url), { method: "POST" });
      expect(res.status).toBe(200);
    }
    list = await patterns();
    const byId = new Map(list.map((p) => [p.id, p]));

    await page.goto(new URL("#/overview", service.url).toString());
    const items = page.locator('section[aria-labelledby="learned"] li');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(5);
    const shown: number[] = [];
    for (const item of await items.all()) {
      const link = item.locator("a[data-pattern-link]");
      const id = Number(await link.getAttribute("data-pattern-link"));
      shown.push(id);
      const summary = (await link.textContent()) ?? "";
      const meta = (await item.locator(".pattern-meta").textContent()) ?? "";
      const p = byId.get(id);
      if (HAS_COUNT.test(summary)) expect(meta.match(COUNT), summary).toBe(null);
      else expect(meta, summary).toContain(`seen ${p?.support} of ${p?.opportunities}`);
    }
    expect(shown).toContain(splitId);
  });
});
