// The Neo4j mirror's contract: the exact Cypher and parameters it sends to a recording fake driver (no Neo4j server runs here),
// plus the real neo4j-driver failing against a closed port.
import { describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import type { GraphSnapshot } from "../../../src/graph/graph-types.js";
import { createNeo4jConnection, type DriverLike } from "../../../src/publish/neo4j/neo4j-connection.js";
import { createNeo4jMirror } from "../../../src/publish/neo4j/neo4j-graph-mirror.js";
import { fedGraph, T0 } from "../../graph/graph-fixture.js";
import { freePort } from "../../support/local-server.js";

interface Recorded {
  text: string;
  parameters: Record<string, unknown>;
}

class Neo4jFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Records each committed transaction's statements; `failure` makes every call fail with it. */
class RecordingDriver implements DriverLike {
  transactions: Recorded[][] = [];
  failure: Neo4jFailure | undefined;
  closed = false;
  async verifyConnectivity() {
    if (this.failure) throw this.failure;
  }
  session() {
    return {
      executeWrite: async <T>(
        work: (tx: { run(text: string, parameters: Record<string, unknown>): Promise<unknown> }) => Promise<T>,
      ) => {
        if (this.failure) throw this.failure;
        const tx: Recorded[] = [];
        const result = await work({
          run: async (text, parameters) => void tx.push({ text, parameters: structuredClone(parameters) }),
        });
        this.transactions.push(tx);
        return result;
      },
      close: async () => undefined,
    };
  }
  async close() {
    this.closed = true;
  }
}

const PRUNE_EDGE = (type: string) =>
  `MATCH (a:HomePatterns)-[r:${type}]->(b:HomePatterns) WHERE NOT [a.id, b.id] IN $keep DELETE r`;
const MERGE_NODES = (label: string) =>
  `UNWIND $rows AS row MERGE (n:HomePatterns {id: row.id}) SET n = row.properties SET n:${label}`;
const MERGE_EDGES = (type: string) =>
  `UNWIND $rows AS row MATCH (a:HomePatterns {id: row.from}) MATCH (b:HomePatterns {id: row.to}) MERGE (a)-[r:${type}]->(b) SET r = row.properties`;

function smallGraph(): GraphSnapshot {
  return {
    nodes: [
      { id: "area:kitchen", kind: "area", name: "Kitchen", properties: { areaId: "kitchen" } },
      {
        id: "entity:light.kitchen",
        kind: "entity",
        name: "Kitchen light",
        properties: { entityId: "light.kitchen", domain: "light" },
      },
      { id: "person:u-anna", kind: "person", name: "Anna", properties: { userId: "u-anna" } },
    ],
    edges: [
      { type: "CAUSED", from: "person:u-anna", to: "entity:light.kitchen", properties: { count: 2, lastAt: T0 } },
      { type: "IN_AREA", from: "entity:light.kitchen", to: "area:kitchen", properties: {} },
    ],
  };
}

function setup(opts: { rowsPerStatement?: number } = {}) {
  const clock = new ManualClock(T0);
  const driver = new RecordingDriver();
  const holder = { graph: smallGraph() };
  const mirror = createNeo4jMirror({
    connection: createNeo4jConnection(
      { url: "bolt://neo4j:secret@nas.local:7687", username: "neo4j", password: "secret" },
      () => driver,
    ),
    graph: { snapshot: () => holder.graph },
    clock,
    logger: createMemoryLogger(),
    rowsPerStatement: opts.rowsPerStatement,
  });
  return { clock, driver, holder, mirror };
}

describe("Neo4j graph mirror (against a recording fake driver)", () => {
  it("first sync: the constraint, a prune of what an earlier run left, then MERGE per label and per relationship", async () => {
    const { driver, mirror } = setup();
    await mirror.syncNow();
    expect(driver.transactions).toEqual([
      [
        {
          text: "CREATE CONSTRAINT home_patterns_id IF NOT EXISTS FOR (n:HomePatterns) REQUIRE n.id IS UNIQUE",
          parameters: {},
        },
      ],
      [
        {
          text: "MATCH (n:HomePatterns) WHERE NOT n.id IN $keep DETACH DELETE n",
          parameters: { keep: ["area:kitchen", "entity:light.kitchen", "person:u-anna"] },
        },
        { text: PRUNE_EDGE("IN_AREA"), parameters: { keep: [["entity:light.kitchen", "area:kitchen"]] } },
        { text: PRUNE_EDGE("PART_OF"), parameters: { keep: [] } },
        { text: PRUNE_EDGE("CAUSED"), parameters: { keep: [["person:u-anna", "entity:light.kitchen"]] } },
        { text: PRUNE_EDGE("CONTROLS"), parameters: { keep: [] } },
        { text: PRUNE_EDGE("INVOLVES"), parameters: { keep: [] } },
      ],
      [
        {
          text: MERGE_NODES("Person"),
          parameters: {
            rows: [
              {
                id: "person:u-anna",
                properties: { userId: "u-anna", id: "person:u-anna", kind: "person", name: "Anna" },
              },
            ],
          },
        },
      ],
      [
        {
          text: MERGE_NODES("Area"),
          parameters: {
            rows: [
              {
                id: "area:kitchen",
                properties: { areaId: "kitchen", id: "area:kitchen", kind: "area", name: "Kitchen" },
              },
            ],
          },
        },
      ],
      [
        {
          text: MERGE_NODES("Entity"),
          parameters: {
            rows: [
              {
                id: "entity:light.kitchen",
                properties: {
                  entityId: "light.kitchen",
                  domain: "light",
                  id: "entity:light.kitchen",
                  kind: "entity",
                  name: "Kitchen light",
                },
              },
            ],
          },
        },
      ],
      [
        {
          text: MERGE_EDGES("IN_AREA"),
          parameters: { rows: [{ from: "entity:light.kitchen", to: "area:kitchen", properties: {} }] },
        },
      ],
      [
        {
          text: MERGE_EDGES("CAUSED"),
          parameters: {
            rows: [{ from: "person:u-anna", to: "entity:light.kitchen", properties: { count: 2, lastAt: T0 } }],
          },
        },
      ],
    ]);
    expect(mirror.status()).toEqual({
      name: "neo4j",
      state: "ok",
      detail: "bolt://neo4j:***@nas.local:7687: in sync; 3 nodes and 2 edges mirrored, 5 changes sent",
    });
  });

  it("later syncs send only what changed, and delete what is gone", async () => {
    const { driver, holder, mirror } = setup();
    await mirror.syncNow();
    driver.transactions = [];
    await mirror.syncNow();
    expect(driver.transactions).toEqual([]);

    const g = smallGraph();
    g.nodes = g.nodes.filter((n) => n.kind !== "area");
    g.edges = [
      {
        type: "CAUSED",
        from: "person:u-anna",
        to: "entity:light.kitchen",
        properties: { count: 3, lastAt: T0 + 60_000 },
      },
    ];
    holder.graph = g;
    await mirror.syncNow();
    expect(driver.transactions).toEqual([
      [
        {
          text: MERGE_EDGES("CAUSED"),
          parameters: {
            rows: [
              { from: "person:u-anna", to: "entity:light.kitchen", properties: { count: 3, lastAt: T0 + 60_000 } },
            ],
          },
        },
      ],
      [
        {
          text: "UNWIND $rows AS row MATCH (:HomePatterns {id: row.from})-[r:IN_AREA]->(:HomePatterns {id: row.to}) DELETE r",
          parameters: { rows: [{ from: "entity:light.kitchen", to: "area:kitchen" }] },
        },
      ],
      [
        {
          text: "UNWIND $ids AS id MATCH (n:HomePatterns {id: id}) DETACH DELETE n",
          parameters: { ids: ["area:kitchen"] },
        },
      ],
    ]);
  });

  it("never puts a value into the Cypher text", async () => {
    const { driver, holder, mirror } = setup();
    const hostile = `Kitchen"}) DETACH DELETE n //`;
    holder.graph = {
      nodes: [{ id: "area:x'}) MATCH (m) DETACH DELETE m //", kind: "area", name: hostile, properties: {} }],
      edges: [],
    };
    await mirror.syncNow();
    const statements = driver.transactions.flat();
    for (const s of statements) {
      expect(s.text).not.toContain("DETACH DELETE m");
      expect(s.text).not.toContain("Kitchen");
    }
    expect(JSON.stringify(statements.map((s) => s.parameters))).toContain(JSON.stringify(hostile));
  });

  it("writes big changes in batches of rowsPerStatement rows, one transaction each", async () => {
    const { driver, holder, mirror } = setup({ rowsPerStatement: 2 });
    holder.graph = {
      nodes: ["a", "b", "c", "d", "e"].map((k) => ({
        id: `entity:light.${k}`,
        kind: "entity" as const,
        name: k,
        properties: {},
      })),
      edges: [],
    };
    await mirror.syncNow();
    const merges = driver.transactions.flat().filter((s) => s.text === MERGE_NODES("Entity"));
    expect(merges.map((s) => (s.parameters.rows as { id: string }[]).map((r) => r.id))).toEqual([
      ["entity:light.a", "entity:light.b"],
      ["entity:light.c", "entity:light.d"],
      ["entity:light.e"],
    ]);
  });

  it("retries with backoff on the clock while Neo4j is away, then catches up", async () => {
    const { clock, driver, mirror } = setup();
    driver.failure = new Neo4jFailure("ServiceUnavailable", "Failed to connect to server");
    mirror.start();
    await vi.waitFor(() => expect(mirror.status().state).toBe("degraded"));
    expect(mirror.status().detail).toBe(
      "bolt://neo4j:***@nas.local:7687: Failed to connect to server; next attempt in 1 s; 0 nodes and 0 edges mirrored, 0 changes sent",
    );
    clock.advance(1_000);
    await vi.waitFor(() => expect(mirror.status().detail).toContain("next attempt in 2 s"));
    driver.failure = undefined;
    clock.advance(2_000);
    await vi.waitFor(() => expect(mirror.status().state).toBe("ok"));
    expect(mirror.status().detail).toBe(
      "bolt://neo4j:***@nas.local:7687: in sync; 3 nodes and 2 edges mirrored, 5 changes sent",
    );
    await mirror.stop();
    expect(driver.closed).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("says error when Neo4j refuses the login", async () => {
    const { driver, mirror } = setup();
    driver.failure = new Neo4jFailure(
      "Neo.ClientError.Security.Unauthorized",
      "The client is unauthorized due to authentication failure.",
    );
    mirror.start();
    await vi.waitFor(() => expect(mirror.status().state).toBe("error"));
    expect(mirror.status()).toEqual({
      name: "neo4j",
      state: "error",
      detail:
        "bolt://neo4j:***@nas.local:7687: The client is unauthorized due to authentication failure. (check the add-on options); " +
        "next attempt in 1 s; 0 nodes and 0 edges mirrored, 0 changes sent",
    });
    await mirror.stop();
  });

  it("mirrors every node and edge of a real context graph", async () => {
    const driver = new RecordingDriver();
    const { graph } = fedGraph();
    const mirror = createNeo4jMirror({
      connection: createNeo4jConnection({ url: "bolt://nas:7687" }, () => driver),
      graph,
      clock: new ManualClock(T0),
      logger: createMemoryLogger(),
    });
    await mirror.syncNow();
    expect(mirror.status().detail).toBe("bolt://nas:7687: in sync; 14 nodes and 13 edges mirrored, 27 changes sent");
  });
});

describe("Neo4j connection with the real driver", () => {
  it("fails fast and plainly when nothing listens, so the mirror shows it as degraded", async () => {
    const port = await freePort();
    const clock = new ManualClock(T0);
    const mirror = createNeo4jMirror({
      connection: createNeo4jConnection({ url: `bolt://127.0.0.1:${port}`, username: "neo4j", password: "pw" }),
      graph: { snapshot: smallGraph },
      clock,
      logger: createMemoryLogger(),
    });
    mirror.start();
    // The driver is loaded on this first connect: give that its time too.
    await vi.waitFor(() => expect(mirror.status().state).toBe("degraded"), { timeout: 15_000 });
    expect(mirror.status().detail).toContain(`bolt://127.0.0.1:${port}: Failed to connect to server.`);
    expect(mirror.status().detail).toContain(`ECONNREFUSED 127.0.0.1:${port}; next attempt in 1 s`);
    await mirror.stop();
  });
});
