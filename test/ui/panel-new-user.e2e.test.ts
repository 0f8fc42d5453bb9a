// What a new user trips over in the panel, in Debian's chromium against the real demo service: a
// result that belongs to an earlier query, a heatmap without a legend, mixed 12 and 24 h times.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoPanel, openDemoPanel } from "./demo-panel.js";
import type { DemoService } from "./panel-harness.js";

let panel: DemoPanel | undefined;
let service: DemoService;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  panel = await openDemoPanel();
  ({ service, browser, page } = panel);
}, 60_000);

afterAll(() => panel?.close());

async function open(hash: string): Promise<void> {
  await page.goto(new URL(hash, service.url).toString());
}

describe("the panel for a new user", () => {
  it("never shows a result under a query it does not belong to", async () => {
    await open("#/analytics");
    await page.locator("textarea").fill("SELECT 1 AS first_query");
    await page.getByRole("button", { name: "Run query" }).click();
    await expect
      .poll(() => page.locator("hp-analytics-result th").allTextContents(), { timeout: 15_000 })
      .toEqual(["first_query"]);

    await page.locator("textarea").fill("SELECT 2 AS second_query");
    await expect
      .poll(() => page.locator('[data-state="stale"]').textContent(), { timeout: 5_000 })
      .toContain("the query has changed since");

    await page.locator("textarea").fill("SELECT * FROM no_such_table");
    await page.locator("textarea").press("Control+Enter");
    await expect
      .poll(() => page.locator('hp-analytics-result [data-state="error"]').textContent(), { timeout: 15_000 })
      .toContain("no_such_table");
    expect(await page.locator("hp-analytics-result th").count()).toBe(0);
    expect(await page.locator('[data-state="stale"]').count()).toBe(0);

    // A refused query is not a page that "could not load".
    await page.locator("textarea").fill("DROP TABLE x");
    await page.locator("textarea").press("Control+Enter");
    await expect
      .poll(() => page.locator('hp-analytics-result [data-state="error"]').textContent(), { timeout: 15_000 })
      .toMatch(/read-only\s*$/);
    expect((await page.locator('hp-analytics-result [data-state="error"]').textContent())?.trim()).toBe(
      "The query did not run: only SELECT queries are allowed: the analytics database is read-only",
    );
  });

  it("gives each room's heatmap a legend of its scale, and counts one event as one event", async () => {
    const activity = (await (await fetch(new URL("api/areas/activity", service.url))).json()) as {
      areas: { areaId: string; hourOfWeek: number[] }[];
    };
    const first = activity.areas[0];
    const busiest = Math.max(...first.hourOfWeek);
    await open("#/rooms");
    const legend = page.locator("hp-heatmap").first().locator("g.legend");
    await expect
      .poll(() => legend.getAttribute("data-legend"), { timeout: 15_000 })
      .toBe(`0 to ${busiest.toLocaleString("en-US")} events (busiest hour)`);
    const titles = await page.locator("hp-heatmap rect title").allTextContents();
    expect(titles.filter((t) => / — 1 events$/.test(t))).toEqual([]);
    const ones = activity.areas.flatMap((a) => a.hourOfWeek).filter((v) => v === 1).length;
    expect(titles.filter((t) => / — 1 event$/.test(t)).length).toBe(ones);
  });

  it("writes every time in 24 hours, like the summaries beside them, in an en-US browser", async () => {
    let times = 0;
    for (const view of ["#/overview", "#/anomalies", "#/storage", "#/patterns"]) {
      await open(view);
      await expect.poll(() => page.locator('[data-state="loading"]').count(), { timeout: 15_000 }).toBe(0);
      const text = await page.locator("hp-panel").evaluate((el) => {
        const walk = (n: Node): string =>
          [...Array.from((n as Element).shadowRoot?.childNodes ?? []), ...Array.from(n.childNodes)]
            .map((c) => (c.nodeType === Node.TEXT_NODE ? (c.textContent ?? "") : walk(c)))
            .join(" ");
        return walk(el);
      });
      times += text.match(/\d\d:\d\d/g)?.length ?? 0;
      expect(text.match(/\d\d:\d\d\s?(AM|PM)/g), view).toBe(null);
    }
    expect(times).toBeGreaterThan(0);
  });

  it("offers no Create in Home Assistant button in the demo, which has no Home Assistant", async () => {
    const list = (await (await fetch(new URL("api/patterns", service.url))).json()) as {
      patterns: { id: number; type: string }[];
    };
    const timed = list.patterns.find((p) => p.type === "time_based")!;
    await open("#/patterns");
    const item = page.locator(`[data-pattern-id="${timed.id}"]`);
    await item.getByRole("button", { name: "Suggest automation" }).click({ timeout: 15_000 });
    await expect
      .poll(() => item.locator('[data-suggestion="copy-only"]').textContent(), { timeout: 10_000 })
      .toContain("copy this YAML into Home Assistant's automation editor");
    expect(await item.getByRole("button", { name: "Create in Home Assistant…" }).count()).toBe(0);
  });

  it("says so when no device keeps dropping out, rather than showing nothing", async () => {
    const health = (await (await fetch(new URL("api/device-health", service.url))).json()) as { devices: unknown[] };
    expect(health.devices).toEqual([]);
    await open("#/anomalies");
    await expect
      .poll(() => page.locator('hp-device-health [data-state="empty"]').textContent(), { timeout: 10_000 })
      .toBe("No device keeps dropping out: none went unavailable again and again on the days collected so far.");
  });

  it("copies a suggestion's YAML with one button, also where the page has no clipboard API", async () => {
    const list = (await (await fetch(new URL("api/patterns", service.url))).json()) as {
      patterns: { id: number; type: string }[];
    };
    const timed = list.patterns.find((p) => p.type === "time_based")!;
    const suggestion = (await (await fetch(new URL(`api/suggestions/${timed.id}`, service.url))).json()) as {
      yaml: string;
    };
    const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
    const secure = await context.newPage();
    // The second page is as the panel is over plain http (no secure context, no navigator.clipboard).
    const plainHttp = await context.newPage();
    await plainHttp.addInitScript(() => Object.defineProperty(window, "isSecureContext", { value: false }));
    try {
      for (const tab of [secure, plainHttp]) {
        await tab.goto(new URL("#/patterns", service.url).toString());
        await secure.evaluate(() => navigator.clipboard.writeText("something else"));
        const item = tab.locator(`[data-pattern-id="${timed.id}"]`);
        await item.getByRole("button", { name: "Suggest automation" }).click({ timeout: 15_000 });
        await item.getByRole("button", { name: "Copy YAML" }).click({ timeout: 10_000 });
        await expect.poll(() => item.locator("hp-copy-button [role=status]").textContent()).toBe("Copied.");
        expect(await secure.evaluate(() => navigator.clipboard.readText())).toBe(suggestion.yaml);
      }
    } finally {
      await context.close();
    }
  });

  it("keeps the anomaly filters apart from the Device health card above them", async () => {
    await open("#/anomalies");
    const card = page.locator("hp-device-health .card");
    const filters = page.getByRole("search", { name: "Filter anomalies" });
    await card.waitFor({ timeout: 10_000 });
    const cardBottom = await card.evaluate((el) => el.getBoundingClientRect().bottom);
    const filtersTop = await filters.evaluate((el) => el.getBoundingClientRect().top);
    expect(filtersTop - cardBottom).toBeGreaterThanOrEqual(12);
  });

  it("searches entities as the user types, and fits their last state on a phone", async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
    try {
      await phone.goto(new URL("#/entity", service.url).toString());
      const search = phone.getByLabel("Search");
      await search.click({ timeout: 15_000 });
      // No Enter: the list narrows with each key, and a space typed stays typed.
      await search.pressSequentially("living room");
      await expect.poll(() => phone.url()).toContain("q=living+room");
      expect(await search.inputValue()).toBe("living room");
      const rows = phone.locator("hp-entity-picker tbody tr");
      await expect.poll(() => rows.count()).toBeGreaterThan(0);
      for (const text of await rows.allTextContents()) expect(text.toLowerCase()).toContain("living room");
      const lastState = phone.getByRole("columnheader", { name: "Last state" });
      const right = await lastState.evaluate((el) => el.getBoundingClientRect().right);
      expect(right).toBeLessThanOrEqual(375);
    } finally {
      await phone.close();
    }
  });

  it("counts lights switched on by the home's hour, as the rest of the panel tells times", async () => {
    const hourIn = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "numeric", hourCycle: "h23" });
    /** The same count, from the archive's UTC times turned into Berlin hours here. */
    const expected = async () => {
      const res = await fetch(new URL("api/analytics", service.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sql: "SELECT epoch_ms(time) FROM events WHERE domain = 'light' AND state = 'on'" }),
      });
      const body = (await res.json()) as { rows: [number][]; truncated: boolean };
      expect(body.truncated).toBe(false);
      const perHour = new Map<number, number>();
      for (const [ms] of body.rows) {
        const h = Number(hourIn.format(ms));
        perHour.set(h, (perHour.get(h) ?? 0) + 1);
      }
      return [...perHour].sort((a, b) => a[0] - b[0]);
    };
    await open("#/analytics");
    await page.getByRole("button", { name: "Lights switched on, by hour (home time)" }).click();
    // The home keeps living: run the query again until a run and the count beside it agree.
    await expect
      .poll(
        async () => {
          await page.getByRole("button", { name: "Run query" }).click();
          // A run on a busy machine may take seconds: wait for it, since a click before it ends starts it over.
          await expect
            .poll(() => page.locator('hp-analytics-result [aria-busy="true"]').count(), { timeout: 20_000 })
            .toBe(0);
          const shown = await page
            .locator("hp-analytics-result tbody tr")
            .evaluateAll((rows) =>
              rows.map((r) =>
                Array.from(r.querySelectorAll("td")).map((td) => Number(td.textContent!.replace(/,/g, ""))),
              ),
            );
          return JSON.stringify(shown) === JSON.stringify(await expected());
        },
        { timeout: 75_000 },
      )
      .toBe(true);
    // Each run forks a query process that loads DuckDB: seconds apiece on two loaded cores.
  }, 90_000);

  it("shows no list under filters it does not belong to when their query fails", async () => {
    await open("#/patterns");
    await expect.poll(() => page.locator("[data-pattern-id]").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // A link with a filter value the service refuses (an old bookmark, a typo).
    await open("#/patterns?type=no_such_type");
    await expect
      .poll(() => page.locator('hp-pattern-list [data-state="error"]').textContent(), { timeout: 10_000 })
      .toContain('got "no_such_type"');
    expect(await page.locator("[data-pattern-id]").count()).toBe(0);
    expect(await page.locator('[data-figure="patterns-count"]').count()).toBe(0);
  });

  it("fits every view on the narrowest phones (320 px) without a sideways scroll", async () => {
    const phone = await browser.newPage({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
    try {
      for (const view of ["overview", "patterns", "entity", "rooms", "anomalies", "storage", "analytics"]) {
        await phone.goto(new URL(`#/${view}`, service.url).toString());
        await phone.locator("hp-panel nav").waitFor();
        await expect.poll(() => phone.locator('[data-state="loading"]').count(), { timeout: 15_000 }).toBe(0);
        expect(await phone.evaluate(() => document.documentElement.scrollWidth), view).toBeLessThanOrEqual(320);
      }
    } finally {
      await phone.close();
    }
  });

  it("finds an entity's patterns by the name the panel shows for it, typed in any case", async () => {
    const list = (await (await fetch(new URL("api/patterns?entity=light.bedroom", service.url))).json()) as {
      total: number;
    };
    expect(list.total).toBeGreaterThan(0);
    await open("#/patterns");
    const entity = page.getByPlaceholder("any entity");
    await entity.fill("bedroom Light");
    await entity.press("Enter");
    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain("entity=light.bedroom");
    await expect
      .poll(() => page.locator("hp-pattern-list [data-pattern-id]").count(), { timeout: 15_000 })
      .toBe(list.total);
  });

  it("says when the Entity filter names no entity, rather than that no pattern matches", async () => {
    await open("#/patterns?entity=Bedroom%20lamp");
    await expect
      .poll(() => page.locator('hp-pattern-list [data-state="empty"]').textContent(), { timeout: 15_000 })
      .toBe("No entity is called “Bedroom lamp”: pick one from the Entity field's list, by name or id.");
    await open("#/patterns?entity=light.bedroom&type=seasonal");
    await expect
      .poll(() => page.locator('hp-pattern-list [data-state="empty"]').textContent(), { timeout: 15_000 })
      .toBe("No pattern matches these filters.");
  });

  it("says how many of a busy entity's changes the band and the list each show", async () => {
    await open("#/entity?id=sensor.fridge_power");
    const rows = page.locator("hp-entity-content .changes tbody tr");
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await rows.count()).toBe(50);
    expect(await page.locator('hp-entity-content [data-note="timeline-cut"]').textContent({ timeout: 15_000 })).toBe(
      "More changes happened in the last 24 h than are shown: the band holds the newest 500, the list below the newest 50.",
    );
  });

  it("links each of an entity's patterns to that pattern", async () => {
    const list = (await (await fetch(new URL("api/patterns?entity=light.bedroom", service.url))).json()) as {
      patterns: { id: number; summary: string }[];
    };
    expect(list.patterns.length).toBeGreaterThan(0);
    await open("#/entity?id=light.bedroom");
    const links = page.locator('section[aria-labelledby="ent-patterns"] a[data-pattern-link]');
    await expect.poll(() => links.count(), { timeout: 15_000 }).toBe(list.patterns.length);
    const id = list.patterns[0].id;
    await page.locator(`section[aria-labelledby="ent-patterns"] a[data-pattern-link="${id}"]`).click();
    await expect
      .poll(() => page.locator(`hp-pattern-list [data-pattern-id="${id}"]`).count(), { timeout: 15_000 })
      .toBe(1);
    expect(page.url()).toContain(`#/patterns?id=${id}`);
  });

  it("says why an entity has no on-periods in words that fit the entity", async () => {
    const empty = page.locator('section[aria-labelledby="dur"] [data-state="empty"]');
    await open("#/entity?id=sensor.fridge_power");
    await expect
      .poll(() => empty.textContent(), { timeout: 15_000 })
      .toBe("Fridge power reports numbers, not on and off, so it has no on-periods.");
    await open("#/entity?id=switch.space_heater");
    await expect
      .poll(() => empty.textContent(), { timeout: 15_000 })
      .toBe("No on-period has ended on the days collected so far.");
    // A person's time "on" is time at home, as the card says.
    await open("#/entity?id=person.alex");
    await expect.poll(() => page.locator("h2#dur").textContent(), { timeout: 15_000 }).toBe("How long they stay home");
    await expect
      .poll(() => page.locator('section[aria-labelledby="dur"] h3').textContent(), { timeout: 15_000 })
      .toBe("Stays at home by length");
  });

  it("words how far a pattern beats chance in plain words, in its summary and beside it", async () => {
    await open("#/patterns");
    const lifts = page.locator("hp-pattern-list [data-lift]");
    await expect.poll(() => lifts.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    for (const text of await lifts.allTextContents()) expect(text).toMatch(/^\d+\.\d× as often as by chance$/);
    const summaries = await page.locator("hp-pattern-list .summary").allTextContents();
    expect(summaries.filter((s) => /\d× chance/.test(s))).toEqual([]);
    expect(summaries.filter((s) => /\d× as often as by chance/.test(s)).length).toBeGreaterThan(0);
  });

  it("says once that it holds nothing about an entity, rather than each chart's error", async () => {
    await open("#/entity?id=light.never_seen");
    await expect
      .poll(() => page.locator('[data-state="nothing-stored"]').textContent(), { timeout: 15_000 })
      .toContain("Home Patterns stores nothing about light.never_seen");
    expect(await page.locator('[data-state="error"]').count()).toBe(0);
    // Redis, InfluxDB or Neo4j may still hold something of it.
    expect(await page.getByRole("button", { name: "Forget this entity…" }).count()).toBe(1);
  });

  // Each chart of such a page used to ask for it and get a 404, which the browser logs as an error.
  it("asks nothing about an entity it does not know: no 404 or 400, no console error", async () => {
    const fresh = await (await browser.newContext({ locale: "en-US", timezoneId: "Europe/Berlin" })).newPage();
    const failed: string[] = [];
    const aboutIt: string[] = [];
    const consoleErrors: string[] = [];
    let entityLists = 0;
    fresh.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    fresh.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname.includes("/api/entities/") || url.searchParams.has("entity")) aboutIt.push(url.pathname);
    });
    fresh.on("response", (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      if (new URL(r.url()).pathname.endsWith("/api/entities")) entityLists += 1;
    });
    try {
      // Opened straight on the page, then reached from another entity's page in the panel.
      for (const id of ["light.never_reported", "switch.never_reported"]) {
        await (id.startsWith("light")
          ? fresh.goto(new URL(`#/entity?id=${id}`, service.url).toString())
          : fresh.evaluate((hash) => {
              window.location.hash = hash;
            }, `#/entity?id=${id}`));
        await expect
          .poll(() => fresh.locator('[data-state="nothing-stored"]').textContent(), { timeout: 15_000 })
          .toContain(`Home Patterns stores nothing about ${id}`);
      }
      // Asked for the opened page and again for the one navigated to (it may be new since); the
      // demo's live events refresh the list every 10 s too, so a slow machine sees more asks.
      await expect.poll(() => entityLists, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
      expect(aboutIt).toEqual([]);
      expect(failed).toEqual([]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await fresh.context().close();
    }
  });

  // Last: it removes an entity from the service the tests above share.
  it("drops a forgotten entity's charts instead of showing them under errors", async () => {
    const entities = (await (await fetch(new URL("api/entities", service.url))).json()) as { entityId: string }[];
    const id = entities.find((e) => e.entityId.startsWith("switch."))!.entityId;
    await open(`#/entity?id=${id}`);
    await page.locator("hp-heatmap").waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "Forget this entity…" }).click();
    await page.getByLabel("Entity id to confirm").fill(id);
    await page.getByRole("button", { name: "Forget", exact: true }).click();
    await expect
      .poll(() => page.locator('[data-state="nothing-stored"]').textContent(), { timeout: 15_000 })
      .toContain("Forgotten:");
    // The heatmap would come back, under "unknown entity", if the page asked for it again.
    await page.waitForTimeout(1500);
    expect(await page.locator('[data-state="error"]').count()).toBe(0);
    expect(await page.locator("hp-heatmap").count()).toBe(0);
  });
});
