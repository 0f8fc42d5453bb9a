// Two instances on one broker and one Home Assistant: only the publishing one fires events on
// Home Assistant's bus, so an automation runs once; a standby that takes over fires no backlog.
import { afterEach, describe, expect, it } from "vitest";
import { busFenceOf } from "../../../src/app/build-publishers.js";
import type { AppEvents } from "../../../src/app-events.js";
import { ManualClock } from "../../../src/core/clock.js";
import { TypedBus } from "../../../src/core/event-bus.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import type { Anomaly } from "../../../src/patterns/finding.js";
import { createHaEventPublisher } from "../../../src/publish/ha-events/index.js";
import { INSTANCE_EVENT_TYPE } from "../../../src/publish/instance-presence/bus-announcement.js";
import { BUS_ANSWER_WITHIN_MS } from "../../../src/publish/instance-presence/bus-fence.js";
import { createInstancePresence } from "../../../src/publish/instance-presence/instance-presence.js";
import type { InstanceIdentity } from "../../../src/publish/instance-presence/presence-message.js";
import { createHaSource } from "../../../src/sources/ha/ha-source.js";
import { FakeHomeAssistant } from "../../fakes/fake-home-assistant.js";
import { eventually } from "../../fakes/ha/eventually.js";
import { startGatedWriter } from "../../support/gated-writer.js";
import { MemoryRegistryStore } from "../../support/memory/memory-registry-store.js";
import { type RunningMosquitto, startMosquitto } from "../../support/mosquitto.js";
import { openTcpLink } from "../../support/tcp-link.js";
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

/**
 * One instance as the app wires it: its websocket to HA, its presence, the event publisher behind
 * it, and the fence on HA's bus. `brokerUrl` lets a test put a link it can cut in front of the broker.
 */
async function startInstance(
  broker: RunningMosquitto,
  fake: FakeHomeAssistant,
  clock: ManualClock,
  self: InstanceIdentity,
  options: {
    /** Runs once the event publisher listens, before the presence has decided anything. */
    beforeDeciding?: (bus: TypedBus<AppEvents>) => void;
    brokerUrl?: string;
    haUrl?: string;
  } = {},
) {
  const logger = createMemoryLogger();
  const ha = createHaSource({
    url: options.haUrl ?? fake.url,
    token: fake.token,
    logger,
    clock,
    registry: new MemoryRegistryStore(),
    lastEventTimes: () => new Map(),
    connectTimeoutMs: 3_600_000,
    busEventTypes: [INSTANCE_EVENT_TYPE],
  });
  cleanups.push(() => ha.stop());
  await ha.start({ push: () => undefined, reject: () => undefined });
  await ha.synced();
  const presenceConnection = presenceConnectionOf(options.brokerUrl ?? broker.url, self, { reconnectPeriodMs: 200 });
  const presence = createInstancePresence({ connection: presenceConnection, self, clock, logger });
  const fence = busFenceOf(ha, presence, self, logger);
  fence.start();
  cleanups.push(() => fence.stop());
  const bus = new TypedBus<AppEvents>(logger);
  const events = createHaEventPublisher({
    bus,
    fireEvent: (type, data) => ha.fireEvent(type, data),
    onConnected: (listener) => ha.onHomeConfig(() => listener()),
    logger,
    gate: presence.writeGate,
  });
  const stop = await startGatedWriter(cleanups, { presence, connection: presenceConnection, writer: events }, () =>
    options.beforeDeciding?.(bus),
  );
  return { bus, events, presence, stop, logger };
}

/**
 * A broker and a fake Home Assistant, each behind a link a test can cut, with a subscriber of the
 * anomaly events on Home Assistant's bus (`keys`) and one of the instances' announcements.
 */
