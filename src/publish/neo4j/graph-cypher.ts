// The Cypher that mirrors the context graph: MERGE and DELETE in UNWIND batches, every value a parameter.
import type { EdgeType, GraphValue, NodeKind } from "../../graph/graph-types.js";
import type { CypherStatement } from "./neo4j-connection.js";

/**
 * Labels and relationship types cannot be parameters in Cypher: they come only from these fixed
 * tables, never from data. Every node also carries BASE_LABEL, whose id is unique.
 */
export const BASE_LABEL = "HomePatterns";
export const NODE_LABELS: Readonly<Record<NodeKind, string>> = {
  person: "Person",
  area: "Area",
  device: "Device",
  entity: "Entity",
  automation: "Automation",
  pattern: "Pattern",
};
const RELATIONSHIPS: ReadonlySet<EdgeType> = new Set(["IN_AREA", "PART_OF", "CAUSED", "CONTROLS", "INVOLVES"]);

export interface NodeRow {
  id: string;
  /** Every property of the node, id, kind and name included: SET n = ... drops what is gone. */
  properties: Record<string, GraphValue>;
}

export interface EdgeRow {
  from: string;
  to: string;
  properties: Record<string, GraphValue>;
}

export function uniqueIdConstraint(): CypherStatement {
  return {
    text: `CREATE CONSTRAINT home_patterns_id IF NOT EXISTS FOR (n:${BASE_LABEL}) REQUIRE n.id IS UNIQUE`,
    parameters: {},
  };
}

export function mergeNodes(kind: NodeKind, rows: readonly NodeRow[]): CypherStatement {
  return {
    text: `UNWIND $rows AS row MERGE (n:${BASE_LABEL} {id: row.id}) SET n = row.properties SET n:${label(kind)}`,
    parameters: { rows },
  };
}

export function deleteNodes(ids: readonly string[]): CypherStatement {
  return { text: `UNWIND $ids AS id MATCH (n:${BASE_LABEL} {id: id}) DETACH DELETE n`, parameters: { ids } };
}

export function mergeEdges(type: EdgeType, rows: readonly EdgeRow[]): CypherStatement {
  return {
    text:
      `UNWIND $rows AS row MATCH (a:${BASE_LABEL} {id: row.from}) MATCH (b:${BASE_LABEL} {id: row.to}) ` +
      `MERGE (a)-[r:${relationship(type)}]->(b) SET r = row.properties`,
    parameters: { rows },
  };
}

export function deleteEdges(type: EdgeType, rows: readonly Pick<EdgeRow, "from" | "to">[]): CypherStatement {
  return {
    text: `UNWIND $rows AS row MATCH (:${BASE_LABEL} {id: row.from})-[r:${relationship(type)}]->(:${BASE_LABEL} {id: row.to}) DELETE r`,
    parameters: { rows },
  };
}

/** At the first sync after a start: what an earlier run mirrored and no longer exists goes. */
export function pruneNodes(keep: readonly string[]): CypherStatement {
  return { text: `MATCH (n:${BASE_LABEL}) WHERE NOT n.id IN $keep DETACH DELETE n`, parameters: { keep } };
}

export function pruneEdges(type: EdgeType, keep: readonly Pick<EdgeRow, "from" | "to">[]): CypherStatement {
  return {
    text:
      `MATCH (a:${BASE_LABEL})-[r:${relationship(type)}]->(b:${BASE_LABEL}) ` +
      `WHERE NOT [a.id, b.id] IN $keep DELETE r`,
    parameters: { keep: keep.map((e) => [e.from, e.to]) },
  };
}

function label(kind: NodeKind): string {
  const l = NODE_LABELS[kind];
  if (!l) throw new Error(`no Neo4j label for node kind ${String(kind)}`);
  return l;
}

function relationship(type: EdgeType): string {
  if (!RELATIONSHIPS.has(type)) throw new Error(`no Neo4j relationship for edge type ${String(type)}`);
  return type;
}
