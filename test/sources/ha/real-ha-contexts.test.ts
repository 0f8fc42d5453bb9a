// Who caused each change, on events a real Home Assistant 2023.12 sent, replayed through the source, the mapping and L2.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import type { HomeEvent } from "../../../src/core/home-event.js";
import { LocalTime } from "../../../src/core/local-time.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { causeOf } from "../../../src/layers/kinds/change-cause.js";
import { isManualAction } from "../../../src/layers/kinds/manual-action.js";
import { nextActionDaily } from "../../../src/layers/kinds/next-action-daily.js";
import { createHaSource, type HaSource } from "../../../src/sources/ha/ha-source.js";
import { FakeHomeAssistant } from "../../fakes/fake-home-assistant.js";
import { eventually } from "../../fakes/ha/eventually.js";
import type { FakeContext } from "../../fakes/ha/ha-wire-format.js";
import { MemoryRegistryStore } from "../../support/memory/memory-registry-store.js";

interface Recorded {
  event_type: string;
  time_fired: string;
  data: Record<string, unknown>;
  context: FakeContext;
}
const fixture = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../../fixtures/ha-contexts/real-ha-2023.12-contexts.json"), "utf8"),
) as { users: { person: string; home_patterns: string }; cases: Record<string, Recorded[]> };

const TIME = new LocalTime("Europe/Berlin");
const T0 = Date.parse("2026-12-07T03:25:00Z");

describe("change causes, on contexts recorded from a real Home Assistant", () => {
  let fake: FakeHomeAssistant;
  let source: HaSource;
  let pushed: HomeEvent[];

  beforeEach(async () => {
    const clock = new ManualClock(T0);
    // The source connects with the Home Patterns user's token: auth/current_user names it.
    fake = await FakeHomeAssistant.start({ now: () => clock.now(), userId: fixture.users.home_patterns });
    pushed = [];
    source = createHaSource({
      url: fake.url,
      token: fake.token,
      logger: createMemoryLogger(),
      clock,
      registry: new MemoryRegistryStore(),
      lastEventTimes: () => new Map(),
      backoff: { initialMs: 1_000, maxMs: 1_000 },
    });
    await source.start({ push: (e) => pushed.push(e), reject: () => undefined });
    await source.synced();
  });
  afterEach(async () => {
    await source.stop();
    await fake.stop();
  });

  async function replay(name: string): Promise<[string, string, string][]> {
    const before = pushed.length;
    const events = fixture.cases[name];
    for (const e of events) {
      const micros = Math.round(Date.parse(e.time_fired) * 1000);
      fake.home.fire(e.event_type, e.data, e.context, micros);
    }
    const changes = events.filter((e) => {
      const d = e.data as { old_state: { state: string } | null; new_state: { state: string } | null };
      return e.event_type === "state_changed" && d.new_state !== null && d.old_state?.state !== d.new_state.state;
    }).length;
    await eventually(() => pushed.length === before + changes, `${name}: ${changes} changes delivered`);
    return pushed.slice(before).map((e) => [e.entity, e.state, causeOf(e)]);
  }

  it("a device reporting its own state is physical", async () => {
    expect(await replay("physical")).toEqual([
      ["switch.p2_wall_switch", "on", "physical"],
      ["switch.p2_wall_switch", "off", "physical"],
    ]);
  });

  it("a person through the REST API is app; the automation they set off is automation", async () => {
    expect(await replay("app_then_automation")).toEqual([
      ["input_boolean.p2_follower", "off", "app"],
      ["input_boolean.p2_trigger", "on", "app"],
      ["input_boolean.p2_follower", "on", "automation"],
    ]);
  });

  it("a script a person runs is a script's change, though Home Assistant gives it no parent", async () => {
    const script = fixture.cases.script_run_by_a_person;
    const target = script.find((e) => e.data.entity_id === "input_boolean.p2_script_target")!;
    expect(target.context).toMatchObject({ user_id: fixture.users.person, parent_id: null });
    const changes = await replay("script_run_by_a_person");
    expect(changes).toEqual([
      ["script.p2_script", "on", "automation"],
      ["input_boolean.p2_script_target", "on", "automation"],
      ["script.p2_script", "off", "automation"],
    ]);
    expect(pushed.filter((e) => e.entity === "input_boolean.p2_script_target").map(isManualAction)).toEqual([false]);
  });

  it("a script an automation runs carries its parent", async () => {
    expect(await replay("script_run_by_an_automation")).toEqual([
      ["input_boolean.p2_lamp", "off", "app"],
      ["script.p2_script", "on", "automation"],
      ["input_boolean.p2_script_target", "on", "automation"],
      ["script.p2_script", "off", "automation"],
      // The new automation's first state waits for its registry entry (it might be one of ours).
      ["automation.p2_gone", "on", "physical"],
    ]);
  });

  it("a change by Home Patterns' own user is its own and never learned from", async () => {
    expect(await replay("home_patterns_own")).toEqual([["input_boolean.p2_own_target", "on", "own"]]);
    const own = pushed.at(-1)!;
    expect(own.user).toBe("home_patterns");
    expect(isManualAction(own)).toBe(false);
    const day = TIME.dayOf(own.ts);
    const { start, end } = TIME.dayBounds(day);
    const rows = nextActionDaily.computeDay({
      day,
      start,
      end,
      events: [own],
      carryIn: new Map(),
      time: TIME,
      areaOf: () => null,
    });
    expect(rows.get("input_boolean.p2_own_target")).toMatchObject({
      actions: 0,
      causes: { physical: 0, app: 0, automation: 0, own: 1 },
    });
  });

  it("an automation switched off keeps its state; disabled or deleted, it has none", async () => {
    await replay("app_then_automation");
    await replay("script_run_by_an_automation");
    expect([source.hasEntity("automation.p2_follow"), source.hasEntity("automation.p2_gone")]).toEqual([true, true]);
    expect(await replay("automation_turned_off")).toEqual([["automation.p2_follow", "off", "app"]]);
    expect(source.hasEntity("automation.p2_follow")).toBe(true);
    for (const name of ["automation_disabled", "automation_deleted"]) {
      for (const e of fixture.cases[name]) fake.home.fire(e.event_type, e.data, e.context);
    }
    await eventually(() => source.hasEntity("automation.p2_gone") === false, "the deletion heard");
    expect(source.hasEntity("automation.p2_follow")).toBe(false);
    expect(source.hasEntity("input_boolean.p2_lamp")).toBe(true);
  });
});
