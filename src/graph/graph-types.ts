// The context graph's shape: who and what is in the home (nodes) and how they relate (edges), as GET /api/graph returns it.

export const NODE_KINDS = ["person", "area", "device", "entity", "automation", "pattern"] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/**
 * IN_AREA: entity or device → area. PART_OF: entity → device, device → parent device.
 * CAUSED: person → entity (changes made by that Home Assistant user). CONTROLS: automation → entity
 * (changes made by its runs). INVOLVES: pattern → entity.
 */
export const EDGE_TYPES = ["IN_AREA", "PART_OF", "CAUSED", "CONTROLS", "INVOLVES"] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

/** Flat values only, so every property can also be a Neo4j property. */
export type GraphValue = string | number | boolean;

export interface GraphNode {
  /** "<kind>:<key>": "area:kitchen", "entity:light.kitchen", "person:<user id>", "pattern:<pattern key>". */
  id: string;
  kind: NodeKind;
  name: string;
  properties: Record<string, GraphValue>;
}

export interface GraphEdge {
  type: EdgeType;
  from: string;
  to: string;
  /** CAUSED and CONTROLS carry count and lastAt (epoch ms of the newest change). */
  properties: Record<string, GraphValue>;
}

export interface GraphSnapshot {
  /** Ordered by id. */
  nodes: GraphNode[];
  /** Ordered by type, then from, then to. */
  edges: GraphEdge[];
}

/** A resident: a Home Assistant user, with the person entity that tracks them when known. */
export interface GraphPerson {
  userId: string;
  name: string;
  personEntity?: string;
}

/** What the graph needs of a catalog pattern. */
export interface GraphPattern {
  key: string;
  type: string;
  summary: string;
  confidence: number;
  entities: readonly string[];
}

export function edgeKey(edge: Pick<GraphEdge, "type" | "from" | "to">): string {
  return `${edge.type}|${edge.from}|${edge.to}`;
}
