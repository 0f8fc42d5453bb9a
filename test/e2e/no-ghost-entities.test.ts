// Through the built service: an entity of ours that nothing publishes leaves HA's entity registry,
// and so does a device of ours it leaves empty, unless remove_stale_entities is off.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeHomeAssistant } from "../fakes/fake-home-assistant.js";
import { type RunningMosquitto, startMosquitto } from "../support/mosquitto.js";
import { type MqttWatcher, watchMqtt } from "../support/mqtt-watcher.js";
import { type ServiceProcess, startService, waitFor } from "../support/service-process.js";

const GHOST = "sensor.home_patterns_next_hall_light_on_evenings";
/** An older release's device whose only entity is a ghost too: empty once that goes. */
const OLD_DEVICE_GHOST = "sensor.home_patterns_old_summary";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function homeWithGhost(options: Record<string, unknown>) {
  const mosquitto: RunningMosquitto = await startMosquitto();
  cleanups.push(() => mosquitto.stop());
  const ha = await FakeHomeAssistant.start({ timeZone: "UTC" });
  cleanups.push(() => ha.stop());
  ha.addDevice({ id: "hp-device", name: "Home Patterns", identifiers: [["mqtt", "home_patterns"]] });
  // A routine sensor an older release announced; no broker holds its config any more.
  ha.addEntity({
    entity_id: GHOST,
    unique_id: "home_patterns_routine_0123456789ab",
    platform: "mqtt",
    device_id: "hp-device",
  });
  ha.addDevice({ id: "old-device", name: "Home Patterns summary", identifiers: [["mqtt", "home_patterns_summary"]] });
  ha.addEntity({
    entity_id: OLD_DEVICE_GHOST,
    unique_id: "home_patterns_summary_old",
    platform: "mqtt",
    device_id: "old-device",
  });
  ha.addEntity({ entity_id: "sensor.other_thing", unique_id: "other_thing", platform: "mqtt" });
  ha.setStates([
    { entity_id: GHOST, state: "unavailable", attributes: { restored: true } },
    { entity_id: "sensor.other_thing", state: "1" },
  ]);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hp-e2e-ghosts-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const optionsFile = path.join(dataDir, "options.json");
  writeFileSync(optionsFile, JSON.stringify(options));
  const watcher: MqttWatcher = await watchMqtt(mosquitto.url, ["home_patterns/availability"]);
  cleanups.push(() => watcher.close());
  const service: ServiceProcess = await startService(["run"], {
    HA_URL: ha.url,
    HA_TOKEN: ha.token,
    MQTT_URL: mosquitto.url,
    DATA_DIR: dataDir,
    OPTIONS_FILE: optionsFile,
    TZ: "UTC",
    LOG_LEVEL: "info",
  });
  cleanups.push(async () => {
    if (service.child.exitCode === null && service.child.signalCode === null) {
      service.child.kill("SIGTERM");
      await service.exited;
    }
  });
  const registered = () => ha.home.registries.entities.map((e) => String(e.entity_id)).sort();
  const devices = () => ha.home.registries.devices.map((d) => String(d.id)).sort();
  return { ha, watcher, service, registered, devices };
}

describe("no ghost entities, through the built service", () => {
  it("removes an older release's entities from HA's entity registry, and only those, then its emptied device", async () => {
    const { ha, service, registered, devices } = await homeWithGhost({});
    await waitFor(async () => !devices().includes("old-device"), 20_000, "the emptied device removed").catch(
      (err: Error) => {
        throw new Error(`${err.message}\n${service.logs().slice(-3000)}`);
      },
    );
    expect(registered()).toEqual(["sensor.other_thing"]);
    expect(
      ha
        .commandsOfType("config/entity_registry/remove")
        .map((c) => c.message.entity_id)
        .sort(),
    ).toEqual([GHOST, OLD_DEVICE_GHOST].sort());
    // Our current device stays: its identifier is the one every published config names.
    expect(devices()).toEqual(["hp-device"]);
    expect(ha.commandsOfType("config/device_registry/remove_config_entry").map((c) => c.message.device_id)).toEqual([
      "old-device",
    ]);
    await waitFor(
      async () => service.logs().includes("removed an emptied device of ours"),
      10_000,
      "the device removal logged",
    );
    expect(ha.state(GHOST)).toBeUndefined();
    // The fake answers the removal before the service logs it: wait for the line, not the command.
    const said = "removed a stale entity from Home Assistant's entity registry";
    await waitFor(async () => service.logs().includes(said), 10_000, "the removal logged");
    expect(service.logs()).toContain(said);
  }, 40_000);

  it("leaves HA's entity and device registries alone with remove_stale_entities off", async () => {
    const { ha, watcher, service, registered } = await homeWithGhost({ remove_stale_entities: false });
    // Where the option on removes it: after the first round (online) with HA synced.
    await waitFor(
      async () => watcher.latest("home_patterns/availability")?.payload === "online",
      20_000,
      "availability online",
    );
    await waitFor(async () => ha.commandsOfType("config/entity_registry/list").length > 0, 20_000, "HA synced");
    // A margin: with the option on, the removal follows the first round and the sync at once.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(ha.commandsOfType("config/entity_registry/remove")).toEqual([]);
    expect(ha.commandsOfType("config/device_registry/remove_config_entry")).toEqual([]);
    expect(registered()).toEqual([GHOST, OLD_DEVICE_GHOST, "sensor.other_thing"].sort());
    expect(service.logs()).not.toContain("stale entity");
  }, 40_000);
});
