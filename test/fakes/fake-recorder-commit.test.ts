// The fake's recorder commits like HA's: history holds a change only after the next commit (as seen on a real HA 2023.12).
import { afterEach, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { FakeHomeAssistant } from "./fake-home-assistant.js";
import { historyDuringPeriod } from "./ha/fake-ha-compressed.js";

const T0 = Date.UTC(2026, 11, 7, 0, 35, 0);
let fake: FakeHomeAssistant | undefined;
afterEach(async () => {
  await fake?.stop();
});

it("answers history without the rows written since the last commit, and with them once committed", async () => {
  const clock = new ManualClock(T0);
  fake = await FakeHomeAssistant.start({ now: () => clock.now(), recorderCommitIntervalMs: 1_000 });
  fake.setStates([{ entity_id: "input_boolean.kitchen_light", state: "off" }]);
  const history = () =>
    historyDuringPeriod(fake!.home, {
      startMicros: (T0 - 60_000) * 1000,
      endMicros: Number.POSITIVE_INFINITY,
      entityIds: ["input_boolean.kitchen_light"],
      includeStartTimeState: true,
      significantChangesOnly: false,
      minimalResponse: false,
      noAttributes: true,
    })["input_boolean.kitchen_light"]?.map((r) => (r as { s: string }).s);

  clock.advance(1_000);
  expect(history()).toEqual(["off"]);
  clock.advance(300);
  fake.emitStateChange("input_boolean.kitchen_light", "on");
  // get_states has it at once; history does not until the recorder commits at T0 + 2 s.
  expect(fake.state("input_boolean.kitchen_light")?.state).toBe("on");
  expect(history()).toEqual(["off"]);
  clock.advance(699);
  expect(history()).toEqual(["off"]);
  clock.advance(1);
  expect(history()).toEqual(["off", "on"]);
  clock.advance(100);
  fake.emitStateChange("input_boolean.kitchen_light", "off");
  fake.home.commitNow(); // HA stopping: the recorder commits what it holds
  expect(history()).toEqual(["off", "on", "off"]);
});
