// The context graph: registry structure, who caused what, which automation controls what (through HA contexts), and patterns.
import { describe, expect, it } from "vitest";
import { ContextGraph } from "../../src/graph/context-graph.js";
import { areaSubgraph } from "../../src/graph/graph-filter.js";
import { CONTEXT_EVENTS, fedGraph, homeRegistry, T0 } from "./graph-fixture.js";

describe("ContextGraph", () => {
  it("holds people, areas, devices, entities, automations and patterns with their links", () => {
    expect(fedGraph().graph.snapshot()).toEqual({
      nodes: [
        { id: "area:hall", kind: "area", name: "Hall", properties: { areaId: "hall" } },
        { id: "area:kitchen", kind: "area", name: "Kitchen", properties: { areaId: "kitchen" } },
        {
          id: "automation:automation.hall_light",
          kind: "automation",
          name: "Hall light at night",
          properties: { entityId: "automation.hall_light", domain: "automation", runs: 1, lastRunAt: T0 + 10_000 },
        },
        {
          id: "device:dev-bulb",
          kind: "device",
          name: "Kitchen bulb",
          properties: { deviceId: "dev-bulb", manufacturer: "IKEA" },
        },
        { id: "device:dev-hub", kind: "device", name: "Zigbee hub", properties: { deviceId: "dev-hub" } },
        { id: "device:dev-motion", kind: "device", name: "Hall motion sensor", properties: { deviceId: "dev-motion" } },
        {
          id: "entity:binary_sensor.hall_motion",
          kind: "entity",
          name: "Hall motion",
          properties: { entityId: "binary_sensor.hall_motion", domain: "binary_sensor" },
        },
        {
          id: "entity:light.garage",
          kind: "entity",
          name: "light.garage",
          properties: { entityId: "light.garage", domain: "light" },
        },
        {
          id: "entity:light.hall",
          kind: "entity",
          name: "Hall light",
          properties: { entityId: "light.hall", domain: "light" },
        },
        {
          id: "entity:light.kitchen",
          kind: "entity",
          name: "Kitchen light",
          properties: { entityId: "light.kitchen", domain: "light", platform: "zha" },
        },
        {
          id: "entity:switch.fan",
          kind: "entity",
          name: "switch.fan",
          properties: { entityId: "switch.fan", domain: "switch" },
        },
        {
          id: "pattern:time_based:light.kitchen:on",
          kind: "pattern",
          name: "Kitchen light on around 06:55",
          properties: { key: "time_based:light.kitchen:on", patternType: "time_based", confidence: 0.8 },
        },
        {
          id: "person:u-anna",
          kind: "person",
          name: "Anna",
          properties: { userId: "u-anna", entityId: "person.anna" },
        },
        { id: "person:u-guest", kind: "person", name: "u-guest", properties: { userId: "u-guest" } },
      ],
      edges: [
        {
          type: "CAUSED",
          from: "person:u-anna",
          to: "entity:light.kitchen",
          properties: { count: 2, lastAt: T0 + 5000 },
        },
        {
          type: "CAUSED",
          from: "person:u-guest",
          to: "entity:light.garage",
          properties: { count: 1, lastAt: T0 + 12_000 },
        },
        {
          type: "CONTROLS",
          from: "automation:automation.hall_light",
          to: "entity:light.hall",
          properties: { count: 1, lastAt: T0 + 10_000 },
        },
        {
          type: "CONTROLS",
          from: "automation:automation.hall_light",
          to: "entity:switch.fan",
          properties: { count: 1, lastAt: T0 + 11_000 },
        },
        { type: "INVOLVES", from: "pattern:time_based:light.kitchen:on", to: "entity:light.kitchen", properties: {} },
        { type: "IN_AREA", from: "device:dev-bulb", to: "area:kitchen", properties: {} },
        { type: "IN_AREA", from: "device:dev-motion", to: "area:hall", properties: {} },
        { type: "IN_AREA", from: "entity:binary_sensor.hall_motion", to: "area:hall", properties: {} },
        { type: "IN_AREA", from: "entity:light.hall", to: "area:hall", properties: {} },
        { type: "IN_AREA", from: "entity:light.kitchen", to: "area:kitchen", properties: {} },
        { type: "PART_OF", from: "device:dev-bulb", to: "device:dev-hub", properties: {} },
        { type: "PART_OF", from: "entity:binary_sensor.hall_motion", to: "device:dev-motion", properties: {} },
        { type: "PART_OF", from: "entity:light.kitchen", to: "device:dev-bulb", properties: {} },
      ],
    });
  });

  it("follows the registry: a renamed area and a moved entity show in the next snapshot", () => {
    const { graph, registry } = fedGraph();
    registry.upsertAreas([{ areaId: "kitchen", name: "Kitchen & dining" }]);
    registry.upsertEntities([{ entityId: "light.hall", name: "Hall light", areaId: "kitchen" }]);
    const g = graph.snapshot();
    expect(g.nodes.find((n) => n.id === "area:kitchen")?.name).toBe("Kitchen & dining");
    expect(g.edges.filter((e) => e.from === "entity:light.hall" && e.type === "IN_AREA").map((e) => e.to)).toEqual([
      "area:kitchen",
    ]);
  });

  it("drops patterns that left the catalog", () => {
    const { graph } = fedGraph();
    graph.setPatterns([]);
    const g = graph.snapshot();
    expect(g.nodes.filter((n) => n.kind === "pattern")).toEqual([]);
    expect(g.edges.filter((e) => e.type === "INVOLVES")).toEqual([]);
  });

  it("forgets the oldest automation runs beyond its bound, so their late effects are not attributed", () => {
    const graph = new ContextGraph({ registry: homeRegistry(), maxAutomationRuns: 1 });
    graph.observeContext({ ...CONTEXT_EVENTS[0]!, context: { id: "ctx-old" } });
    graph.observeContext({ ...CONTEXT_EVENTS[0]!, context: { id: "ctx-new" } });
    graph.observeEvents([
      { ts: T0, entity: "light.hall", state: "on", source: "ha", context: "ctx-old" },
      { ts: T0 + 1, entity: "light.hall", state: "off", source: "ha", context: "ctx-new" },
    ]);
    expect(graph.snapshot().edges.filter((e) => e.type === "CONTROLS")).toEqual([
      {
        type: "CONTROLS",
        from: "automation:automation.hall_light",
        to: "entity:light.hall",
        properties: { count: 1, lastAt: T0 + 1 },
      },
    ]);
  });
});

describe("areaSubgraph", () => {
  it("keeps the area, what is in it, and who and what acts on it", () => {
    const g = areaSubgraph(fedGraph().graph.snapshot(), "kitchen");
    expect(g.nodes.map((n) => n.id)).toEqual([
      "area:kitchen",
      "device:dev-bulb",
      "device:dev-hub",
      "entity:light.kitchen",
      "pattern:time_based:light.kitchen:on",
      "person:u-anna",
    ]);
    expect(g.edges.map((e) => `${e.from} ${e.type} ${e.to}`)).toEqual([
      "person:u-anna CAUSED entity:light.kitchen",
      "pattern:time_based:light.kitchen:on INVOLVES entity:light.kitchen",
      "device:dev-bulb IN_AREA area:kitchen",
      "entity:light.kitchen IN_AREA area:kitchen",
      "device:dev-bulb PART_OF device:dev-hub",
      "entity:light.kitchen PART_OF device:dev-bulb",
    ]);
  });
});
