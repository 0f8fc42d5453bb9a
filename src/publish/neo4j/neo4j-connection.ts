// The one file that imports neo4j-driver: parameterized Cypher run in write transactions, with the driver replaceable in tests.
import type { Integer } from "neo4j-driver";
import { redactUrl } from "../engine-status.js";

/** Cypher text with $parameters; values only ever travel in `parameters`. */
export interface CypherStatement {
  text: string;
  parameters: Record<string, unknown>;
}

export interface Neo4jSettings {
  url: string;
  username?: string;
  password?: string;
  /** Default database of the server when absent. */
  database?: string;
}

export interface Neo4jConnection {
  readonly target: string;
  /** Opens the driver on first use and checks the server answers and accepts the login. */
  verify(): Promise<void>;
  /** Runs the statements, in order, in one write transaction. */
  write(statements: readonly CypherStatement[]): Promise<void>;
  close(): Promise<void>;
}

/** The part of neo4j-driver's Driver this file uses: what a fake driver in a test implements. */
export interface DriverLike {
  verifyConnectivity(): Promise<unknown>;
  session(config: { database?: string }): SessionLike;
  close(): Promise<void>;
}

export interface SessionLike {
  executeWrite<T>(work: (tx: TransactionLike) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface TransactionLike {
  run(text: string, parameters: Record<string, unknown>): PromiseLike<unknown>;
}

export type DriverFactory = (settings: Neo4jSettings) => DriverLike | Promise<DriverLike>;

/** Neo4j's error code ("Neo.ClientError.Security.Unauthorized"), when the error is the server's or the driver's. */
export function neo4jErrorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export function createNeo4jConnection(
  settings: Neo4jSettings,
  driverFactory: DriverFactory = realDriver,
): Neo4jConnection {
  let driver: Promise<DriverLike> | undefined;
  const open = () => {
    if (driver) return driver;
    const opening = Promise.resolve().then(() => driverFactory(settings));
    driver = opening;
    // A factory that failed (the driver could not be loaded) is tried again next time.
    opening.catch(() => {
      if (driver === opening) driver = undefined;
    });
    return opening;
  };
  return {
    target: redactUrl(settings.url),
    async verify() {
      await (await open()).verifyConnectivity();
    },
    async write(statements) {
      if (statements.length === 0) return;
      const session = (await open()).session(settings.database ? { database: settings.database } : {});
      try {
        await session.executeWrite(async (tx) => {
          for (const s of statements) await tx.run(s.text, s.parameters);
        });
      } finally {
        await session.close();
      }
    },
    async close() {
      const d = driver;
      driver = undefined;
      await (await d?.catch(() => undefined))?.close();
    },
  };
}

/** neo4j-driver is loaded when the mirror first connects: an install without Neo4j never holds it. */
async function realDriver(settings: Neo4jSettings): Promise<DriverLike> {
  const neo4j = (await import("neo4j-driver")).default;
  const asNeo4j = <T>(value: T) => integersAsNeo4j(value, (n) => neo4j.int(n));
  const auth =
    settings.password !== undefined ? neo4j.auth.basic(settings.username ?? "neo4j", settings.password) : undefined;
  const driver = neo4j.driver(settings.url, auth, {
    // The mirror retries on its own clock with backoff; the driver should fail fast instead of retrying for 30 s.
    maxTransactionRetryTime: 0,
    connectionTimeout: 10_000,
    maxConnectionPoolSize: 2,
  });
  return {
    verifyConnectivity: () => driver.verifyConnectivity(),
    session(config) {
      const session = driver.session({ ...config, defaultAccessMode: neo4j.session.WRITE });
      return {
        executeWrite: (work) =>
          session.executeWrite((tx) => work({ run: (text, parameters) => tx.run(text, asNeo4j(parameters)) })),
        close: () => session.close(),
      };
    },
    close: () => driver.close(),
  };
}

/** JavaScript numbers reach Neo4j as floats; whole numbers (counts, epoch ms) are sent as Neo4j integers. */
function integersAsNeo4j<T>(value: T, int: (n: number) => Integer): T {
  if (typeof value === "number" && Number.isSafeInteger(value)) return int(value) as unknown as T;
  if (Array.isArray(value)) return value.map((v) => integersAsNeo4j(v, int)) as unknown as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, integersAsNeo4j(v, int)])) as T;
  }
  return value;
}
