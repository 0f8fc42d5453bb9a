// The fake's automation runs, disabling and deleting, against what a real Home Assistant 2023.12 sent (test/fixtures).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeHomeAssistant } from "./fake-home-assistant.js";

type Event = { event_type: string; data: Record<string, any>; context: { id: string } };
const fixture = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../fixtures/ha-contexts/real-ha-2023.12-contexts.json"), "utf8"),
) as { cases: Record<string, Event[]>; automation_history: { result: Record<string, Record<string, any>[]> } };

/** What a comparison looks at: the event, the entity, the new state and whose context it carries. */
function shape(events: readonly Event[], contextOf: (e: Event) => string): string[] {
  return events
    .filter((e) => e.event_type === "state_changed" || e.event_type === "entity_registry_updated")
    .map((e) =>
      [
        e.event_type,
        e.data.action ?? "",
        JSON.stringify(e.data.changes ?? null),
        e.data.new_state === undefined ? "" : String(e.data.new_state?.state ?? null),
        contextOf(e),
      ].join(" "),
    );
}

describe("the fake's automations against a real Home Assistant", () => {
  let fake: FakeHomeAssistant;
  afterEach(async () => {
    await fake?.stop();
  });

  it("removes a disabled automation's state, and a deleted one's, in the state's own context", async () => {
    let now = Date.parse("2026-12-07T03:19:00Z");
    fake = await FakeHomeAssistant.start({ now: () => now });
    const entity = fake.addAutomation({
      id: "p2_follow",
      alias: "P2 follow",
      trigger: [{ platform: "state", entity_id: "input_boolean.p2_trigger", to: "on" }],
      action: [],
    });
    fake.addEntity({ entity_id: entity, platform: "automation" });
    fake.emitStateChange(entity, "on", { user_id: "a-person" });
    const lastContext = fake.state(entity)!.context.id;
    const from = fake.firedEvents().length;
    now += 1000;
    fake.updateEntityRegistry(entity, { disabled_by: "user" });
    const label = (e: Event) => (e.context.id === lastContext ? "state's context" : "new context");
    const real = fixture.cases.automation_disabled.slice(0, 2);
    const realContext = real[1].context.id;
    expect(shape(fake.firedEvents().slice(from) as Event[], label)).toEqual(
      shape(real, (e) => (e.context.id === realContext ? "state's context" : "new context")),
    );
    expect(shape(fake.firedEvents().slice(from) as Event[], label)).toEqual([
      'entity_registry_updated update {"disabled_by":null}  new context',
      "state_changed  null null state's context",
    ]);

    // Deleted: the registry entry goes, then the state, again in the state's own context.
    const gone = fake.addAutomation({ id: "p2_gone", alias: "P2 gone", trigger: [], action: [] } as never);
    fake.addEntity({ entity_id: gone, platform: "automation" });
    fake.emitStateChange(gone, "on", { user_id: "a-person" });
    const goneContext = fake.state(gone)!.context.id;
    const before = fake.firedEvents().length;
    fake.removeEntityRegistry(gone);
    fake.removeState(gone);
    const realDeleted = fixture.cases.automation_deleted;
    const realGoneContext = realDeleted[1].context.id;
    expect(
      shape(fake.firedEvents().slice(before) as Event[], (e) =>
        e.context.id === goneContext ? "state's context" : "new context",
      ),
    ).toEqual(shape(realDeleted, (e) => (e.context.id === realGoneContext ? "state's context" : "new context")));
  });

  it("records a run as two attribute-only states without last_triggered, as the real recorder does", async () => {
    let now = Date.parse("2026-12-07T03:19:00Z");
    fake = await FakeHomeAssistant.start({ now: () => now });
    const entity = fake.addAutomation({ id: "p2_follow", alias: "P2 follow", trigger: [], action: [] } as never);
    now += 5000;
    fake.home.services.call("automation", "trigger", {}, { entity_id: entity }, fake.home.newContext());
    const rows = fake.history(entity);
    const real = fixture.automation_history.result["automation.p2_follow"];
    // The real rows: created, then per run two with last_changed kept.
    expect(real.slice(0, 3).map((r) => [Object.keys(r.a), "lc" in r])).toEqual([
      [["friendly_name"], false],
      [["friendly_name"], true],
      [["friendly_name"], true],
    ]);
    expect(rows.map((r) => [Object.keys(r.attributes), r.lcMicros !== r.luMicros])).toEqual([
      [["friendly_name"], false],
      [["friendly_name"], true],
      [["friendly_name"], true],
    ]);
  });
});
