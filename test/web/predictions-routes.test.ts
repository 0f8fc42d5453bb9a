import { afterAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/core/local-time.js";
import { nextActionDaily } from "../../src/layers/kinds/next-action-daily.js";
import { StoredWindowReader } from "../../src/layers/stored-window-reader.js";
import { NextActionService } from "../../src/predict/next-action-service.js";
import { RecentActions } from "../../src/predict/recent-actions.js";
import { createWebApp } from "../../src/web/create-app.js";
import { predictionsRoutes } from "../../src/web/routes/predictions-routes.js";
import { at } from "../layers/kinds/day-input.js";
import { layerFixture } from "../layers/layer-fixture.js";

// Ten mornings: the hall light at 07:00 by hand, the kitchen light a minute later from the app,
// and at 07:30 an automation switches the kitchen light off.
const FIRST = "2026-03-02";
const f = layerFixture({ now: Date.UTC(2026, 2, 12, 6, 2), kinds: [nextActionDaily], periodKinds: [] });
afterAll(() => f.close());
for (let i = 0; i < 10; i++) {
  const day = addDays(FIRST, i);
  f.stores.events.append([
    at(f.time, day, "07:00", "light.hall", "on", { previous: "off" }),
    at(f.time, day, "07:01", "light.kitchen", "on", { previous: "off", user: "u-sam" }),
    at(f.time, day, "07:30", "light.kitchen", "off", { previous: "on", parent: "c-auto" }),
  ]);
}
await f.rollup.rollupPending("test");
const recent = new RecentActions();
const service = new NextActionService({
  reader: new StoredWindowReader(f.aggregates),
  time: f.time,
  clock: f.clock,
  recent,
  nameOf: (e) => ({ "light.hall": "Hall light", "light.kitchen": "Kitchen light" })[e] ?? e,
});
const app = createWebApp({ routes: [predictionsRoutes({ service })], uiDir: "/nonexistent", logger: f.logger });

describe("GET /api/predictions", () => {
  it("right after the hall light this morning, names the kitchen light and why", async () => {
    recent.observe([at(f.time, "2026-03-12", "07:00", "light.hall", "on", { previous: "off" })]);
    const res = await app.request("/api/predictions?limit=2");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.window).toEqual({ from: "2026-02-10", to: "2026-03-11", days: 10 });
    expect(body.now).toMatchObject({
      part: "morning",
      hour: 7,
      last: { entity: "light.hall", name: "Hall light", state: "on", stateLabel: "on" },
      anyoneHome: null,
    });
    expect(body.now.actions).toHaveLength(2);
    expect(body.now.actions[0]).toMatchObject({
      entity: "light.kitchen",
      name: "Kitchen light",
      reason: "Kitchen light followed 10 of 10 times after Hall light turns on in the morning.",
    });
    expect(body.parts.map((p: { part: string }) => p.part)).toEqual(["morning", "afternoon", "evening", "night"]);
  });

  it("sends the last action's state as stored and in the word Home Assistant shows for its device class", async () => {
    const doors = new RecentActions();
    const withDoor = new NextActionService({
      reader: new StoredWindowReader(f.aggregates),
      time: f.time,
      clock: f.clock,
      recent: doors,
      nameOf: (e) => (e === "binary_sensor.front_door" ? "Front door" : e),
      deviceClassOf: (e) => (e === "binary_sensor.front_door" ? "door" : null),
    });
    const doorApp = createWebApp({
      routes: [predictionsRoutes({ service: withDoor })],
      uiDir: "/nonexistent",
      logger: f.logger,
    });
    doors.observe([at(f.time, "2026-03-12", "07:00", "binary_sensor.front_door", "on", { previous: "off" })]);
    const body = await (await doorApp.request("/api/predictions?limit=2")).json();
    expect(body.now.last).toMatchObject({
      entity: "binary_sensor.front_door",
      name: "Front door",
      state: "on",
      stateLabel: "Open",
    });
  });

  it("answers 400 for a limit out of range", async () => {
    const res = await app.request("/api/predictions?limit=0");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: "limit must be an integer between 1 and 20, got 0",
      parameter: "limit",
      accepted: ["limit"],
    });
  });
});

describe("GET /api/causes", () => {
  it("tells each entity's changes by who or what made them", async () => {
    const body = await (await app.request("/api/causes")).json();
    expect(body.entities).toEqual([
      {
        entity: "light.kitchen",
        name: "Kitchen light",
        changes: 20,
        shares: { physical: 0, app: 0.5, automation: 0.5, own: 0 },
      },
      { entity: "light.hall", name: "Hall light", changes: 10, shares: { physical: 1, app: 0, automation: 0, own: 0 } },
    ]);
  });
});
