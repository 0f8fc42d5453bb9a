// Two Home Patterns instances on one broker: exactly one publishes, the other stands by and takes over.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { connectMqtt, createMqttConnection, type MqttConnection } from "../../../src/mqtt/mqtt-connection.js";
import {
  CONFIRM_WITHIN_MS,
  createInstancePresence,
  type InstancePresenceService,
} from "../../../src/publish/instance-presence/instance-presence.js";
import {
  type InstanceIdentity,
  PRESENCE_FILTER,
  presenceTopic,
  presenceWill,
} from "../../../src/publish/instance-presence/presence-message.js";
import { eventually } from "../../fakes/ha/eventually.js";
import { readingLate } from "../../support/late-reading-mqtt.js";
import { type RunningMosquitto, startMosquitto } from "../../support/mosquitto.js";
import { readRetained } from "../../support/mqtt-watcher.js";
import { newHostInstance, oldHostInstance, presenceConnectionOf } from "../../support/test-instances.js";

const T0 = Date.parse("2026-12-07T08:00:00Z");
const OLD_HOST = oldHostInstance(T0);
const NEW_HOST = newHostInstance(T0 + 60_000, "0.2.0");

let broker: RunningMosquitto;
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker.stop();
});

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  // Each test starts from an empty broker: no presence left by the one before.
  const left = await readRetained(broker.url, [PRESENCE_FILTER]);
  const cleaner = await connectMqtt(broker.url);
  for (const topic of left.keys()) await cleaner.publish(topic, "", { retain: true, qos: 1 });
  await cleaner.close();
});

interface Started {
  presence: InstancePresenceService;
  connection: MqttConnection;
  logger: ReturnType<typeof createMemoryLogger>;
  clock: ManualClock;
  /** Every gate change, in order. */
  changes: boolean[];
}

async function startInstance(self: InstanceIdentity, clientId = `hp-presence-${self.run}`): Promise<Started> {
  const logger = createMemoryLogger();
  const clock = new ManualClock(self.startedAt);
  const connection = presenceConnectionOf(broker.url, self, { clientId });
  const presence = createInstancePresence({ connection, self, clock, logger });
  const changes: boolean[] = [];
  presence.onChange((open) => changes.push(open));
  cleanups.push(async () => {
    await presence.stop();
    await connection.close();
  });
  await presence.start();
  return { presence, connection, logger, clock, changes };
}

/** An instance whose event loop is busy: its timers run before it reads what the broker sent. */
async function startReadingLate(self: InstanceIdentity) {
  const clock = new ManualClock(self.startedAt);
  const real = createMqttConnection(broker.url, { will: presenceWill(self), reconnectPeriodMs: 60_000 });
  const { connection, held, release } = readingLate(real);
  const presence = createInstancePresence({ connection, self, clock, logger: createMemoryLogger() });
  const changes: boolean[] = [];
  presence.onChange((open) => changes.push(open));
  cleanups.push(async () => {
    await presence.stop();
    await real.close();
  });
  await presence.start();
  return { presence, held, clock, release, changes };
}

const warnings = (s: Started) => s.logger.lines.filter((l) => l.includes("WARN"));

