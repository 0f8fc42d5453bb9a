// The outbox in front of every optional engine: order, batches, backoff on the clock, a bounded queue, refused items.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { createMemoryLogger } from "../../src/core/logger.js";
import { DeliveryRejected, EngineOutbox, outboxDetail } from "../../src/publish/engine-outbox.js";

function setup(opts: { maxQueued?: number; maxBatch?: number } = {}) {
  const clock = new ManualClock(0);
  const delivered: string[][] = [];
  const attempts: number[] = [];
  const engine = { up: true, refuse: undefined as string | undefined, connects: 0 };
  const outbox = new EngineOutbox<string>({
    clock,
    logger: createMemoryLogger(),
    maxQueued: opts.maxQueued ?? 100,
    maxBatch: opts.maxBatch ?? 10,
    needsUser: (err) => String(err).includes("password"),
    async connect() {
      attempts.push(clock.now());
      if (!engine.up) throw new Error("connect ECONNREFUSED");
      engine.connects++;
    },
    async deliver(items) {
      if (engine.refuse && items.includes(engine.refuse)) throw new DeliveryRejected("bad line");
      delivered.push([...items]);
    },
  });
  const settle = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
    await outbox.flush();
  };
  return { clock, outbox, delivered, attempts, engine, settle };
}

describe("EngineOutbox", () => {
  it("connects on the first item, then delivers in order, what was pushed together in batches of at most maxBatch", async () => {
    const { outbox, delivered, engine, settle } = setup({ maxBatch: 2 });
    expect(engine.connects).toBe(0);
    outbox.push("a");
    for (const x of ["b", "c", "d", "e"]) outbox.push(x);
    await settle();
    expect(delivered).toEqual([["a", "b"], ["c", "d"], ["e"]]);
    expect(engine.connects).toBe(1);
    expect(outbox.status()).toMatchObject({ connected: true, sent: 5, queued: 0, errors: 0 });
  });

  it("retries after 1, 2, 4 ... s on the clock, up to a minute, and delivers everything once back", async () => {
    const { clock, outbox, delivered, attempts, engine, settle } = setup();
    engine.up = false;
    outbox.push("a");
    await settle();
    expect(outbox.state()).toBe("degraded");
    for (let i = 0; i < 8; i++) {
      clock.advance(outbox.status().retryInMs!);
      await settle();
    }
    expect(attempts).toEqual([0, 1_000, 3_000, 7_000, 15_000, 31_000, 63_000, 123_000, 183_000]);
    outbox.push("b");
    expect(outboxDetail("redis://host", outbox.status(), "message")).toBe(
      "redis://host: connect ECONNREFUSED; next attempt in 60 s; 0 messages sent, 2 queued",
    );
    engine.up = true;
    clock.advance(60_000);
    await settle();
    expect(delivered).toEqual([["a", "b"]]);
    expect(outbox.state()).toBe("ok");
    expect(outboxDetail("redis://host", outbox.status(), "message")).toBe("redis://host: connected; 2 messages sent");
  });

  it("drops the oldest items when the queue is full and counts them", async () => {
    const { clock, outbox, delivered, engine, settle } = setup({ maxQueued: 3 });
    engine.up = false;
    for (const x of ["a", "b", "c", "d", "e"]) outbox.push(x);
    await settle();
    expect(outbox.status()).toMatchObject({ queued: 3, dropped: 2 });
    engine.up = true;
    clock.advance(1_000);
    await settle();
    expect(delivered).toEqual([["c", "d", "e"]]);
  });

  it("gives up items the engine refuses for good and goes on with the rest", async () => {
    const { outbox, delivered, engine, settle } = setup({ maxBatch: 1 });
    engine.refuse = "bad";
    for (const x of ["a", "bad", "c"]) outbox.push(x);
    await settle();
    expect(delivered).toEqual([["a"], ["c"]]);
    expect(outbox.status()).toMatchObject({ sent: 2, rejected: 1, queued: 0 });
    expect(outbox.state()).toBe("ok");
  });

  it("says error, not degraded, when only the user can fix it", async () => {
    const clock = new ManualClock(0);
    const outbox = new EngineOutbox<string>({
      clock,
      logger: createMemoryLogger(),
      maxQueued: 10,
      maxBatch: 10,
      needsUser: (err) => String(err).includes("password"),
      connect: async () => {
        throw new Error("invalid password");
      },
      deliver: async () => undefined,
    });
    outbox.push("a");
    await outbox.flush();
    expect(outbox.state()).toBe("error");
    expect(outboxDetail("bolt://nas:7687", outbox.status(), "change")).toBe(
      "bolt://nas:7687: invalid password (check the add-on options); next attempt in 1 s; 0 changes sent, 1 queued",
    );
  });
});
