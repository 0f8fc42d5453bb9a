// A small home for the graph tests: two areas, a bulb behind a hub, a motion sensor, an automation, a person, and what happened in it.
import type { HomeEvent } from "../../src/core/home-event.js";
import { ContextGraph } from "../../src/graph/context-graph.js";
import type { GraphPattern, GraphPerson } from "../../src/graph/graph-types.js";
import type { HaContextEvent } from "../../src/sources/ha/ha-event-mapping.js";
import { MemoryRegistryStore } from "../support/memory/memory-registry-store.js";

export const T0 = Date.UTC(2026, 10, 20, 7, 0, 0);

export function homeRegistry(): MemoryRegistryStore {
  const registry = new MemoryRegistryStore();
  registry.upsertAreas([
    { areaId: "kitchen", name: "Kitchen" },
    { areaId: "hall", name: "Hall" },
  ]);
  registry.upsertDevices([
    { deviceId: "dev-hub", name: "Zigbee hub" },
    { deviceId: "dev-bulb", name: "Kitchen bulb", areaId: "kitchen", parentDeviceId: "dev-hub", manufacturer: "IKEA" },
    { deviceId: "dev-motion", name: "Hall motion sensor", areaId: "hall" },
  ]);
  registry.upsertEntities([
    { entityId: "light.kitchen", name: "Kitchen light", deviceId: "dev-bulb", platform: "zha" },
    { entityId: "binary_sensor.hall_motion", name: "Hall motion", deviceId: "dev-motion" },
    { entityId: "light.hall", name: "Hall light", areaId: "hall" },
    { entityId: "automation.hall_light", name: null },
    { entityId: "person.anna", name: null },
    { entityId: "sensor.old_battery", name: "Old battery", areaId: "hall", disabled: true },
  ]);
  return registry;
}

export const PEOPLE: GraphPerson[] = [{ userId: "u-anna", name: "Anna", personEntity: "person.anna" }];

export const PATTERNS: GraphPattern[] = [
  {
    key: "time_based:light.kitchen:on",
    type: "time_based",
    summary: "Kitchen light on around 06:55",
    confidence: 0.8,
    entities: ["light.kitchen"],
  },
];

/** The hall automation runs (motion was its trigger), turns on the hall light and starts a script that turns on the fan. */
export const CONTEXT_EVENTS: HaContextEvent[] = [
  {
    kind: "automation_triggered",
    ts: T0 + 10_000,
    context: { id: "ctx-run", parentId: "ctx-motion" },
    automation: "automation.hall_light",
    name: "Hall light at night",
    trigger: "state of binary_sensor.hall_motion",
  },
  {
    kind: "call_service",
    ts: T0 + 10_100,
    context: { id: "ctx-run", parentId: "ctx-motion" },
    domain: "light",
    service: "turn_on",
    entityIds: ["light.hall"],
  },
  {
    kind: "call_service",
    ts: T0 + 10_200,
    context: { id: "ctx-script", parentId: "ctx-run" },
    domain: "switch",
    service: "turn_on",
    entityIds: ["switch.fan"],
  },
];

const ev = (s: number, entity: string, state: string, extra: Partial<HomeEvent> = {}): HomeEvent => ({
  ts: T0 + s * 1000,
  entity,
  state,
  source: "ha",
  ...extra,
});

export const EVENTS: HomeEvent[] = [
  ev(1, "light.kitchen", "on", { user: "u-anna", context: "ctx-a1" }),
  ev(5, "light.kitchen", "off", { user: "u-anna", context: "ctx-a2" }),
  ev(9, "binary_sensor.hall_motion", "on", { context: "ctx-motion" }),
  ev(10, "light.hall", "on", { context: "ctx-run", parent: "ctx-motion" }),
  ev(11, "switch.fan", "on", { context: "ctx-script", parent: "ctx-run" }),
  ev(12, "light.garage", "on", { user: "u-guest", context: "ctx-g" }),
  // Caused by an automation run this process never saw start: no CONTROLS edge can be drawn.
  ev(13, "light.porch", "on", { context: "ctx-elsewhere", parent: "ctx-unknown" }),
];

/** The fixture home's graph: its registry, people and patterns, fed its context events and events. */
export function fedGraph(): { graph: ContextGraph; registry: MemoryRegistryStore } {
  const registry = homeRegistry();
  const graph = new ContextGraph({ registry });
  graph.setPeople(PEOPLE);
  graph.setPatterns(PATTERNS);
  for (const c of CONTEXT_EVENTS) graph.observeContext(c);
  graph.observeEvents(EVENTS);
  return { graph, registry };
}
