// The demo's options: usable numbers pass as given, every unusable one is named.
import { describe, expect, it } from "vitest";
import { readDemoFlags } from "../../src/cli/demo-flags.js";

describe("demo flags", () => {
  it("passes usable values on and leaves the ones not given to the demo's defaults", () => {
    expect(readDemoFlags({ seed: "48", speed: "0.5", "history-days": "0" })).toEqual({
      settings: { seed: 48, speed: 0.5, historyDays: 0 },
      problems: [],
    });
    expect(readDemoFlags({})).toEqual({
      settings: { seed: undefined, speed: undefined, historyDays: undefined },
      problems: [],
    });
  });

  it("names a speed of 0, a negative or non-numeric one, and history that is not whole days", () => {
    expect(readDemoFlags({ speed: "-2", "history-days": "two" }).problems).toEqual([
      "--speed must be a number above 0 (60 plays a simulated minute each second), got -2",
      "--history-days must be a whole number of days, 0 or more, got two",
    ]);
    expect(readDemoFlags({ speed: "Infinity", seed: "" }).problems).toEqual([
      "--seed must be a whole number of 0 or more, got no value",
      "--speed must be a number above 0 (60 plays a simulated minute each second), got Infinity",
    ]);
  });
});
