// What a message on a topic the discovery watches asks of it, decided from the message alone.
import { describe, expect, it } from "vitest";
import { type DiscoveryMessage, discoveryMessage } from "../../../src/publish/mqtt-discovery/discovery-message.js";

const CONFIG = "homeassistant/sensor/home_patterns/active_patterns/config";

describe("a message the MQTT discovery watches", () => {
  it.each<[string, string, string, boolean, DiscoveryMessage]>([
    [
      "a live offline on our availability: another instance's Will",
      "home_patterns/availability",
      "offline",
      false,
      "other-instance-will",
    ],
    [
      "a retained offline on our availability: our own old news",
      "home_patterns/availability",
      "offline",
      true,
      "ignore",
    ],
    ["a live online on our availability: our own", "home_patterns/availability", "online", false, "ignore"],
    ["Home Assistant's live birth", "homeassistant/status", "online", false, "ha-birth"],
    ["Home Assistant's birth with a line break", "homeassistant/status", "online\n", false, "ha-birth"],
    ["Home Assistant's retained birth, replayed at subscribe", "homeassistant/status", "online", true, "ignore"],
    ["Home Assistant going offline", "homeassistant/status", "offline", false, "ignore"],
    ["a retained config of ours", CONFIG, '{"name":"Active patterns"}', true, "retained-own-config"],
    ["a config of ours published live (our own echo)", CONFIG, '{"name":"Active patterns"}', false, "ignore"],
    ["a retained empty config: a removal", CONFIG, "", true, "ignore"],
    ["a retained config of another integration", "homeassistant/sensor/other_addon/x/config", "{}", true, "ignore"],
    [
      "a retained config of ours under another prefix",
      "hass/sensor/home_patterns/active_patterns/config",
      "{}",
      true,
      "ignore",
    ],
  ])("%s", (_, topic, payload, retain, expected) => {
    expect(discoveryMessage({ topic, payload: Buffer.from(payload), retain }, "homeassistant")).toBe(expected);
  });

  it("hears Home Assistant's birth and our configs under a custom prefix", () => {
    const birth = { topic: "hass/status", payload: Buffer.from("online"), retain: false };
    const config = {
      topic: "hass/sensor/home_patterns/active_patterns/config",
      payload: Buffer.from("{}"),
      retain: true,
    };
    expect(discoveryMessage(birth, "hass")).toBe("ha-birth");
    expect(discoveryMessage(config, "hass")).toBe("retained-own-config");
    expect(discoveryMessage(birth, "homeassistant")).toBe("ignore");
  });
});
