// Two instances of one home on one broker and one Neo4j: only the publishing one mirrors its graph,
// so a standby never prunes the nodes its graph lacks; taking over, it writes its whole graph.
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import type { GraphSnapshot } from "../../../src/graph/graph-types.js";
import { createInstancePresence } from "../../../src/publish/instance-presence/instance-presence.js";
import type { InstanceIdentity } from "../../../src/publish/instance-presence/presence-message.js";
import { createNeo4jConnection, type DriverLike } from "../../../src/publish/neo4j/neo4j-connection.js";
import { createNeo4jMirror } from "../../../src/publish/neo4j/neo4j-graph-mirror.js";
import { eventually } from "../../fakes/ha/eventually.js";
import { startGatedWriter } from "../../support/gated-writer.js";
import { startMosquitto } from "../../support/mosquitto.js";
import { newHostInstance, oldHostInstance, presenceConnectionOf } from "../../support/test-instances.js";

const T0 = Date.UTC(2026, 10, 20, 7, 0, 0);
const OLD_HOST = oldHostInstance(T0);
const NEW_HOST = newHostInstance(T0);

interface Recorded {
  text: string;
  parameters: Record<string, unknown>;
}

/** One Neo4j server both instances write to, as the statements each transaction ran (no Neo4j server runs here). */
class RecordingDriver implements DriverLike {
  transactions: Recorded[][] = [];
  async verifyConnectivity() {}
  session() {
    return {
      executeWrite: async <T>(
        work: (tx: { run(text: string, parameters: Record<string, unknown>): Promise<unknown> }) => Promise<T>,
      ) => {
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
  async close() {}
}

const PRUNE_NODES = "MATCH (n:HomePatterns) WHERE NOT n.id IN $keep DETACH DELETE n";

const kitchen = { id: "area:kitchen", kind: "area", name: "Kitchen", properties: { areaId: "kitchen" } } as const;
const anna = { id: "person:u-anna", kind: "person", name: "Anna", properties: { userId: "u-anna" } } as const;
const OLD_GRAPH: GraphSnapshot = { nodes: [kitchen, anna], edges: [] };
/** A restored copy that has not met Anna yet. */
const NEW_GRAPH: GraphSnapshot = { nodes: [kitchen], edges: [] };

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startInstance(brokerUrl: string, driver: RecordingDriver, self: InstanceIdentity, graph: GraphSnapshot) {
  const clock = new ManualClock(T0);
  const logger = createMemoryLogger();
  const connection = presenceConnectionOf(brokerUrl, self);
  const presence = createInstancePresence({ connection, self, clock, logger });
  const mirror = createNeo4jMirror({
    connection: createNeo4jConnection({ url: "bolt://nas.local:7687" }, () => driver),
    graph: { snapshot: () => graph },
    clock,
    logger,
    gate: presence.writeGate,
  });
  const stop = await startGatedWriter(cleanups, { presence, connection: connection, writer: mirror });
  return { mirror, presence, stop };
}

describe("the Neo4j mirror of two instances on one broker", () => {
  it("is written by the publishing instance only, and wholly by the other once it takes over", async () => {
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const driver = new RecordingDriver();
    const prunes = () =>
      driver.transactions
        .flat()
        .filter((s) => s.text === PRUNE_NODES)
        .map((s) => s.parameters.keep);

    const old = await startInstance(broker.url, driver, OLD_HOST, OLD_GRAPH);
    await eventually(() => old.presence.isOpen(), "the first publishing");
    await eventually(() => prunes().length === 1, "the first's first sync");
    const next = await startInstance(broker.url, driver, NEW_HOST, NEW_GRAPH);
    await eventually(() => next.presence.status().role === "standby", "the second on standby");
    const before = driver.transactions.length;
    await next.mirror.syncNow();
    expect(driver.transactions.length).toBe(before);
    expect(prunes()).toEqual([["area:kitchen", "person:u-anna"]]);

    await old.stop();
    await eventually(() => next.presence.isOpen(), "the second taking over");
    await eventually(() => prunes().length === 2, "the second's first sync");
    expect(prunes()).toEqual([["area:kitchen", "person:u-anna"], ["area:kitchen"]]);
    const merged = driver.transactions
      .slice(before)
      .flat()
      .filter((s) => s.text.startsWith("UNWIND $rows AS row MERGE"));
    expect(merged.map((s) => (s.parameters.rows as { id: string }[]).map((r) => r.id))).toEqual([["area:kitchen"]]);
  });
});
