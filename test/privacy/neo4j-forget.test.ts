// Forgetting in Neo4j: the Cypher sent (no Neo4j server runs here: a recording driver takes it),
// checked against the node ids and properties the mirror really writes for the same home.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { neo4jForget, neo4jForgetStatements } from "../../src/privacy/engine-forget.js";
import { createNeo4jConnection, type DriverLike } from "../../src/publish/neo4j/neo4j-connection.js";
import { createNeo4jMirror } from "../../src/publish/neo4j/neo4j-graph-mirror.js";
import { fedGraph, T0 } from "../graph/graph-fixture.js";

interface Statement {
  text: string;
  parameters: Record<string, unknown>;
}

class RecordingDriver implements DriverLike {
  transactions: Statement[][] = [];
  failWith: Error | undefined;
  closed = false;
  async verifyConnectivity() {}
  session() {
    return {
      executeWrite: async <T>(
        work: (tx: { run(t: string, p: Record<string, unknown>): Promise<unknown> }) => Promise<T>,
      ) => {
        if (this.failWith) throw this.failWith;
        const tx: Statement[] = [];
        const result = await work({ run: async (text, parameters) => void tx.push({ text, parameters }) });
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

/** The nodes and INVOLVES edges the mirror writes for the fixture home, as rows it sent. */
async function mirroredHome() {
  const driver = new RecordingDriver();
  const { graph } = fedGraph();
  const mirror = createNeo4jMirror({
    connection: createNeo4jConnection({ url: "bolt://nas:7687" }, () => driver),
    graph,
    clock: new ManualClock(T0),
    logger: createMemoryLogger(),
  });
  await mirror.syncNow();
  const sent = driver.transactions.flat();
  const rowsOf = (pattern: RegExp) =>
    sent.filter((s) => pattern.test(s.text)).flatMap((s) => s.parameters.rows as Record<string, unknown>[]);
  const nodes = rowsOf(/^UNWIND \$rows AS row MERGE \(n:HomePatterns/).map((r) => ({
    id: r.id as string,
    properties: r.properties as Record<string, unknown>,
  }));
  const involves = rowsOf(/^UNWIND \$rows AS row .*MERGE \(a\)-\[r:INVOLVES\]/).map((r) => ({
    from: r.from as string,
    to: r.to as string,
  }));
  return { nodes, involves };
}

/** What the two statements select, read as they are written: a node matches by id suffix or property. */
function selected(statements: Statement[], home: Awaited<ReturnType<typeof mirroredHome>>): string[] {
  const [patterns, nodes] = statements;
  const { suffix, id } = nodes.parameters as { suffix: string; id: string };
  const property = /n\.(entityId|userId) = \$id/.exec(nodes.text)?.[1] as string;
  const matches = (n: { id: string; properties: Record<string, unknown> }) =>
    n.id.endsWith(suffix) || n.properties[property] === id;
  const hit = new Set(home.nodes.filter(matches).map((n) => n.id));
  expect(patterns.text).toMatch(
    /^MATCH \(p:HomePatterns:Pattern\)-\[:INVOLVES\]->\(n:HomePatterns\) WHERE .* DETACH DELETE p$/,
  );
  const viaPatterns = home.involves.filter((e) => hit.has(e.to)).map((e) => e.from);
  return [...new Set([...viaPatterns, ...hit])].sort();
}

describe("forgetting in Neo4j", () => {
  it("removes an entity's node and the pattern nodes that involve it, and nothing else", async () => {
    const home = await mirroredHome();
    const named = home.nodes.filter((n) => JSON.stringify(n).includes("light.kitchen")).map((n) => n.id);
    expect(named.length).toBeGreaterThan(1);
    expect(named.some((id) => id.startsWith("pattern:"))).toBe(true);
    const gone = selected(neo4jForgetStatements({ kind: "entity", id: "light.kitchen" }), home);
    expect(gone).toEqual([...named].sort());
  });

  it("removes a person's node, found by user id or through the person entity", async () => {
    const home = await mirroredHome();
    const person = home.nodes.find((n) => n.id === "person:u-anna");
    expect(person?.properties.entityId).toBe("person.anna");
    expect(selected(neo4jForgetStatements({ kind: "person", id: "u-anna" }), home)).toEqual(["person:u-anna"]);
    expect(selected(neo4jForgetStatements({ kind: "entity", id: "person.anna" }), home)).toEqual(["person:u-anna"]);
  });

  it("sends the id only as a parameter, in one transaction, and closes the connection even when it fails", async () => {
    const driver = new RecordingDriver();
    const forget = neo4jForget(createNeo4jConnection({ url: "bolt://nas:7687" }, () => driver));
    expect(await forget.forget({ kind: "entity", id: "light.kitchen" })).toBe(
      "nodes and the patterns involving them removed",
    );
    expect(driver.transactions).toHaveLength(1);
    for (const s of driver.transactions[0]) {
      expect(s.text).not.toContain("light.kitchen");
      expect(s.parameters).toEqual({ suffix: ":light.kitchen", id: "light.kitchen" });
    }
    expect(driver.closed).toBe(true);

    const failing = new RecordingDriver();
    failing.failWith = new Error("Neo.ClientError.Security.Unauthorized");
    const refused = neo4jForget(createNeo4jConnection({ url: "bolt://nas:7687" }, () => failing));
    await expect(refused.forget({ kind: "person", id: "u-anna" })).rejects.toThrow("Unauthorized");
    expect(failing.closed).toBe(true);
  });
});
