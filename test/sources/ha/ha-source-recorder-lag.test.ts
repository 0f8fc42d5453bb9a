// Changes the recorder has not committed yet when the backfill reads history (HA restart, reconnects).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import type { HomeEvent } from "../../../src/core/home-event.js";
import { createMemoryLogger } from "../../../src/core/logger.js";
import { createHaSource, type HaSource } from "../../../src/sources/ha/ha-source.js";
import { FakeHomeAssistant } from "../../fakes/fake-home-assistant.js";
import { eventually } from "../../fakes/ha/eventually.js";
import { MemoryEventStore } from "../../support/memory/memory-event-store.js";
import { MemoryRegistryStore } from "../../support/memory/memory-registry-store.js";

// A whole multiple of the commit interval: the recorder commits at T0, T0 + 5 s, ...
const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const HOUR = 3_600_000;

function storingSink(store: MemoryEventStore) {
  const events: HomeEvent[] = [];
  return {
    events,
    push(event: HomeEvent) {
      events.push(event);
      store.append([event]);
    },
    reject() {},
  };
}

const brief = (events: HomeEvent[]) => events.map(({ ts, entity, state }) => ({ ts: ts - T0, entity, state }));

describe("Home Assistant source with the recorder committing every 5 s (HA's default)", () => {
  let clock: ManualClock;
  let fake: FakeHomeAssistant;
  let store: MemoryEventStore;
  let source: HaSource;

  beforeEach(async () => {
    clock = new ManualClock(T0 - HOUR);
    fake = await FakeHomeAssistant.start({ now: () => clock.now(), recorderCommitIntervalMs: 5_000 });
    fake.addEntity({ entity_id: "input_boolean.kitchen_light" });
    fake.addEntity({ entity_id: "switch.kettle" });
    fake.setStates([
      { entity_id: "input_boolean.kitchen_light", state: "off" },
      { entity_id: "switch.kettle", state: "off" },
    ]);
    clock.set(T0);
    store = new MemoryEventStore();
    source = createHaSource({
      url: fake.url,
      token: fake.token,
      logger: createMemoryLogger(),
      clock,
      registry: new MemoryRegistryStore(),
      lastEventTimes: () => store.lastEventTimes(),
      maxBackfillMs: 24 * HOUR,
      backoff: { initialMs: 1_000, maxMs: 1_000 },
      connectTimeoutMs: 3_600_000,
    });
  });

  afterEach(async () => {
    await source.stop();
    await fake.stop();
  });

  /** Moves the clock in small steps (timers fire) until the probe holds. */
  const advanceUntil = (probe: () => boolean, what: string) =>
    eventually(() => {
      clock.advance(250);
      return probe();
    }, what);

  it("a reconnect right after changes the recorder still holds loses none of them, even once live changes follow", async () => {
    const sink = storingSink(store);
    await source.start(sink);
    await source.synced();
    sink.events.length = 0;
    clock.advance(1_000);
    fake.emitStateChange("input_boolean.kitchen_light", "on");
    await eventually(() => sink.events.length === 1, "the live change");

    fake.dropConnections({ refuse: true });
    // The first attempt is turned away and its retry is on the clock: moving the clock before the
    // refusal is read would leave the retry waiting for a time the test never reaches.
    await eventually(() => source.status().detail?.includes("attempt 2 in"), "the refused attempt");
    // HA is back at T0 + 6 s; these three are on its bus but not committed before T0 + 10 s. The
    // retry falls due on the way and connects once the fake accepts again (after this block).
    clock.set(T0 + 6_000);
    fake.emitStateChange("input_boolean.kitchen_light", "off");
    clock.set(T0 + 6_300);
    fake.emitStateChange("input_boolean.kitchen_light", "on");
    clock.set(T0 + 6_600);
    fake.emitStateChange("switch.kettle", "on");
    fake.acceptConnections();
    await eventually(() => fake.commandsOfType("history/history_during_period").length >= 2, "the backfill's history");

    await advanceUntil(
      () => source.status().state === "connected" && !source.status().detail?.includes("catching up"),
      "caught up",
    );
    const live = clock.now();
    fake.emitStateChange("input_boolean.kitchen_light", "off");
    await eventually(() => sink.events.some((e) => e.ts === live), "the live change after the reconnect");

    expect(brief(sink.events)).toEqual([
      { ts: 1_000, entity: "input_boolean.kitchen_light", state: "on" },
      { ts: 6_000, entity: "input_boolean.kitchen_light", state: "off" },
      { ts: 6_300, entity: "input_boolean.kitchen_light", state: "on" },
      { ts: 6_600, entity: "switch.kettle", state: "on" },
      { ts: live - T0, entity: "input_boolean.kitchen_light", state: "off" },
    ]);
  });

  it("an add-on start while the recorder holds the newest changes stores each change once", async () => {
    store.append([
      { ts: T0 - HOUR, entity: "input_boolean.kitchen_light", state: "off", source: "ha" },
      { ts: T0 - HOUR, entity: "switch.kettle", state: "off", source: "ha" },
    ]);
    clock.set(T0 + 5_500);
    fake.emitStateChange("input_boolean.kitchen_light", "on");
    clock.set(T0 + 5_800);
    fake.emitStateChange("input_boolean.kitchen_light", "off");
    clock.set(T0 + 6_000);
    const sink = storingSink(store);

    await source.start(sink);
    await advanceUntil(
      () => source.status().state === "connected" && !source.status().detail?.includes("catching up"),
      "caught up",
    );

    expect(brief(sink.events)).toEqual([
      { ts: 5_500, entity: "input_boolean.kitchen_light", state: "on" },
      { ts: 5_800, entity: "input_boolean.kitchen_light", state: "off" },
    ]);
  });
});