async function cuttableHome() {
  const broker = await startMosquitto();
  cleanups.push(() => broker.stop());
  const brokerLink = await openTcpLink(broker.port);
  cleanups.push(() => brokerLink.close());
  const clock = new ManualClock(T0);
  const fake = await FakeHomeAssistant.start({ now: () => clock.now() });
  cleanups.push(() => fake.stop());
  const haLink = await openTcpLink(Number(new URL(fake.url).port));
  cleanups.push(() => haLink.close());
  const subscriber = await subscribeToBus(fake.wsUrl, fake.token, "home_patterns_anomaly");
  cleanups.push(() => subscriber.close());
  const announcements = await subscribeToBus(fake.wsUrl, fake.token, INSTANCE_EVENT_TYPE);
  cleanups.push(() => announcements.close());
  const keys = () => subscriber.events.map((e) => e.data.key);
  return { broker, brokerLink, clock, fake, haLink, announcements, keys };
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
    const old = await startInstance(broker, fake, clock, OLD_HOST, {
      beforeDeciding: (bus) => bus.emit("anomaly", anomaly(0)),
    });
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

  it("stop from the publisher that lost the broker once the standby took over, until the broker's election says otherwise", async () => {
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const link = await openTcpLink(broker.port);
    cleanups.push(() => link.close());
    const clock = new ManualClock(T0);
    const fake = await FakeHomeAssistant.start({ now: () => clock.now() });
    cleanups.push(() => fake.stop());
    const subscriber = await subscribeToBus(fake.wsUrl, fake.token, "home_patterns_anomaly");
    cleanups.push(() => subscriber.close());
    const announcements = await subscribeToBus(fake.wsUrl, fake.token, INSTANCE_EVENT_TYPE);
    cleanups.push(() => announcements.close());
    const keys = () => subscriber.events.map((e) => e.data.key);

    const old = await startInstance(broker, fake, clock, OLD_HOST, {
      brokerUrl: `mqtt://127.0.0.1:${link.port}`,
    });
    await eventually(() => old.presence.status().role === "publishing", "the first publishing");
    const next = await startInstance(broker, fake, clock, NEW_HOST);
    await eventually(() => next.presence.status().role === "standby", "the second on standby");

    // The old host loses the broker, not Home Assistant: the broker sends its Last Will.
    link.cut();
    await eventually(() => next.presence.status().role === "publishing", "the second taking over");
    // It says so on Home Assistant's bus, where the old one still listens and stops writing.
    await eventually(
      () => old.presence.writeGate.mode() === "drop",
      "the old publisher to stop writing after the takeover announced on Home Assistant's bus",
    );
    expect(announcements.events.map((e) => [e.data.kind, e.data.id, e.data.run, e.data.host])).toContainEqual([
      "publishing",
      NEW_HOST.id,
      NEW_HOST.run,
      NEW_HOST.host,
    ]);
    old.bus.emit("anomaly", anomaly(4));
    next.bus.emit("anomaly", anomaly(4));
    await eventually(() => keys().includes("unusual_time|light.hall|2026-11-23T03:14"), "the new publisher's event");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(keys()).toEqual(["unusual_time|light.hall|2026-11-23T03:14"]);
    expect(old.events.status()).toMatchObject({ sent: 0, queued: 0, skippedOnStandby: 1 });
    expect(old.logger.lines.join("\n")).toContain("announced on Home Assistant's bus that it publishes now");
    // Its health says so: it stands by, for the instance it heard of on Home Assistant's bus, without its broker.
    const fenced = old.presence.status();
    expect([fenced.role, fenced.broker]).toEqual(["standby", "disconnected"]);
    expect(fenced.others.map((o) => [o.id, o.run, o.role])).toEqual([[NEW_HOST.id, NEW_HOST.run, "publishing"]]);

    // Back on the broker it finds the new publisher and stands by; when that one stops, it takes over.
    link.mend();
    await eventually(
      () => old.presence.status().broker === "connected" && old.presence.status().role === "standby",
      "the old one standing by on the broker",
    );
    old.bus.emit("anomaly", anomaly(5));
    await next.stop();
    await eventually(() => old.presence.status().role === "publishing", "the old one publishing again");
    old.bus.emit("anomaly", anomaly(6));
    await eventually(() => keys().length === 2, "the old one's event after it took over again");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(keys()).toEqual(["unusual_time|light.hall|2026-11-23T03:14", "unusual_time|light.hall|2026-11-23T03:16"]);
  });

  it("stop from a publisher cut off from Home Assistant too when the takeover was announced: it asks when back", async () => {
    const { broker, brokerLink, clock, fake, haLink, announcements, keys } = await cuttableHome();

    const old = await startInstance(broker, fake, clock, OLD_HOST, {
      brokerUrl: `mqtt://127.0.0.1:${brokerLink.port}`,
      haUrl: `http://127.0.0.1:${haLink.port}`,
    });
    await eventually(() => old.presence.status().role === "publishing", "the first publishing");
    const next = await startInstance(broker, fake, clock, NEW_HOST);
    await eventually(() => next.presence.status().role === "standby", "the second on standby");

    // The old host loses its network: Home Assistant first, then the broker, which sends its Will.
    haLink.cut();
    await eventually(() => fake.openConnections === 3, "the old host's websocket to close");
    brokerLink.cut();
    await eventually(() => next.presence.status().role === "publishing", "the second taking over");
    await eventually(() => announcements.events.some((e) => e.data.run === NEW_HOST.run), "the takeover announced");
    // Missed by the old one, which still writes on its last decision.
    expect(old.presence.writeGate.mode()).toBe("write");
    // Both find the same anomaly meanwhile: the old one holds its event until Home Assistant is back.
    old.bus.emit("anomaly", anomaly(8));
    next.bus.emit("anomaly", anomaly(8));
    await eventually(() => keys().length === 1, "the new publisher's event");
    await eventually(() => old.events.status().queued === 1 && old.events.status().lastError !== null, "held");

    // Its network is back for Home Assistant (the broker still out of reach): it asks who publishes,
    // holding its event until the answer, which stops it.
    haLink.mend();
    clock.advance(1_000);
    await eventually(() => old.presence.writeGate.mode() === "drop", "the old one to hear the answer and stop");
    expect(old.events.status()).toMatchObject({ sent: 0, queued: 0, skippedOnStandby: 1 });
    expect(announcements.events.map((e) => [e.data.kind, e.data.run])).toEqual([
      ["publishing", OLD_HOST.run],
      ["publishing", NEW_HOST.run],
      ["roll_call", OLD_HOST.run],
      ["publishing", NEW_HOST.run],
    ]);
    old.bus.emit("anomaly", anomaly(7));
    next.bus.emit("anomaly", anomaly(7));
    await eventually(() => keys().length === 2, "the new publisher's event");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(keys()).toEqual(["unusual_time|light.hall|2026-11-23T03:18", "unusual_time|light.hall|2026-11-23T03:17"]);
  });

  it("are fired by a lone instance without the broker when Home Assistant is back and nobody answers its roll call", async () => {
    const { broker, brokerLink, clock, fake, haLink, keys } = await cuttableHome();
    const lone = await startInstance(broker, fake, clock, OLD_HOST, {
      brokerUrl: `mqtt://127.0.0.1:${brokerLink.port}`,
      haUrl: `http://127.0.0.1:${haLink.port}`,
    });
    await eventually(() => lone.presence.status().role === "publishing", "publishing");
    // Another program fires the event type with data that is no announcement: one warning, nothing stops.
    fake.fireEvent(INSTANCE_EVENT_TYPE, { kind: "publishing", id: "c3c3c3c3c3c3" });
    fake.fireEvent(INSTANCE_EVENT_TYPE, {});
    const unreadable = () =>
      lone.logger.lines.filter((l) => l.includes("ignoring an unreadable home_patterns_instance"));
    await eventually(() => unreadable().length === 1, "the warning");
    expect(unreadable()[0]).toContain('error="\\"run\\" is missing or not a text"');
    expect(lone.presence.writeGate.mode()).toBe("write");

    brokerLink.cut();
    haLink.cut();
    // Left open: the two subscribers' websockets.
    await eventually(() => fake.openConnections === 2, "its websocket to close");
    lone.bus.emit("anomaly", anomaly(9));
    await eventually(() => lone.events.status().queued === 1 && lone.events.status().lastError !== null, "held");
    haLink.mend();
    clock.advance(1_000);
    await eventually(
      () => fake.firedEvents(INSTANCE_EVENT_TYPE).some((e) => e.data.kind === "roll_call"),
      "its roll call",
    );
    expect(lone.presence.writeGate.mode()).toBe("hold");
    // Nobody answers within the 5 seconds it holds for: it is alone, and fires what it held.
    clock.advance(BUS_ANSWER_WITHIN_MS);
    await eventually(() => keys().length === 1, "the held event");
    expect(keys()).toEqual(["unusual_time|light.hall|2026-11-23T03:19"]);
    expect(lone.presence.writeGate.mode()).toBe("write");
  });
});
