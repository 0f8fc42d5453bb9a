// Which instance writes Home Assistant events and the Redis live bus: the publishing one, also while the broker is away.
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { CONFIRM_WITHIN_MS, createInstancePresence } from "../../../src/publish/instance-presence/instance-presence.js";
import type { InstanceIdentity } from "../../../src/publish/instance-presence/presence-message.js";
import type { WriteMode } from "../../../src/publish/write-gate.js";
import { eventually } from "../../fakes/ha/eventually.js";
import { freePort } from "../../support/local-server.js";
import { type RunningMosquitto, startMosquitto } from "../../support/mosquitto.js";
import { newHostInstance, oldHostInstance, presenceConnectionOf } from "../../support/test-instances.js";

const T0 = Date.parse("2026-12-07T08:00:00Z");
const OLD_HOST = oldHostInstance(T0);
const NEW_HOST = newHostInstance(T0, "0.2.0");

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startInstance(brokerUrl: string, self: InstanceIdentity, reconnectPeriodMs = 60_000) {
  const logger = createMemoryLogger();
  const clock = new ManualClock(self.startedAt);
  const connection = presenceConnectionOf(brokerUrl, self, { reconnectPeriodMs });
  const presence = createInstancePresence({ connection, self, clock, logger });
  const modes: WriteMode[] = [];
  presence.writeGate.onChange((mode) => modes.push(mode));
  cleanups.push(async () => {
    await presence.stop();
    await connection.close();
  });
  await presence.start();
  return { presence, connection, clock, logger, modes };
}

describe("the write gate of the instance presence", () => {
  it("fires on the publishing instance and drops on the standby, also after both lose the broker", async () => {
    const broker = await startMosquitto();
    let back: RunningMosquitto | undefined;
    // The last to go: the instances say goodbye to the broker that is back.
    cleanups.push(async () => {
      await broker.stop();
      await back?.stop();
    });
    // Quick to reconnect: the connections can only be closed once the broker is back.
    const old = await startInstance(broker.url, OLD_HOST, 200);
    await eventually(() => old.presence.isOpen(), "the first publishing");
    const next = await startInstance(broker.url, NEW_HOST, 200);
    await eventually(() => next.presence.status().role === "standby", "the second on standby");
    expect([old.presence.writeGate.mode(), next.presence.writeGate.mode()]).toEqual(["write", "drop"]);

    await broker.stop();
    await eventually(() => !old.connection.connected && !next.connection.connected, "both losing the broker");
    // Home Assistant's bus does not need the broker: the last decision holds until it is back.
    expect([old.presence.isOpen(), next.presence.isOpen()]).toEqual([false, false]);
    expect([old.presence.writeGate.mode(), next.presence.writeGate.mode()]).toEqual(["write", "drop"]);
    // The broker's shutdown may make each announce again first; the standby never fires meanwhile.
    expect(old.modes.at(-1)).toBe("write");
    expect(next.modes).not.toContain("write");

    back = await startMosquitto({ port: broker.port });
    await eventually(() => old.connection.connected && next.connection.connected, "both back on the broker");
  });

  it("holds events while the broker cannot be reached at start, then fires as if alone after 30 s", async () => {
    const closedPort = await freePort();
    const lone = await startInstance(`mqtt://127.0.0.1:${closedPort}`, OLD_HOST);
    expect(lone.presence.writeGate.mode()).toBe("hold");
    lone.clock.advance(CONFIRM_WITHIN_MS - 1);
    expect(lone.presence.writeGate.mode()).toBe("hold");
    lone.clock.advance(1);
    expect(lone.presence.writeGate.mode()).toBe("write");
    expect(lone.modes).toEqual(["write"]);
    expect(
      lone.logger.lines.filter((l) => l.includes("writing Home Assistant events, Redis and Neo4j as if alone")),
    ).toHaveLength(1);
  });
});
