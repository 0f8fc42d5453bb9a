// The fake HA's event triggers behave as HA's: type and event_data must match, extra data is fine, bad configs are refused.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeHomeAssistant } from "./fake-home-assistant.js";

let ha: FakeHomeAssistant;
const turnOn = (entity_id: string) => [{ service: "input_boolean.turn_on", target: { entity_id } }];
/** Automations run as tasks after the event (setImmediate), as HA schedules them. */
const settle = () => new Promise((r) => setImmediate(() => setImmediate(r)));

beforeEach(async () => {
  ha = await FakeHomeAssistant.start();
  ha.setStates([
    { entity_id: "input_boolean.seen", state: "off" },
    { entity_id: "input_boolean.other", state: "off" },
  ]);
});
afterEach(async () => {
  await ha.stop();
});

describe("the fake's event-triggered automations", () => {
  it("runs when the event type and every event_data key match, other data keys notwithstanding", async () => {
    ha.addAutomation({
      id: "seen",
      alias: "Seen it",
      trigger: [{ platform: "event", event_type: "home_patterns_anomaly", event_data: { type: "unusual_time" } }],
      action: turnOn("input_boolean.seen"),
    });
    ha.fireEvent("home_patterns_anomaly", { type: "activity_high", entity_id: null });
    ha.fireEvent("some_other_event", { type: "unusual_time" });
    await settle();
    expect(ha.state("input_boolean.seen")?.state).toBe("off");
    expect(ha.firedEvents("automation_triggered")).toEqual([]);

    ha.fireEvent("home_patterns_anomaly", { type: "unusual_time", entity_id: "light.kitchen", severity: "high" });
    const cause = ha.firedEvents("home_patterns_anomaly").at(-1)!;
    await settle();
    expect(ha.state("input_boolean.seen")?.state).toBe("on");
    const [run] = ha.firedEvents("automation_triggered");
    expect(run.data).toEqual({
      name: "Seen it",
      entity_id: "automation.seen_it",
      source: "event 'home_patterns_anomaly'",
    });
    expect(run.context.parent_id).toBe(cause.context.id);
    expect(ha.state("input_boolean.seen")?.context.id).toBe(run.context.id);
  });

  it("takes a list of event types, the newer `triggers`/`trigger: event` and `actions` keys, and skips disabled automations", async () => {
    ha.addAutomation({
      id: "new_syntax",
      alias: "New syntax",
      triggers: [{ trigger: "event", event_type: ["home_patterns_pattern", "home_patterns_anomaly"] }],
      actions: turnOn("input_boolean.seen"),
    });
    ha.addAutomation({
      id: "off",
      alias: "Switched off",
      trigger: [{ platform: "event", event_type: "home_patterns_pattern" }],
      action: turnOn("input_boolean.other"),
    });
    await settle();
    ha.emitStateChange("automation.switched_off", "off");
    ha.fireEvent("home_patterns_pattern", { key: "time_based|light.kitchen|on|daily|07" });
    await settle();
    expect(ha.state("input_boolean.seen")?.state).toBe("on");
    expect(ha.state("input_boolean.other")?.state).toBe("off");
  });

  it("refuses event triggers HA would refuse, and ones the fake does not model", async () => {
    const res = await fetch(`${ha.url}/api/config/automation/config/broken`, {
      method: "POST",
      headers: { authorization: `Bearer ${ha.token}`, "content-type": "application/json" },
      body: JSON.stringify({ alias: "Broken", trigger: [{ platform: "event" }], action: [] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: "Message malformed: required key not provided @ data['event_type']" });
    expect(() =>
      ha.addAutomation({
        id: "ctx",
        alias: "By user",
        trigger: [{ platform: "event", event_type: "x", context: { user_id: "abc" } }],
        action: [],
      }),
    ).toThrow(
      "the fake cannot load automation ctx: extra keys not allowed @ data['context'] (not modelled by the fake)",
    );
  });
});
