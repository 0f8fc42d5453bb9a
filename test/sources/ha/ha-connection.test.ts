// The connection's own rules: URLs, the capped backoff, attempt timeouts, commands and errors against the fake.
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import {
  backoffDelay,
  HaCommandError,
  HaConnection,
  type WebSocketLike,
  websocketUrlFor,
} from "../../../src/sources/ha/ha-connection.js";
import { FakeHomeAssistant } from "../../fakes/fake-home-assistant.js";
import { eventually } from "../../fakes/ha/eventually.js";

describe("HaConnection", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("derives the websocket URL from what users configure", () => {
    expect(websocketUrlFor("http://homeassistant.local:8123")).toBe("ws://homeassistant.local:8123/api/websocket");
    expect(websocketUrlFor("https://ha.example.org/")).toBe("wss://ha.example.org/api/websocket");
    expect(websocketUrlFor("ws://supervisor/core/websocket")).toBe("ws://supervisor/core/websocket");
    expect(websocketUrlFor("http://supervisor/core")).toBe("ws://supervisor/core/api/websocket");
    expect(() => websocketUrlFor("homeassistant:8123")).toThrow("not a Home Assistant URL: homeassistant:8123");
  });

  it("doubles the wait after each failure up to the cap", () => {
    const backoff = { initialMs: 1_000, maxMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(backoff, n))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });

  it("abandons an attempt that gets no auth_ok in time and tries again after the backoff", async () => {
    const clock = new ManualClock(0);
    const logger = createMemoryLogger();
    const opened: SilentSocket[] = [];
    const conn = new HaConnection({
      url: "ws://ha.invalid/api/websocket",
      token: "t",
      logger,
      clock,
      connectTimeoutMs: 10_000,
      backoff: { initialMs: 500, maxMs: 500 },
      socketFactory: () => {
        const socket = new SilentSocket();
        opened.push(socket);
        return socket;
      },
    });
    cleanups.push(() => conn.close());
    const failures: string[] = [];
    conn.on(
      "attemptFailed",
      "test",
      (f) => void failures.push(`${f.attempt}: ${f.error} (retry in ${f.retryInMs} ms)`),
    );
    const opening = conn.open().catch((err: Error) => err.message);

    await eventually(() => opened.length === 1, "first socket");
    clock.advance(10_000);
    await eventually(() => failures.length === 1, "first failure");
    expect(opened[0].closed).toBe(true);
    clock.advance(499);
    expect(opened).toHaveLength(1);
    clock.advance(1);
    await eventually(() => opened.length === 2, "second socket");
    expect(failures).toEqual(["1: no auth_ok within 10000 ms (retry in 500 ms)"]);

    conn.close();
    expect(await opening).toBe("connection to Home Assistant closed");
  });

  it("sends commands with increasing ids and turns HA's errors into HaCommandError with code and message", async () => {
    const fake = await FakeHomeAssistant.start();
    cleanups.push(() => fake.stop());
    const conn = new HaConnection({
      url: fake.url,
      token: fake.token,
      logger: createMemoryLogger(),
      clock: new ManualClock(0),
    });
    cleanups.push(() => conn.close());
    await conn.open();

    expect(conn.haVersion).toBe("2023.12.4");
    expect(await conn.command({ type: "get_config" })).toMatchObject({ time_zone: "UTC", version: "2023.12.4" });
    const error = await conn
      .command({ type: "config/entity_registry/get", entity_id: "sensor.nope" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HaCommandError);
    expect(error).toMatchObject({
      code: "not_found",
      message: "config/entity_registry/get failed: Entity not found (not_found)",
    });
    const ids = fake.received.map((r) => r.message.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(fake.received[0].message).toEqual({ type: "supported_features", id: 1, features: { coalesce_messages: 1 } });
  });

  it("a command while disconnected fails at once with not_connected", async () => {
    const fake = await FakeHomeAssistant.start();
    cleanups.push(() => fake.stop());
    const conn = new HaConnection({
      url: fake.url,
      token: fake.token,
      logger: createMemoryLogger(),
      clock: new ManualClock(0),
    });
    cleanups.push(() => conn.close());
    await conn.open();
    const disconnected = new Promise((resolve) => conn.on("disconnected", "test", resolve));
    fake.dropConnections({ refuse: true });
    await disconnected;

    await expect(conn.command({ type: "ping" })).rejects.toMatchObject({ code: "not_connected" });
  });
});

/** A socket that never opens: a host that swallows packets. */
class SilentSocket implements WebSocketLike {
  readonly OPEN = 1;
  readyState = 0;
  closed = false;
  private listeners = new Map<string, ((event: unknown) => void)[]>();
  send(): void {}
  close(): void {
    this.closed = true;
    this.readyState = 3;
    for (const l of this.listeners.get("close") ?? []) l({ code: 1006 });
  }
  addEventListener(type: string, listener: (event: unknown) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  removeEventListener(type: string, listener: (event: unknown) => void): void {
    this.listeners.set(
      type,
      (this.listeners.get(type) ?? []).filter((l) => l !== listener),
    );
  }
}
