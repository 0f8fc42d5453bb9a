// The write gate's mode from the presence state: the last decision holds while the broker is away.
import { describe, expect, it } from "vitest";
import {
  type PresenceWriteState,
  presenceWriteMode,
} from "../../../src/publish/instance-presence/presence-write-mode.js";
import type { WriteMode } from "../../../src/publish/write-gate.js";

const UP: PresenceWriteState = {
  open: false,
  running: true,
  brokerUp: true,
  announced: "starting",
  decided: undefined,
  superseded: false,
  askingOnBus: false,
};
const AWAY: PresenceWriteState = { ...UP, brokerUp: false };

describe("the write mode of the instance presence", () => {
  it.each<[string, PresenceWriteState, WriteMode]>([
    ["publishing", { ...UP, open: true, announced: "publishing", decided: "publishing" }, "write"],
    ["deciding with the broker up", UP, "hold"],
    ["claimed, its echo not back yet", { ...UP, announced: "publishing" }, "hold"],
    ["standing by with the broker up", { ...UP, announced: "standby", decided: "standby" }, "drop"],
    ["the broker up again after publishing, deciding anew", { ...UP, decided: "publishing" }, "hold"],
    ["stopped", { ...UP, running: false, announced: "standby", decided: "standby" }, "hold"],
    ["the broker away before any decision", AWAY, "hold"],
    ["the broker away after publishing", { ...AWAY, decided: "publishing" }, "write"],
    ["the broker away after standing by", { ...AWAY, decided: "standby" }, "drop"],
    ["the broker never reached", { ...AWAY, decided: "alone" }, "write"],
    [
      "the broker away after publishing, another took over",
      { ...AWAY, decided: "publishing", superseded: true },
      "drop",
    ],
    ["the broker never reached, another took over", { ...AWAY, decided: "alone", superseded: true }, "drop"],
    ["publishing, another took over", { ...UP, open: true, decided: "publishing", superseded: true }, "drop"],
    [
      "asking on HA's bus, the broker away after publishing",
      { ...AWAY, decided: "publishing", askingOnBus: true },
      "hold",
    ],
    ["asking on HA's bus, the broker never reached", { ...AWAY, decided: "alone", askingOnBus: true }, "hold"],
    ["asking on HA's bus after standing by", { ...AWAY, decided: "standby", askingOnBus: true }, "drop"],
    [
      "asking on HA's bus, then superseded",
      { ...AWAY, decided: "publishing", askingOnBus: true, superseded: true },
      "drop",
    ],
    ["stopped after another took over", { ...AWAY, running: false, decided: "publishing", superseded: true }, "hold"],
  ])("%s", (_, state, expected) => {
    expect(presenceWriteMode(state)).toBe(expected);
  });
});