describe("instance presence", () => {
  it("lets a lone instance publish, with a retained presence naming it", async () => {
    const old = await startInstance(OLD_HOST);
    await eventually(() => old.presence.isOpen(), "the lone instance publishing");
    expect(old.changes).toEqual([true]);
    expect(old.presence.status()).toEqual({ ...OLD_HOST, role: "publishing", others: [], broker: "connected" });
    const retained = await readRetained(broker.url, [PRESENCE_FILTER]);
    expect([...retained.keys()]).toEqual(["home_patterns/instance/presence/a1a1a1a1a1a1-0000aaaa"]);
    expect(JSON.parse(retained.get(presenceTopic(OLD_HOST))!.payload)).toEqual({
      id: "a1a1a1a1a1a1",
      run: "0000aaaa",
      host: "old-nuc",
      version: "0.1.0",
      started_at: "2026-12-07T08:00:00.000Z",
      role: "publishing",
    });
    expect(warnings(old)).toEqual([]);
  });

  it("keeps a second instance on standby with one warning naming the first, until the first stops", async () => {
    const old = await startInstance(OLD_HOST);
    await eventually(() => old.presence.isOpen(), "the first instance publishing");
    const next = await startInstance(NEW_HOST);
    await eventually(() => next.presence.status().role === "standby", "the second on standby");
    expect(next.presence.isOpen()).toBe(false);
    expect(old.presence.isOpen()).toBe(true);
    expect(next.presence.status().others).toEqual([{ ...OLD_HOST, role: "publishing" }]);
    await eventually(() => old.presence.status().others[0]?.role === "standby", "the first sees it standing by");
    expect(old.presence.status().others).toEqual([{ ...NEW_HOST, role: "standby" }]);
    const said = warnings(next);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain("another Home Patterns instance publishes to Home Assistant");
    expect(said[0]).toContain('otherInstance="a1a1a1a1a1a1" host="old-nuc" version="0.1.0"');
    expect(said[0]).toContain('startedAt="2026-12-07T08:00:00.000Z"');
    expect(said[0]).toContain('thisInstance="b2b2b2b2b2b2"');
    expect(old.changes).toEqual([true]);

    await old.presence.stop();
    await eventually(() => next.presence.isOpen(), "the second taking over");
    expect(next.changes).toEqual([true]);
    expect(next.presence.status().others).toEqual([]);
    expect(warnings(next)).toHaveLength(1);
  });

  it("takes over when the publishing instance dies without a goodbye (its Last Will)", async () => {
    const old = await startInstance(OLD_HOST, "hp-presence-crash");
    await eventually(() => old.presence.isOpen(), "the first instance publishing");
    const next = await startInstance(NEW_HOST);
    await eventually(() => next.presence.status().role === "standby", "the second on standby");
    // The broker drops the first connection without a DISCONNECT: it sends the first one's Will.
    const intruder = await connectMqtt(broker.url, { clientId: "hp-presence-crash" });
    cleanups.push(() => intruder.close());
    await eventually(() => next.presence.isOpen(), "the second taking over");
    expect(next.presence.status().role).toBe("publishing");
  });

  it("ends two instances starting at the same instant with exactly one publishing, never two at once", async () => {
    for (let round = 0; round < 8; round++) {
      const a: InstanceIdentity = { ...OLD_HOST, run: `a${round}a${round}a${round}a${round}` };
      const b: InstanceIdentity = { ...NEW_HOST, run: `b${round}b${round}b${round}b${round}`, startedAt: T0 };
      let openNow = 0;
      let mostAtOnce = 0;
      const [first, second] = await Promise.all([startInstance(a), startInstance(b)]);
      for (const s of [first, second]) {
        s.presence.onChange((open) => {
          openNow += open ? 1 : -1;
          mostAtOnce = Math.max(mostAtOnce, openNow);
        });
      }
      await eventually(
        () =>
          [first, second]
            .map((s) => s.presence.status().role)
            .sort()
            .join() === "publishing,standby",
        `round ${round}: one publishing, one standing by`,
      );
      expect(mostAtOnce).toBeLessThanOrEqual(1);
      expect(first.changes.length + second.changes.length).toBe(1);
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    }
  });

  it("deletes a presence the broker kept but nobody answers for, then publishes", async () => {
    // A broker restarted with persistence keeps presences whose Will it never sent.
    const leftover = await connectMqtt(broker.url);
    await leftover.publish(
      presenceTopic(OLD_HOST),
      JSON.stringify({
        id: "a1a1a1a1a1a1",
        run: "0000aaaa",
        host: "old-nuc",
        version: "0.1.0",
        started_at: "2026-12-07T08:00:00.000Z",
        role: "publishing",
      }),
      { retain: true, qos: 1 },
    );
    await leftover.close();

    const next = await startInstance(NEW_HOST);
    await eventually(() => next.presence.status().others.length === 1, "the left-over presence read");
    // Not taken as live: no warning, no publishing, until the roll call has gone unanswered.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(next.presence.isOpen()).toBe(false);
    expect(warnings(next)).toEqual([]);
    next.clock.advance(CONFIRM_WITHIN_MS);
    await eventually(() => next.presence.isOpen(), "publishing after the left-over is deleted");
    const retained = await readRetained(broker.url, [PRESENCE_FILTER]);
    expect([...retained.keys()]).toEqual([presenceTopic(NEW_HOST)]);
    expect(next.logger.lines.some((l) => l.includes("deleting the presence of an instance that did not answer"))).toBe(
      true,
    );
  });

  it("names a copy of its own data dir (same id, another run) as such", async () => {
    const old = await startInstance(OLD_HOST);
    await eventually(() => old.presence.isOpen(), "the first instance publishing");
    const copy = await startInstance({ ...OLD_HOST, run: "0000cccc", host: "restored-pi", startedAt: T0 + 5_000 });
    await eventually(() => copy.presence.status().role === "standby", "the copy on standby");
    expect(warnings(copy)).toHaveLength(1);
    expect(warnings(copy)[0]).toContain("a copy of this data dir");
    expect(old.presence.isOpen()).toBe(true);
  });

  it("publishes as if alone, saying why, when the broker never echoes its presence", async () => {
    const logger = createMemoryLogger();
    const clock = new ManualClock(T0);
    const real = createMqttConnection(broker.url, { will: presenceWill(OLD_HOST), reconnectPeriodMs: 60_000 });
    let dropped = 0;
    // As an ACL that silently drops what this MQTT user may not publish.
    const connection: MqttConnection = Object.assign(Object.create(real) as MqttConnection, {
      publish: async (topic: string, payload: string | Buffer, options?: { retain?: boolean; qos?: 0 | 1 | 2 }) => {
        if (topic.startsWith("home_patterns/instance/")) {
          dropped++;
          return;
        }
        await real.publish(topic, payload, options);
      },
    });
    const presence = createInstancePresence({ connection, self: OLD_HOST, clock, logger });
    cleanups.push(async () => {
      await presence.stop();
      await real.close();
    });
    await presence.start();
    await eventually(() => dropped >= 2, "the presence and the roll call sent");
    expect(presence.isOpen()).toBe(false);
    clock.advance(CONFIRM_WITHIN_MS);
    expect(presence.isOpen()).toBe(true);
    expect(logger.lines.filter((l) => l.includes("WARN"))).toEqual([
      expect.stringContaining("the broker does not echo this instance's presence"),
    ]);
  });

  it("stands by after all when its echo only came late and another instance publishes", async () => {
    // A newcomer whose event loop is busy (a rollup at start) runs its echo timer before it reads
    // what the broker already sent it: the running instance's presence and its own echo.
    const old = await startInstance(OLD_HOST);
    await eventually(() => old.presence.isOpen(), "the first instance publishing");
    const { presence: next, held, clock, release } = await startReadingLate(NEW_HOST);
    await eventually(
      () => held.some((m) => m.topic === presenceTopic(OLD_HOST) && !m.retain),
      "the first instance's answer to the roll call received, not read",
    );
    clock.advance(CONFIRM_WITHIN_MS);
    expect(next.isOpen()).toBe(true);
    release();
    await eventually(() => next.status().role === "standby", "the newcomer standing by");
    expect(next.isOpen()).toBe(false);
    expect(old.presence.isOpen()).toBe(true);
    await eventually(() => old.presence.status().others[0]?.role === "standby", "the first sees it standing by");
  });

  it("keeps publishing when alone and its echo only came late", async () => {
    const { presence: lone, held, clock, release, changes } = await startReadingLate(OLD_HOST);
    await eventually(() => held.some((m) => m.topic === presenceTopic(OLD_HOST)), "its echo received, not read");
    clock.advance(CONFIRM_WITHIN_MS);
    release();
    await eventually(async () => {
      const retained = await readRetained(broker.url, [PRESENCE_FILTER]);
      return retained.get(presenceTopic(OLD_HOST))?.payload.includes('"role":"publishing"');
    }, "its claim on the broker");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lone.status().role).toBe("publishing");
    expect(changes).toEqual([true]);
  });

  it("warns of no other instance when the broker restarts and sends this one's Last Will on its way down", async () => {
    // mosquitto 2 sends every connected client's Will as it shuts down: ours deletes our presence.
    const logger = createMemoryLogger();
    const clock = new ManualClock(T0);
    const connection = createMqttConnection(broker.url, { will: presenceWill(OLD_HOST), reconnectPeriodMs: 100 });
    const lone = createInstancePresence({ connection, self: OLD_HOST, clock, logger });
    const changes: boolean[] = [];
    lone.onChange((open) => changes.push(open));
    cleanups.push(async () => {
      await lone.stop();
      await connection.close();
    });
    await lone.start();
    await eventually(() => lone.isOpen(), "publishing");
    await broker.restart();
    await eventually(() => changes.length === 3, "publishing again after the restart");
    expect(changes).toEqual([true, false, true]);
    expect(logger.lines.filter((l) => l.includes("WARN"))).toEqual([]);
  });

  it("announces itself again, with one warning, when another instance deletes its presence", async () => {
    const lone = await startInstance(OLD_HOST);
    await eventually(() => lone.presence.isOpen(), "publishing");
    const other = await connectMqtt(broker.url);
    cleanups.push(() => other.close());
    await other.publish(presenceTopic(OLD_HOST), "", { retain: true, qos: 1 });
    await eventually(() => lone.changes.length === 3, "publishing again");
    expect(lone.changes).toEqual([true, false, true]);
    expect(warnings(lone)).toEqual([expect.stringContaining("another instance removed this instance's presence")]);
    const retained = await readRetained(broker.url, [PRESENCE_FILTER]);
    expect(retained.get(presenceTopic(OLD_HOST))?.payload).toContain('"role":"publishing"');
  });

  it("ignores an unreadable presence with one warning", async () => {
    const other = await connectMqtt(broker.url);
    await other.publish("home_patterns/instance/presence/garbage", "{not json", { retain: true, qos: 1 });
    await other.close();
    const lone = await startInstance(OLD_HOST);
    await eventually(() => lone.presence.isOpen(), "publishing");
    expect(warnings(lone)).toHaveLength(1);
    expect(warnings(lone)[0]).toContain(
      'ignoring an unreadable Home Patterns presence message topic="home_patterns/instance/presence/garbage"',
    );
  });
});
