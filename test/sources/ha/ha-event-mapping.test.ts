// Mapping recorded HA events (real 2023.12 frames) to HomeEvents and context events; HA's time formats.
import { describe, expect, it } from "vitest";
import { contextEventFrom, homeEventFromStateChanged } from "../../../src/sources/ha/ha-event-mapping.js";
import type { HaEvent, StateChangedData } from "../../../src/sources/ha/ha-messages.js";
import { epochSecondsToMs, isoToEpochMs } from "../../../src/sources/ha/ha-time.js";
import { messagesOf, readRecording } from "../../fakes/ha/ha-recordings.js";

const session = readRecording("ws-session.jsonl");
/** The events of a recorded line, by subscription id order as they came. */
function eventsAt(lineNo: number): HaEvent<any>[] {
  return messagesOf(session[lineNo - 1].frame)
    .filter((m) => m.type === "event")
    .map((m) => m.event as HaEvent<any>);
}

const USER = "39fa47571b194a7b9d9c9272b5b4849b";

describe("state_changed to HomeEvent", () => {
  it("a user's toggle: time from last_changed, previous state, user and context", () => {
    const [toggle] = eventsAt(32);
    expect(homeEventFromStateChanged(toggle as HaEvent<StateChangedData>, "ha")).toEqual({
      kind: "event",
      event: {
        ts: Date.UTC(2026, 10, 23, 10, 54, 14, 519),
        entity: "input_boolean.test_switch",
        state: "on",
        previous: "off",
        user: USER,
        context: "01M840NJF9XRBW036ZAHQPK8HG",
        source: "ha",
      },
    });
  });

  it("a binary_sensor's change carries the device class its attributes name", () => {
    const [problem] = eventsAt(56);
    const outcome = homeEventFromStateChanged(problem as HaEvent<StateChangedData>, "ha");
    expect(outcome.kind === "event" && outcome.event.entity).toBe("binary_sensor.home_patterns_problem");
    expect(outcome.kind === "event" && outcome.event.deviceClass).toBe("problem");
  });

  it("an automation's change carries the parent context and no user", () => {
    const [levelChange] = eventsAt(35);
    const outcome = homeEventFromStateChanged(levelChange as HaEvent<StateChangedData>, "ha");
    expect(outcome).toEqual({
      kind: "event",
      event: {
        ts: Date.UTC(2026, 10, 23, 10, 54, 14, 524),
        entity: "input_number.test_level",
        state: "42.0",
        previous: "0.0",
        parent: "01M840NJF9XRBW036ZAHQPK8HG",
        context: "01M840NJFRK93FYRP5NSNZSCQ2",
        source: "ha",
      },
    });
  });

  it("a new entity (old_state null) has no previous; an attribute-only update and a removal are no events", () => {
    const created = eventsAt(51)[2] as HaEvent<StateChangedData>;
    expect(homeEventFromStateChanged(created, "ha")).toMatchObject({
      kind: "event",
      event: { entity: "sensor.home_patterns_active_patterns", state: "unavailable" },
    });
    expect("previous" in (homeEventFromStateChanged(created, "ha") as { event: object }).event).toBe(false);

    const attributesOnly = eventsAt(33)[1] as HaEvent<StateChangedData>;
    expect(attributesOnly.data.entity_id).toBe("automation.switch_on_sets_level");
    expect(homeEventFromStateChanged(attributesOnly, "ha")).toEqual({ kind: "skip", why: "attributes only" });

    const removed = { ...created, data: { ...created.data, new_state: null } };
    expect(homeEventFromStateChanged(removed, "ha")).toEqual({ kind: "skip", why: "entity removed" });
  });

  it("rejects a state_changed it cannot read, saying why", () => {
    const [toggle] = eventsAt(32) as HaEvent<StateChangedData>[];
    const badTime = {
      ...toggle,
      data: { ...toggle.data, new_state: { ...toggle.data.new_state!, last_changed: "yesterday" } },
    };
    expect(homeEventFromStateChanged(badTime, "ha")).toEqual({
      kind: "reject",
      reason: 'state_changed for input_boolean.test_switch with last_changed "yesterday"',
    });
    expect(homeEventFromStateChanged({ ...toggle, data: {} as StateChangedData }, "ha")).toEqual({
      kind: "reject",
      reason: "state_changed without entity_id",
    });
  });
});

describe("context events", () => {
  it("automation_triggered: which automation, from which context, by what trigger", () => {
    const triggered = eventsAt(33)[0];
    expect(contextEventFrom(triggered)).toEqual({
      kind: "automation_triggered",
      ts: Date.UTC(2026, 10, 23, 10, 54, 14, 520),
      context: { id: "01M840NJFRK93FYRP5NSNZSCQ2", parentId: "01M840NJF9XRBW036ZAHQPK8HG" },
      automation: "automation.switch_on_sets_level",
      name: "Switch on sets level",
      trigger: "state of input_boolean.test_switch",
    });
  });

  it("call_service: who called which service on which entities (target merged as a list, or a plain string)", () => {
    expect(contextEventFrom(eventsAt(31)[0])).toEqual({
      kind: "call_service",
      ts: Date.UTC(2026, 10, 23, 10, 54, 14, 505),
      context: { id: "01M840NJF9XRBW036ZAHQPK8HG", userId: USER },
      domain: "input_boolean",
      service: "toggle",
      entityIds: ["input_boolean.test_switch"],
    });
    expect(contextEventFrom(eventsAt(42)[0])).toMatchObject({
      service: "set_value",
      entityIds: ["input_number.test_level"],
    });
    expect(contextEventFrom(eventsAt(34)[0])?.context).toEqual({
      id: "01M840NJFRK93FYRP5NSNZSCQ2",
      parentId: "01M840NJF9XRBW036ZAHQPK8HG",
    });
  });

  it("other event types are not context events", () => {
    expect(contextEventFrom(eventsAt(46)[0])).toBeUndefined();
  });
});

describe("HA time formats", () => {
  it("ISO with microseconds, without a fraction, and epoch seconds truncate to the same millisecond", () => {
    expect(isoToEpochMs("2026-11-23T10:54:14.519365+00:00")).toBe(1795431254519);
    expect(epochSecondsToMs(1795431254.519365)).toBe(1795431254519);
    expect(isoToEpochMs("2026-11-23T10:54:14+00:00")).toBe(1795431254000);
    expect(epochSecondsToMs(1795431253.459)).toBe(1795431253459);
    expect(epochSecondsToMs(1795431256.001)).toBe(1795431256001);
    expect(isoToEpochMs("2026-11-23T11:54:14.5+01:00")).toBe(1795431254500);
    expect(isoToEpochMs("not a time")).toBeNaN();
  });
});
