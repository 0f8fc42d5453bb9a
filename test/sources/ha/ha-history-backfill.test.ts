// The backfill read of HA's compressed history, on the answer real HA 2023.12 gave.
import { describe, expect, it } from "vitest";
import { eventsFromHistory, planBackfill } from "../../../src/sources/ha/ha-history-backfill.js";
import type { HaHistoryResult } from "../../../src/sources/ha/ha-messages.js";
import { readRecording } from "../../fakes/ha/ha-recordings.js";

const session = readRecording("ws-session.jsonl");
/** history_during_period from 10:54:13.459Z, no_attributes (line 96) and minimal_response (line 98). */
const fullRows = (session[95].frame as { result: HaHistoryResult }).result;
const minimalRows = (session[97].frame as { result: HaHistoryResult }).result;
const START = Date.parse("2026-11-23T10:54:13.459Z");
const at = (hms: string) => Date.parse(`2026-11-23T${hms}Z`);

describe("history backfill", () => {
  it("resumes each entity after its newest known event, never further back than the lookback", () => {
    const plan = planBackfill(
      ["light.a", "light.b", "light.c"],
      (e) => ({ "light.a": 5_000, "light.b": 1_000 })[e],
      2_000,
    );
    expect(plan.startMs).toBe(2_000);
    expect([...plan.cutoffs]).toEqual([
      ["light.a", 5_000],
      ["light.b", 2_000],
      ["light.c", 2_000],
    ]);
  });

  it("the first row is the state at start_time (clamped): it gives previous but is no change", () => {
    const plan = planBackfill(Object.keys(fullRows), () => undefined, START);

    const events = eventsFromHistory(fullRows, plan, "ha");

    expect(events.filter((e) => e.entity === "input_boolean.test_switch")).toEqual([
      { ts: at("10:54:14.519"), entity: "input_boolean.test_switch", state: "on", previous: "off", source: "ha" },
      { ts: at("10:54:16.031"), entity: "input_boolean.test_switch", state: "off", previous: "on", source: "ha" },
      { ts: at("10:54:29.834"), entity: "input_boolean.test_switch", state: "on", previous: "off", source: "ha" },
      { ts: at("10:54:31.340"), entity: "input_boolean.test_switch", state: "off", previous: "on", source: "ha" },
    ]);
    expect(events.filter((e) => e.entity === "input_boolean.living_room_light")).toEqual([
      { ts: at("10:54:29.031"), entity: "input_boolean.living_room_light", state: "on", previous: "off", source: "ha" },
    ]);
    expect(events).toHaveLength(4 + 1 + 3);
  });

  it("skips rows at or before an entity's last stored event", () => {
    const stored = new Map([["input_number.test_level", at("10:54:14.524")]]);
    const plan = planBackfill(["input_number.test_level"], (e) => stored.get(e), START);

    expect(eventsFromHistory({ "input_number.test_level": fullRows["input_number.test_level"] }, plan, "ha")).toEqual([
      { ts: at("10:54:17.036"), entity: "input_number.test_level", state: "17.0", previous: "42.0", source: "ha" },
      { ts: at("10:54:29.836"), entity: "input_number.test_level", state: "42.0", previous: "17.0", source: "ha" },
    ]);
  });

  it("an entity created after start_time: its first row is a real change; minimal rows work the same", () => {
    const plan = planBackfill(Object.keys(minimalRows), () => undefined, START);

    const events = eventsFromHistory(minimalRows, plan, "ha").filter((e) => e.entity.startsWith("sensor."));

    expect(events).toEqual([
      { ts: at("10:54:19.360"), entity: "sensor.home_patterns_active_patterns", state: "unavailable", source: "ha" },
      {
        ts: at("10:54:24.395"),
        entity: "sensor.home_patterns_active_patterns",
        state: "unknown",
        previous: "unavailable",
        source: "ha",
      },
      {
        ts: at("10:54:25.201"),
        entity: "sensor.home_patterns_active_patterns",
        state: "3",
        previous: "unknown",
        source: "ha",
      },
    ]);
  });

  it("attribute-only rows (same state, lc before lu) are no changes", () => {
    const rows: HaHistoryResult = {
      "climate.hall": [
        { s: "heat", a: {}, lu: 100 },
        { s: "heat", a: {}, lu: 150, lc: 90 },
        { s: "off", a: {}, lu: 200 },
      ],
    };
    const plan = planBackfill(["climate.hall"], () => undefined, 100_000);
    expect(eventsFromHistory(rows, plan, "ha")).toEqual([
      { ts: 200_000, entity: "climate.hall", state: "off", previous: "heat", source: "ha" },
    ]);
  });
});
