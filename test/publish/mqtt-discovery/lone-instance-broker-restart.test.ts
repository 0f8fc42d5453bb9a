// A lone instance (every install) through a restart of its MQTT broker: it publishes everything
// again, with nothing in its log that looks like a problem.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import type { AppEvents } from "../../../src/app-events.js";
import { ManualClock } from "../../../src/core/clock.js";
import { TypedBus } from "../../../src/core/event-bus.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { createMqttConnection } from "../../../src/mqtt/mqtt-connection.js";
import { createInstancePresence } from "../../../src/publish/instance-presence/instance-presence.js";
import { presenceWill } from "../../../src/publish/instance-presence/presence-message.js";
import { createMqttDiscoveryPublisher, discoveryAvailabilityWill } from "../../../src/publish/mqtt-discovery/index.js";
import { createRememberedConfigTopics } from "../../../src/publish/mqtt-discovery/remembered-config-topics.js";
import { openSqliteStores } from "../../../src/storage/sqlite/sqlite-stores.js";
import { eventually } from "../../fakes/ha/eventually.js";
import { startMosquitto } from "../../support/mosquitto.js";
import { readRetained } from "../../support/mqtt-watcher.js";
import { oldHostInstance } from "../../support/test-instances.js";
import { fakeHome, T0 } from "./fake-home-state.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it("publishes again after its broker restarts, logging no warning", async () => {
  const broker = await startMosquitto();
  cleanups.push(() => broker.stop());
  const self = oldHostInstance(T0);
  const clock = new ManualClock(T0);
  const logger = createMemoryLogger();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-lone-restart-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const stores = openSqliteStores({ dataDir, logger, now: () => T0 });
  cleanups.push(() => stores.close());
  // As the app wires them: two connections, the presence's gate in front of the publisher.
  const connection = createMqttConnection(broker.url, { will: discoveryAvailabilityWill(), reconnectPeriodMs: 100 });
  const presenceConnection = createMqttConnection(broker.url, { will: presenceWill(self), reconnectPeriodMs: 100 });
  cleanups.push(() => presenceConnection.close());
  cleanups.push(() => connection.close());
  const presence = createInstancePresence({ connection: presenceConnection, self, clock, logger });
  const publisher = createMqttDiscoveryPublisher({
    connection,
    prefix: "homeassistant",
    clock,
    logger,
    random: () => 0.5,
    snapshot: fakeHome().provider,
    bus: new TypedBus<AppEvents>(logger),
    version: self.version,
    rememberedTopics: createRememberedConfigTopics(stores.cursors, logger),
    gate: presence,
  });
  cleanups.push(() => presence.stop());
  cleanups.push(() => publisher.stop());
  await publisher.start();
  await presence.start();
  await eventually(() => publisher.status().entities > 0 && presence.isOpen(), "publishing");

  await broker.restart();
  // The broker lost every retained message (no persistence): they are back once it publishes again.
  await eventually(async () => {
    const retained = await readRetained(broker.url, ["home_patterns/availability", "homeassistant/#"]);
    return retained.get("home_patterns/availability")?.payload === "online" && retained.size > 1;
  }, "the configs and online published again");
  expect(presence.isOpen()).toBe(true);
  expect(logger.lines.filter((l) => /WARN|ERROR/.test(l))).toEqual([]);
});
