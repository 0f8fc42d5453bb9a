// The REST client against the fake HA: saving a suggested automation and seeing it appear, and HA's errors.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HaRestClient, HaRestError, haApiBaseUrl } from "../../../src/sources/ha/ha-rest-client.js";
import { FakeHomeAssistant } from "../../fakes/fake-home-assistant.js";
import { eventually } from "../../fakes/ha/eventually.js";

const suggestion = {
  alias: "Hall light at dusk",
  description: "Suggested by Home Patterns",
  trigger: [{ platform: "state", entity_id: "input_boolean.guest_mode", to: "on" }],
  action: [{ service: "light.turn_on", target: { entity_id: "light.hall" } }],
  mode: "single",
};

describe("HaRestClient", () => {
  let fake: FakeHomeAssistant;
  let client: HaRestClient;

  beforeEach(async () => {
    fake = await FakeHomeAssistant.start();
    fake.setStates([
      { entity_id: "input_boolean.guest_mode", state: "off" },
      { entity_id: "light.hall", state: "off" },
    ]);
    client = new HaRestClient({ baseUrl: haApiBaseUrl(fake.url), token: fake.token });
  });

  afterEach(async () => {
    await fake.stop();
  });

  it("builds the REST base from the Supervisor's or the user's URL", () => {
    expect(haApiBaseUrl("http://supervisor/core")).toBe("http://supervisor/core/api");
    expect(haApiBaseUrl("ws://supervisor/core/websocket")).toBe("http://supervisor/core/api");
    expect(haApiBaseUrl("http://homeassistant.local:8123/")).toBe("http://homeassistant.local:8123/api");
    expect(haApiBaseUrl("wss://ha.example.org/api/websocket")).toBe("https://ha.example.org/api");
  });

  it("saves an automation; it appears as automation.<slug of alias> after HA's reload, and it runs", async () => {
    await client.saveAutomation("home_patterns_hall_dusk", suggestion);

    expect(fake.restRequests.at(-1)).toMatchObject({
      method: "POST",
      path: "/api/config/automation/config/home_patterns_hall_dusk",
    });
    expect(await client.getAutomation("home_patterns_hall_dusk")).toEqual({
      id: "home_patterns_hall_dusk",
      ...suggestion,
    });
    const created = await eventually(() => client.getState("automation.hall_light_at_dusk"), "the automation entity");
    expect(created).toMatchObject({
      state: "on",
      attributes: { id: "home_patterns_hall_dusk", friendly_name: "Hall light at dusk" },
    });
    expect((await client.getStates()).map((s) => s.entity_id)).toContain("automation.hall_light_at_dusk");

    fake.emitStateChange("input_boolean.guest_mode", "on");
    await eventually(() => fake.state("light.hall")?.state === "on", "the automation turning the light on");
  });

  it("reports HA's own messages: bad token (text/plain), invalid config, missing entity", async () => {
    const wrong = new HaRestClient({ baseUrl: haApiBaseUrl(fake.url), token: "nope" });
    await expect(wrong.getStates()).rejects.toThrow("Home Assistant answered 401 to /states: 401: Unauthorized");

    const error = await client
      .saveAutomation("bad", { alias: "bad", trigger: [{ platform: "no_such_platform" }], action: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HaRestError);
    expect(error).toMatchObject({
      status: 400,
      haMessage: "Message malformed: Invalid platform 'no_such_platform' specified",
    });

    expect(await client.getState("sensor.does_not_exist")).toBeUndefined();
    expect(await client.getAutomation("never_saved")).toBeUndefined();
  });

  it("fires an event over REST", async () => {
    await client.fireEvent("home_patterns_pattern", { pattern_id: "p-1" });
    expect(fake.firedEvents("home_patterns_pattern").map((e) => e.data)).toEqual([{ pattern_id: "p-1" }]);
  });
});
