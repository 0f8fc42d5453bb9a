// GET /api/graph through the real web app: the whole graph, one area, and 400s that say what was wrong.
import { describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../src/core/logger.js";
import type { GraphSnapshot } from "../../src/graph/graph-types.js";
import { createWebApp } from "../../src/web/create-app.js";
import { graphRoutes } from "../../src/web/routes/graph-routes.js";
import { EVENTS, fedGraph } from "./graph-fixture.js";

function app() {
  const { graph } = fedGraph();
  return createWebApp({ routes: [graphRoutes({ graph })], uiDir: "/nonexistent", logger: createMemoryLogger() });
}

describe("GET /api/graph", () => {
  it("answers the whole graph as {nodes, edges}", async () => {
    const res = await app().request("/api/graph");
    expect(res.status).toBe(200);
    const body = (await res.json()) as GraphSnapshot;
    expect(Object.keys(body)).toEqual(["nodes", "edges"]);
    expect(body.nodes).toHaveLength(14);
    expect(body.edges.find((e) => e.type === "CONTROLS" && e.to === "entity:switch.fan")).toEqual({
      type: "CONTROLS",
      from: "automation:automation.hall_light",
      to: "entity:switch.fan",
      properties: { count: 1, lastAt: EVENTS[4]!.ts },
    });
  });

  it("narrows to one area", async () => {
    const res = await app().request("/api/graph?area=hall");
    expect(res.status).toBe(200);
    const body = (await res.json()) as GraphSnapshot;
    expect(body.nodes.map((n) => n.id)).toEqual([
      "area:hall",
      "automation:automation.hall_light",
      "device:dev-motion",
      "entity:binary_sensor.hall_motion",
      "entity:light.hall",
    ]);
    expect(body.edges.map((e) => `${e.from} ${e.type} ${e.to}`)).toEqual([
      "automation:automation.hall_light CONTROLS entity:light.hall",
      "device:dev-motion IN_AREA area:hall",
      "entity:binary_sensor.hall_motion IN_AREA area:hall",
      "entity:light.hall IN_AREA area:hall",
      "entity:binary_sensor.hall_motion PART_OF device:dev-motion",
    ]);
  });

  it.each([
    [
      "/api/graph?area=",
      { error: "area must be an area id, e.g. area=kitchen", parameter: "area", accepted: ["area"] },
    ],
    ["/api/graph?area=attic", { error: 'no area with id "attic"' }],
    [
      "/api/graph?area=hall&area=kitchen",
      {
        error: "area is given 2 times: GET /api/graph takes it once and accepts area",
        parameter: "area",
        accepted: ["area"],
      },
    ],
    [
      "/api/graph?aera=hall",
      { error: 'unknown query parameter "aera": GET /api/graph accepts area', parameter: "aera", accepted: ["area"] },
    ],
  ])("refuses %s with a 400 that says why", async (url, body) => {
    const res = await app().request(url);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(body);
  });
});
