// The context graph in memory: the registry's areas, devices and entities, plus what events and Home Assistant contexts tell about people, automations and patterns.
import { domainOf, type HomeEvent } from "../core/home-event.js";
import type { HaContextEvent } from "../sources/ha/ha-event-mapping.js";
import type { RegistryStore } from "../storage/registry-store.js";
import { AutomationRuns, DEFAULT_MAX_RUNS } from "./automation-runs.js";
import {
  type EdgeType,
  edgeKey,
  type GraphEdge,
  type GraphNode,
  type GraphPattern,
  type GraphPerson,
  type GraphSnapshot,
  type GraphValue,
  type NodeKind,
} from "./graph-types.js";

export interface ContextGraphDeps {
  /** Read at every snapshot, so renamed areas and moved devices show at once. */
  registry: RegistryStore;
  maxAutomationRuns?: number;
}

interface Tally {
  count: number;
  lastAt: number;
}

export class ContextGraph {
  /** user id → entity → changes. */
  private readonly caused = new Map<string, Map<string, Tally>>();
  /** automation entity id → entity → changes. */
  private readonly controls = new Map<string, Map<string, Tally>>();
  private readonly automations = new Map<string, { name: string; runs: number; lastRunAt: number }>();
  private people = new Map<string, GraphPerson>();
  private patterns: readonly GraphPattern[] = [];
  private readonly runs: AutomationRuns;

  constructor(private readonly deps: ContextGraphDeps) {
    this.runs = new AutomationRuns(deps.maxAutomationRuns ?? DEFAULT_MAX_RUNS);
  }

  /** Counts who (a Home Assistant user) and what (an automation run seen earlier) caused each change. */
  observeEvents(events: readonly HomeEvent[]): void {
    for (const e of events) {
      if (e.user) tally(this.caused, e.user, e.entity, e.ts);
      const automation = this.runs.resolve(e.context, e.parent);
      if (automation) tally(this.controls, automation, e.entity, e.ts);
    }
  }

  /** Service calls and automation runs: they come before the state changes they cause. */
  observeContext(event: HaContextEvent): void {
    this.runs.observe(event);
    if (event.kind !== "automation_triggered") return;
    const known = this.automations.get(event.automation);
    this.automations.set(event.automation, {
      name: event.name,
      runs: (known?.runs ?? 0) + 1,
      lastRunAt: Math.max(known?.lastRunAt ?? 0, event.ts),
    });
  }

  /** Drops what the graph counted about an entity, an automation or a person (forgetting on request). */
  forget(id: string): void {
    for (const map of [this.caused, this.controls]) {
      map.delete(id);
      for (const inner of map.values()) inner.delete(id);
    }
    this.automations.delete(id);
    this.people.delete(id);
  }

  setPeople(people: readonly GraphPerson[]): void {
    this.people = new Map(people.map((p) => [p.userId, p]));
  }

  /** The catalog as a user sees it now: patterns no longer in it leave the graph. */
  setPatterns(patterns: readonly GraphPattern[]): void {
    this.patterns = patterns;
  }

