// The panel's layout at the widths a new user opens it at, in Debian's chromium against the real
// demo service: no card alone in a row beside empty space, no list that needs a sideways scroll.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoPanel, openDemoPanel } from "./demo-panel.js";
import type { DemoService } from "./panel-harness.js";

let panel: DemoPanel | undefined;
let service: DemoService;
let browser: Browser;

beforeAll(async () => {
  panel = await openDemoPanel();
  ({ service, browser } = panel);
}, 60_000);

afterAll(() => panel?.close());

interface Box {
  card: string;
  top: number;
  bottom: number;
}

/** The overview's cards (all but the full-width ingest card) that share no row with another card. */
async function cardsAloneInTheirRow(width: number): Promise<string[]> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  try {
    await page.goto(new URL("#/overview", service.url).toString());
    await expect
      .poll(() => page.locator("hp-next-actions [data-chance]").count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    const boxes: Box[] = await page.locator("hp-overview-content section.card").evaluateAll((cards) =>
      cards.map((c) => {
        const r = c.getBoundingClientRect();
        return { card: c.getAttribute("aria-labelledby") ?? "", top: r.top, bottom: r.bottom };
      }),
    );
    const narrow = boxes.filter((b) => b.card !== "ingest");
    expect(narrow.map((b) => b.card)).toEqual(["learned", "next-actions", "open-anomalies", "budget"]);
    return narrow
      .filter((b) => !narrow.some((o) => o !== b && o.top < b.bottom && b.top < o.bottom))
      .map((b) => b.card);
  } finally {
    await page.close();
  }
}

describe("the panel's layout", () => {
  it("puts no overview card alone in a row on a laptop (1280 px) or a tablet (800 px)", async () => {
    expect(await cardsAloneInTheirRow(1280)).toEqual([]);
    expect(await cardsAloneInTheirRow(800)).toEqual([]);
  });

  it("shows each entity's stored changes on a phone (375 px) with no sideways scroll", async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
    try {
      await phone.goto(new URL("#/entity", service.url).toString());
      const rows = phone.locator("hp-entity-picker tbody tr");
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(0);
      const list = phone.locator("hp-entity-picker .scroll-x");
      const { scrollWidth, clientWidth } = await list.evaluate((el) => ({
        scrollWidth: el.scrollWidth,
        clientWidth: el.clientWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      // Every row's count of changes is on the screen, in words.
      const counts = await rows.evaluateAll((trs) =>
        trs.map((tr) => {
          const shown = Array.from(tr.querySelectorAll<HTMLElement>("td *, td")).find(
            (el) => el.getBoundingClientRect().width > 0 && /^\d[\d,]* changes?$/.test(el.textContent?.trim() ?? ""),
          );
          return shown ? Math.round(shown.getBoundingClientRect().right) : null;
        }),
      );
      for (const right of counts) {
        expect(right).not.toBeNull();
        expect(right).toBeLessThanOrEqual(375);
      }
    } finally {
      await phone.close();
    }
  });
});
