// Forgets a subject in the optional engines the options name: Redis keys, InfluxDB series, Neo4j nodes.
import type { Options } from "../config/config.js";
import { errorMessage } from "../core/errors.js";
import { createInfluxConnection, type InfluxConnection } from "../publish/influxdb/influx-connection.js";
import { type InfluxSettings, influxSettings } from "../publish/influxdb/influx-settings.js";
import { BASE_LABEL, NODE_LABELS } from "../publish/neo4j/graph-cypher.js";
import {
  type CypherStatement,
  createNeo4jConnection,
  type Neo4jConnection,
  type Neo4jSettings,
} from "../publish/neo4j/neo4j-connection.js";
import { createRedisConnection, type RedisCommand, type RedisConnection } from "../publish/redis/redis-connection.js";
import { ANOMALIES_LIST, PATTERNS_HASH } from "../publish/redis/redis-messages.js";
import { type ForgetSubject, names } from "./forget-subject.js";

export interface EngineForget {
  name: string;
  /** Removes what the engine holds about the subject; resolves with what went, in words. */
  forget(subject: ForgetSubject): Promise<string>;
}

export interface EngineForgetResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface EngineConnectors {
  redis?: (url: string) => RedisConnection;
  influx?: (settings: InfluxSettings) => InfluxConnection;
  neo4j?: (settings: Neo4jSettings) => Neo4jConnection;
}

/** One forgetter per engine whose option is set (and valid): the same engines the service writes to. */
export function engineForgetters(options: Options, connect: EngineConnectors = {}): EngineForget[] {
  const text = (name: keyof Options) => {
    const value = options[name];
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const out: EngineForget[] = [];
  const redisUrl = text("redis_url");
  if (redisUrl && /^rediss?:\/\//.test(redisUrl))
    out.push(redisForget(() => (connect.redis ?? createRedisConnection)(redisUrl)));
  const influx = influxSettings(options);
  if (influx && !("problem" in influx))
    out.push(influxForget((connect.influx ?? createInfluxConnection)(influx.settings)));
  const neo4jUrl = text("neo4j_url");
  if (neo4jUrl && /^(bolt|neo4j)(\+s|\+ssc)?:\/\//.test(neo4jUrl)) {
    const settings = { url: neo4jUrl, username: text("neo4j_username"), password: text("neo4j_password") };
    out.push(neo4jForget((connect.neo4j ?? createNeo4jConnection)(settings)));
  }
  return out;
}

/** Runs each engine's forget; one that fails is reported, never stops the others. */
export async function forgetInEngines(
  engines: readonly EngineForget[],
  subject: ForgetSubject,
): Promise<EngineForgetResult[]> {
  const results: EngineForgetResult[] = [];
  for (const engine of engines) {
    try {
      results.push({ name: engine.name, ok: true, detail: await engine.forget(subject) });
    } catch (err) {
      results.push({ name: engine.name, ok: false, detail: errorMessage(err) });
    }
  }
  return results;
}

/** The pattern hash's fields and the recent anomalies list's items that name the subject. */
export function redisForget(open: () => RedisConnection): EngineForget {
  return {
    name: "redis",
    async forget(subject) {
      const connection = open();
      await connection.connect();
      try {
        const hash = await connection.readHash(PATTERNS_HASH);
        const fields = Object.entries(hash)
          .filter(([field, value]) => names(field, subject.id) || names(value, subject.id))
          .map(([field]) => field);
        const items = (await connection.readList(ANOMALIES_LIST)).filter((item) => names(item, subject.id));
        const commands: RedisCommand[] = [];
        if (fields.length > 0) commands.push(["hdel", PATTERNS_HASH, ...fields]);
        for (const item of new Set(items)) commands.push(["lrem", ANOMALIES_LIST, 0, item]);
        if (commands.length > 0) await connection.transaction(commands);
        return `${fields.length} patterns and ${items.length} anomalies removed`;
      } finally {
        await connection.close();
      }
    },
  };
}

/** Events and anomalies are tagged by entity; people are not written to InfluxDB. */
export function influxForget(connection: InfluxConnection): EngineForget {
  return {
    name: "influxdb",
    async forget(subject) {
      if (subject.kind !== "entity") return "nothing stored per person";
      await connection.deleteSeries("entity", subject.id);
      return "series of the entity dropped";
    },
  };
}

/**
 * The Cypher that forgets a subject in the mirrored graph. Nodes are keyed "<kind>:<id>"
 * (entity:light.kitchen, automation:automation.x, person:<user id>) and carry the entity's id
 * (entityId) or the user's (userId); a person entity is the person's node. Pattern nodes name the
 * entities they involve in their key and summary: they go first, found through INVOLVES, since
 * the mirror prunes them only at its next sync, and not at all while the service is stopped.
 */
export function neo4jForgetStatements(subject: ForgetSubject): CypherStatement[] {
  const property = subject.kind === "entity" ? "entityId" : "userId";
  const matches = `(n.id ENDS WITH $suffix OR n.${property} = $id)`;
  const parameters = { suffix: `:${subject.id}`, id: subject.id };
  return [
    {
      text: `MATCH (p:${BASE_LABEL}:${NODE_LABELS.pattern})-[:INVOLVES]->(n:${BASE_LABEL}) WHERE ${matches} DETACH DELETE p`,
      parameters,
    },
    { text: `MATCH (n:${BASE_LABEL}) WHERE ${matches} DETACH DELETE n`, parameters },
  ];
}

export function neo4jForget(connection: Neo4jConnection): EngineForget {
  return {
    name: "neo4j",
    async forget(subject) {
      try {
        await connection.write(neo4jForgetStatements(subject));
        return "nodes and the patterns involving them removed";
      } finally {
        await connection.close();
      }
    },
  };
}
