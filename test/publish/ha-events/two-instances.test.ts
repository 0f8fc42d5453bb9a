// Two instances on one broker and one Home Assistant: only the publishing one fires events on
// Home Assistant's bus, so an automation runs once; a standby that takes over fires no backlog.
import { afterEach, describe, expect, it } from "vitest";
import type { AppEvents } from "../../../src/app-events.js";
import { ManualClock } from "../../../src/core/clock.js";
import { TypedBus } from "../../../src/core/event-bus.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import type { Anomaly } from "../../../src/patterns/finding.js";
import { createHaEventPublisher } from "../../../src/publish/ha-events/index.js";
import { createInstancePresence } from "../../../src/publish/instance-presence/instance-presence.js";
import type { InstanceIdentity } from "../../../src/publish/instance-presence/presence-message.js";
import { createHaSource } from "../../../src/sources/ha/ha-source.js";
import { FakeHomeAssistant } from "../../fakes/fake-home-assistant.js";
import { eventually } from "../../fakes/ha/eventually.js";
import { startGatedWriter } from "../../support/gated-writer.js";
import { MemoryRegistryStore } from "../../support/memory/memory-registry-store.js";
import { type RunningMosquitto, startMosquitto } from "../../support/mosquitto.js";
import { newHostInstance, oldHostInstance, presenceConnectionOf } from "../../support/test-instances.js";
import { subscribeToBus } from "./ha-bus-subscriber.js";

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function anomaly(n: number): Anomaly {
  return {
    key: `unusual_time|light.hall|2026-11-23T03:1${n}`,
    kind: "unusual_time",
    entity: "light.hall",
    area: "hall",
    ts: Date.UTC(2026, 10, 23, 3, 10 + n, 0),
    severity: "medium",
    summary: `Hall light turned on at 04:1${n}, a time it practically never does`,
    expected: "usually off between 00:30 and 06:40",
    details: { minuteOfDay: 250 + n },
  };
}

/** One instance as the app wires it: its websocket to HA, its presence, the event publisher behind it. */
async function startInstance(
  broker: RunningMosquitto,
  fake: FakeHomeAssistant,
  clock: ManualClock,
  self: InstanceIdentity,
  /** Runs once the event publisher listens, before the presence has decided anything. */
  beforeDeciding: (bus: TypedBus<AppEvents>) => void = () => {},
) {
  const logger = createMemoryLogger();
  const ha = createHaSource({
    url: fake.url,
    token: fake.token,
    logger,
    clock,
    registry: new MemoryRegistryStore(),
    lastEventTimes: () => new Map(),
    connectTimeoutMs: 3_600_000,
  });
  cleanups.push(() => ha.stop());
  await ha.start({ push: () => undefined, reject: () => undefined });
  await ha.synced();
  const presenceConnection = presenceConnectionOf(broker.url, self);
  const presence = createInstancePresence({ connection: presenceConnection, self, clock, logger });
  const bus = new TypedBus<AppEvents>(logger);
  const events = createHaEventPublisher({
    bus,
    fireEvent: (type, data) => ha.fireEvent(type, data),
    onConnected: (listener) => ha.onHomeConfig(() => listener()),
    logger,
    gate: presence.writeGate,
  });
  const stop = await startGatedWriter(cleanups, { presence, connection: presenceConnection, writer: events }, () =>
    beforeDeciding(bus),
  );
  return { bus, events, presence, stop };
}

const OLD_HOST = oldHostInstance(T0);
const NEW_HOST = newHostInstance(T0);

describe("Home Assistant events from two instances on one broker", () => {
  it("arrive once, from the publishing instance; the standby fires none, and no backlog when it takes over", async () => {
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const clock = new ManualClock(T0);
    const fake = await FakeHomeAssistant.start({ now: () => clock.now() });
    cleanups.push(() => fake.stop());
    const subscriber = await subscribeToBus(fake.wsUrl, fake.token, "home_patterns_anomaly");
    cleanups.push(() => subscriber.close());
    const keys = () => subscriber.events.map((e) => e.data.key);

    // Found before it is known which instance publishes: held, then fired by the one that does.
    const old = await startInstance(broker, fake, clock, OLD_HOST, (bus) => bus.emit("anomaly", anomaly(0)));
    await eventually(() => old.presence.status().role === "publishing", "the first publishing");
    await eventually(() => keys().length === 1, "the held event");
    const next = await startInstance(broker, fake, clock, NEW_HOST);
    await eventually(() => next.presence.status().role === "standby", "the second on standby");

    // Both learn from the same home, so both find the same anomaly.
    old.bus.emit("anomaly", anomaly(1));
    next.bus.emit("anomaly", anomaly(1));
    // Seen only by the standby while it stood by: the publisher fired its own findings meanwhile.
    next.bus.emit("anomaly", anomaly(2));
    await eventually(() => keys().length === 2, "the publisher's event");
    // A margin: a standby that fired would have been heard by now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(keys()).toEqual(["unusual_time|light.hall|2026-11-23T03:10", "unusual_time|light.hall|2026-11-23T03:11"]);
    expect(next.events.status()).toMatchObject({ sent: 0, queued: 0, skippedOnStandby: 2 });

    await old.stop();
    await eventually(() => next.presence.status().role === "publishing", "the second taking over");
    next.bus.emit("anomaly", anomaly(3));
    await eventually(() => keys().length === 3, "the new publisher's event");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(keys()).toEqual([
      "unusual_time|light.hall|2026-11-23T03:10",
      "unusual_time|light.hall|2026-11-23T03:11",
      "unusual_time|light.hall|2026-11-23T03:13",
    ]);
    expect(next.events.status()).toMatchObject({ sent: 1, queued: 0, skippedOnStandby: 2 });
  });
});
