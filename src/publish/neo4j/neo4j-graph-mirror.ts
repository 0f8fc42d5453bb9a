// Mirrors the in-memory context graph to Neo4j: every interval, only what changed since the last successful sync, in batches.
import type { Clock, TimerHandle } from "../../core/clock.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import {
  EDGE_TYPES,
  edgeKey,
  type GraphEdge,
  type GraphNode,
  type GraphSnapshot,
  NODE_KINDS,
} from "../../graph/graph-types.js";
import { type Backoff, DEFAULT_BACKOFF } from "../engine-outbox.js";
import type { EngineStatus } from "../engine-status.js";
import { ALWAYS_WRITE, type WriteGate } from "../write-gate.js";
import {
  deleteEdges,
  deleteNodes,
  type EdgeRow,
  mergeEdges,
  mergeNodes,
  type NodeRow,
  pruneEdges,
  pruneNodes,
  uniqueIdConstraint,
} from "./graph-cypher.js";
import { type CypherStatement, type Neo4jConnection, neo4jErrorCode } from "./neo4j-connection.js";

export const DEFAULT_SYNC_INTERVAL_MS = 60_000;
export const DEFAULT_ROWS_PER_STATEMENT = 500;

export interface Neo4jMirrorDeps {
  connection: Neo4jConnection;
  graph: { snapshot(): GraphSnapshot };
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
  rowsPerStatement?: number;
  backoff?: Backoff;
  /**
   * Which instance on the MQTT broker writes (the instance presence): a standby's first sync would
   * prune the nodes its graph lacks and overwrite the publisher's properties with its own.
   * Absent: always writes.
   */
  gate?: WriteGate;
}

export interface Neo4jMirror {
  /** Syncs at once (connecting lazily, in the background), then every interval. */
  start(): void;
  /** One sync now; resolves when it is done or has failed (the failure is in status()). */
  syncNow(): Promise<void>;
  stop(): Promise<void>;
  status(): EngineStatus;
}