  snapshot(): GraphSnapshot {
    const g = new GraphBuilder();
    const { registry } = this.deps;
    const personOfEntity = new Map<string, GraphPerson>();
    for (const p of this.people.values()) if (p.personEntity) personOfEntity.set(p.personEntity, p);
    const entityNode = (entityId: string): string => {
      const person = personOfEntity.get(entityId);
      if (person) return g.node("person", person.userId, person.name, { userId: person.userId, entityId });
      const domain = domainOf(entityId);
      const kind: NodeKind = domain === "automation" ? "automation" : domain === "person" ? "person" : "entity";
      return g.node(kind, entityId, entityId, { entityId, domain });
    };

    const areas = new Set<string>();
    for (const a of registry.listAreas()) {
      areas.add(a.areaId);
      g.node("area", a.areaId, a.name, { areaId: a.areaId, ...(a.floorId ? { floorId: a.floorId } : {}) }, true);
    }
    const areaNode = (areaId: string | null | undefined) =>
      areaId && areas.has(areaId) ? `area:${areaId}` : undefined;
    const devices = registry.listDevices();
    for (const d of devices) {
      const props: Record<string, GraphValue> = { deviceId: d.deviceId };
      if (d.manufacturer) props.manufacturer = d.manufacturer;
      if (d.model) props.model = d.model;
      g.node("device", d.deviceId, d.name, props, true);
    }
    for (const d of devices) {
      const area = areaNode(d.areaId);
      if (area) g.edge("IN_AREA", `device:${d.deviceId}`, area);
      if (d.parentDeviceId && g.has(`device:${d.parentDeviceId}`))
        g.edge("PART_OF", `device:${d.deviceId}`, `device:${d.parentDeviceId}`);
    }
    for (const e of registry.listEntities()) {
      if (e.disabled) continue;
      const id = entityNode(e.entityId);
      if (e.name && !personOfEntity.has(e.entityId)) g.rename(id, e.name);
      if (e.platform) g.set(id, "platform", e.platform);
      const area = areaNode(registry.areaOf(e.entityId));
      if (area) g.edge("IN_AREA", id, area);
      if (e.deviceId && g.has(`device:${e.deviceId}`)) g.edge("PART_OF", id, `device:${e.deviceId}`);
    }

    for (const p of this.people.values()) g.node("person", p.userId, p.name, { userId: p.userId }, true);
    for (const [user, entities] of this.caused) {
      const person = g.node("person", user, user, { userId: user });
      for (const [entity, t] of entities)
        g.edge("CAUSED", person, entityNode(entity), { count: t.count, lastAt: t.lastAt });
    }
    for (const [automation, run] of this.automations) {
      const id = entityNode(automation);
      g.rename(id, run.name);
      g.set(id, "runs", run.runs);
      g.set(id, "lastRunAt", run.lastRunAt);
    }
    for (const [automation, entities] of this.controls) {
      const from = entityNode(automation);
      for (const [entity, t] of entities)
        g.edge("CONTROLS", from, entityNode(entity), { count: t.count, lastAt: t.lastAt });
    }
    for (const p of this.patterns) {
      const id = g.node(
        "pattern",
        p.key,
        p.summary,
        { key: p.key, patternType: p.type, confidence: p.confidence },
        true,
      );
      for (const entity of p.entities) g.edge("INVOLVES", id, entityNode(entity));
    }
    return g.build();
  }
}

function tally(map: Map<string, Map<string, Tally>>, from: string, to: string, ts: number): void {
  let inner = map.get(from);
  if (!inner) {
    inner = new Map();
    map.set(from, inner);
  }
  const t = inner.get(to);
  if (t) {
    t.count++;
    t.lastAt = Math.max(t.lastAt, ts);
  } else inner.set(to, { count: 1, lastAt: ts });
}

/** Collects nodes and edges once each; the first description of a node wins unless told to replace it. */
class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge>();

  node(kind: NodeKind, key: string, name: string, properties: Record<string, GraphValue>, replace = false): string {
    const id = `${kind}:${key}`;
    const known = this.nodes.get(id);
    if (!known) this.nodes.set(id, { id, kind, name, properties: { ...properties } });
    else if (replace) this.nodes.set(id, { id, kind, name, properties: { ...known.properties, ...properties } });
    return id;
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  rename(id: string, name: string): void {
    const n = this.nodes.get(id);
    if (n) n.name = name;
  }

  set(id: string, property: string, value: GraphValue): void {
    const n = this.nodes.get(id);
    if (n) n.properties[property] = value;
  }

  edge(type: EdgeType, from: string, to: string, properties: Record<string, GraphValue> = {}): void {
    const edge = { type, from, to, properties };
    this.edges.set(edgeKey(edge), edge);
  }

  build(): GraphSnapshot {
    const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return {
      nodes: [...this.nodes.values()].sort((a, b) => byString(a.id, b.id)),
      edges: [...this.edges.values()].sort(
        (a, b) => byString(a.type, b.type) || byString(a.from, b.from) || byString(a.to, b.to),
      ),
    };
  }
}
