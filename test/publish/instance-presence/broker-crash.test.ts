// Two instances through a crash of their broker (killed, no persistence: every retained presence
// is gone, and no Last Will was sent): they decide again as soon as they are back on it, without
// any of the 30-second waits, and never both publish.
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { createInstancePresence } from "../../../src/publish/instance-presence/instance-presence.js";
import type { InstanceIdentity } from "../../../src/publish/instance-presence/presence-message.js";
import { eventually } from "../../fakes/ha/eventually.js";
import { type RunningMosquitto, startMosquitto } from "../../support/mosquitto.js";
import { newHostInstance, oldHostInstance, presenceConnectionOf } from "../../support/test-instances.js";

const T0 = Date.parse("2026-12-07T08:00:00Z");

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Its clock is never advanced: no timer of the protocol (echo, roll call, broker) can decide. */
async function startInstance(broker: RunningMosquitto, self: InstanceIdentity, reconnectPeriodMs: number) {
  const clock = new ManualClock(self.startedAt);
  const logger = createMemoryLogger();
  const connection = presenceConnectionOf(broker.url, self, { reconnectPeriodMs });
  const presence = createInstancePresence({ connection, self, clock, logger });
  cleanups.push(async () => {
    await presence.stop();
    await connection.close();
  });
  await presence.start();
  return { presence, clock, logger };
}

describe("two instances through a crash of their broker", () => {
  it.each([
    ["back on the broker together", 100, 100],
    ["the standby back on the broker a second later", 100, 1_000],
  ])("decide again at once, one publishing, never two: %s", async (_, oldReconnectMs, nextReconnectMs) => {
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const old = await startInstance(broker, oldHostInstance(T0), oldReconnectMs);
    await eventually(() => old.presence.isOpen(), "the first publishing");
    const next = await startInstance(broker, newHostInstance(T0), nextReconnectMs);
    await eventually(() => next.presence.status().role === "standby", "the second on standby");
    let openNow = 1;
    let mostAtOnce = 1;
    for (const s of [old, next]) {
      s.presence.onChange((open) => {
        openNow += open ? 1 : -1;
        mostAtOnce = Math.max(mostAtOnce, openNow);
      });
    }

    await broker.crash();
    await eventually(() => !old.presence.isOpen(), "the first to notice the crash");
    await eventually(
      () =>
        [old, next]
          .map((s) => s.presence.status().role)
          .sort()
          .join() === "publishing,standby",
      "one publishing, one standing by, with no clock advanced",
    );
    expect(mostAtOnce).toBe(1);
    for (const s of [old, next]) expect(s.clock.now()).toBe(T0);
    const publishing = [old, next].find((s) => s.presence.isOpen())!;
    const standby = [old, next].find((s) => !s.presence.isOpen())!;
    expect(standby.presence.status().others.map((o) => [o.id, o.role])).toEqual([
      [publishing.presence.status().id, "publishing"],
    ]);
    expect(standby.presence.writeGate.mode()).toBe("drop");
    expect(publishing.presence.writeGate.mode()).toBe("write");
  });
});
