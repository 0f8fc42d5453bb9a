// One area's part of the context graph: the area, what is in it, and who and what acts on those things.
import type { GraphSnapshot } from "./graph-types.js";

/**
 * The area, the entities and devices IN_AREA it, and every node one edge away from those
 * (people who changed them, automations that control them, patterns that involve them, their
 * devices); only edges between kept nodes stay.
 */
export function areaSubgraph(graph: GraphSnapshot, areaId: string): GraphSnapshot {
  const area = `area:${areaId}`;
  const inside = new Set([area]);
  for (const e of graph.edges) if (e.type === "IN_AREA" && e.to === area) inside.add(e.from);
  const kept = new Set(inside);
  for (const e of graph.edges) {
    if (inside.has(e.to)) kept.add(e.from);
    if (inside.has(e.from)) kept.add(e.to);
  }
  // A thing in the area that is in another area too (a device elsewhere) stays, its other area does not.
  for (const id of kept) if (id.startsWith("area:") && id !== area) kept.delete(id);
  return {
    nodes: graph.nodes.filter((n) => kept.has(n.id)),
    edges: graph.edges.filter((e) => kept.has(e.from) && kept.has(e.to)),
  };
}