export function createNeo4jMirror(deps: Neo4jMirrorDeps): Neo4jMirror {
  const { connection, clock } = deps;
  const logger = deps.logger.child("neo4j");
  const interval = deps.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
  const perStatement = Math.max(1, deps.rowsPerStatement ?? DEFAULT_ROWS_PER_STATEMENT);
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const gate = deps.gate ?? ALWAYS_WRITE;
  let offGate: (() => void) | undefined;
  /** What Neo4j holds, as far as this run knows: id or edge key → JSON of the properties written. */
  const mirroredNodes = new Map<string, string>();
  const mirroredEdges = new Map<string, { type: GraphEdge["type"]; from: string; to: string; json: string }>();
  let prepared = false;
  let pruned = false;
  let running = false;
  let syncing: Promise<void> | undefined;
  let timer: { handle: TimerHandle; at: number } | undefined;
  let attempt = 0;
  let lastError: string | null = null;
  let needsUser = false;
  const count = { syncs: 0, changes: 0, errors: 0 };

  const write = async (statements: CypherStatement[], applied: () => void) => {
    await connection.write(statements);
    applied();
    count.changes += statements.reduce((n, s) => n + rowsOf(s), 0);
  };

  const sync = async () => {
    // Not the publishing instance (or not yet known): Neo4j holds the other's graph.
    if (gate.mode() !== "write") return;
    if (!prepared) {
      await connection.verify();
      try {
        await connection.write([uniqueIdConstraint()]);
      } catch (err) {
        // Older servers (before 4.4) speak another constraint syntax: MERGE still works, only slower.
        if (!neo4jErrorCode(err)?.startsWith("Neo.ClientError.Statement")) throw err;
        logger.warn("could not create the unique id constraint; continuing without it", { error: errorMessage(err) });
      }
      prepared = true;
      logger.info("connected", { target: connection.target });
    }
    const graph = deps.graph.snapshot();
    const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
    const edges = new Map(graph.edges.map((e) => [edgeKey(e), e]));
    if (!pruned) {
      const statements = [
        pruneNodes([...nodes.keys()]),
        ...EDGE_TYPES.map((t) =>
          pruneEdges(
            t,
            graph.edges.filter((e) => e.type === t),
          ),
        ),
      ];
      await write(statements, () => (pruned = true));
    }
    for (const kind of NODE_KINDS) {
      const changed = graph.nodes
        .filter((n) => n.kind === kind && mirroredNodes.get(n.id) !== nodeJson(n))
        .map(nodeRow);
      for (const rows of chunks(changed, perStatement)) {
        await write([mergeNodes(kind, rows)], () =>
          rows.forEach((r) => {
            mirroredNodes.set(r.id, JSON.stringify(r.properties));
          }),
        );
      }
    }
    for (const type of EDGE_TYPES) {
      const changed = graph.edges.filter(
        (e) => e.type === type && mirroredEdges.get(edgeKey(e))?.json !== JSON.stringify(e.properties),
      );
      for (const batch of chunks(changed, perStatement)) {
        const rows: EdgeRow[] = batch.map((e) => ({ from: e.from, to: e.to, properties: e.properties }));
        await write([mergeEdges(type, rows)], () =>
          batch.forEach((e) => {
            mirroredEdges.set(edgeKey(e), { type, from: e.from, to: e.to, json: JSON.stringify(e.properties) });
          }),
        );
      }
    }
    for (const type of EDGE_TYPES) {
      const gone = [...mirroredEdges].filter(([key, e]) => e.type === type && !edges.has(key));
      for (const batch of chunks(gone, perStatement)) {
        await write(
          [
            deleteEdges(
              type,
              batch.map(([, e]) => ({ from: e.from, to: e.to })),
            ),
          ],
          () =>
            batch.forEach(([key]) => {
              mirroredEdges.delete(key);
            }),
        );
      }
    }
    const goneNodes = [...mirroredNodes.keys()].filter((id) => !nodes.has(id));
    for (const ids of chunks(goneNodes, perStatement)) {
      await write([deleteNodes(ids)], () =>
        ids.forEach((id) => {
          mirroredNodes.delete(id);
        }),
      );
    }
    count.syncs++;
  };

  const schedule = (ms: number) => {
    timer?.handle.cancel();
    if (!running) return;
    timer = {
      handle: clock.setTimeout(() => {
        timer = undefined;
        void run();
      }, ms),
      at: clock.now() + ms,
    };
  };

  const run = (): Promise<void> => {
    syncing ??= sync()
      .then(
        () => {
          attempt = 0;
          lastError = null;
          needsUser = false;
          schedule(interval);
        },
        (err: unknown) => {
          count.errors++;
          const code = neo4jErrorCode(err);
          needsUser = code?.startsWith("Neo.ClientError.Security") ?? false;
          if (lastError === null) logger.warn("sync failed; retrying with backoff", { error: errorMessage(err), code });
          lastError = errorMessage(err);
          schedule(Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.min(attempt++, 20)));
        },
      )
      .finally(() => (syncing = undefined));
    return syncing;
  };

  return {
    start() {
      if (running) return;
      running = true;
      offGate = gate.onChange((mode) => {
        if (mode !== "write" || !running) return;
        // Taking over: what Neo4j holds was written by the other instance, so everything is written again.
        pruned = false;
        mirroredNodes.clear();
        mirroredEdges.clear();
        void run();
      });
      void run();
    },
    syncNow: run,
    async stop() {
      running = false;
      offGate?.();
      offGate = undefined;
      timer?.handle.cancel();
      timer = undefined;
      await syncing;
      await connection.close();
    },
    status() {
      const size = `${mirroredNodes.size} nodes and ${mirroredEdges.size} edges mirrored, ${count.changes} changes sent`;
      if (lastError !== null) {
        const next = timer ? `; next attempt in ${Math.ceil(Math.max(0, timer.at - clock.now()) / 1000)} s` : "";
        const hint = needsUser ? " (check the add-on options)" : "";
        return {
          name: "neo4j",
          state: needsUser ? "error" : "degraded",
          detail: `${connection.target}: ${lastError}${hint}${next}; ${size}`,
        };
      }
      const where = count.syncs > 0 ? "in sync" : "not synced yet";
      return { name: "neo4j", state: "ok", detail: `${connection.target}: ${where}; ${size}` };
    },
  };
}

function nodeRow(n: GraphNode): NodeRow {
  return { id: n.id, properties: { ...n.properties, id: n.id, kind: n.kind, name: n.name } };
}

function nodeJson(n: GraphNode): string {
  return JSON.stringify(nodeRow(n).properties);
}

function rowsOf(statement: CypherStatement): number {
  const p = statement.parameters;
  const list = (p.rows ?? p.ids) as unknown[] | undefined;
  return list?.length ?? 0;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
