// A binary_sensor's state in Home Assistant's words, by its device class; anything else as before.
import { describe, expect, it } from "vitest";
import { stateBeing, stateLabel, stateLabelInline, stateVerb } from "../../src/core/state-words.js";

describe("state words", () => {
  it("names a door, window, opening or garage door open and closed", () => {
    for (const dc of ["door", "window", "opening", "garage_door"]) {
      expect(stateLabel("binary_sensor.front", "on", dc)).toBe("Open");
      expect(stateLabel("binary_sensor.front", "off", dc)).toBe("Closed");
      expect(stateVerb("binary_sensor.front", "on", dc)).toBe("opens");
      expect(stateVerb("binary_sensor.front", "off", dc)).toBe("closes");
    }
  });

  it("names motion, occupancy, moisture, lock and plug the way Home Assistant shows them", () => {
    expect(stateLabel("binary_sensor.hall", "on", "motion")).toBe("Detected");
    expect(stateLabel("binary_sensor.hall", "off", "motion")).toBe("Clear");
    expect(stateVerb("binary_sensor.hall", "on", "motion")).toBe("detects motion");
    expect(stateVerb("binary_sensor.hall", "off", "motion")).toBe("clears");
    expect(stateLabel("binary_sensor.desk", "on", "occupancy")).toBe("Detected");
    expect(stateLabel("binary_sensor.sink", "on", "moisture")).toBe("Wet");
    expect(stateLabel("binary_sensor.sink", "off", "moisture")).toBe("Dry");
    expect(stateLabel("binary_sensor.bolt", "on", "lock")).toBe("Unlocked");
    expect(stateLabel("binary_sensor.bolt", "off", "lock")).toBe("Locked");
    expect(stateVerb("binary_sensor.bolt", "off", "lock")).toBe("locks");
    expect(stateLabel("binary_sensor.car", "on", "plug")).toBe("Plugged in");
    expect(stateLabel("binary_sensor.car", "off", "plug")).toBe("Unplugged");
    expect(stateLabel("binary_sensor.pump", "off", "problem")).toBe("OK");
  });

  it('says a state as it reads after "while it was"', () => {
    expect(stateBeing("light.hall", "on")).toBe("on");
    expect(stateBeing("climate.hall", "heat")).toBe("heating");
    expect(stateBeing("climate.hall", "fan_only")).toBe("running its fan");
    expect(stateBeing("person.alex", "not_home")).toBe("away");
    expect(stateBeing("binary_sensor.front", "on", "door")).toBe("open");
    expect(stateBeing("binary_sensor.smoke", "off", "smoke")).toBe("clear");
    expect(stateBeing("media_player.tv", "playing")).toBe("playing");
    expect(stateBeing("climate.hall", "eco")).toBe('in "eco"');
  });

  it("puts the label in a sentence in lower case, but keeps OK", () => {
    expect(stateLabelInline("binary_sensor.front", "on", "door")).toBe("open");
    expect(stateLabelInline("binary_sensor.car", "on", "plug")).toBe("plugged in");
    expect(stateLabelInline("binary_sensor.pump", "off", "problem")).toBe("OK");
    expect(stateLabelInline("binary_sensor.front", "on", null)).toBe("on");
    expect(stateLabelInline("media_player.tv", "not_home", null)).toBe("not home");
  });

  it("keeps today's wording without a known device class, for other domains and other states", () => {
    expect(stateLabel("binary_sensor.front", "on", undefined)).toBe("on");
    expect(stateLabel("binary_sensor.front", "on", null)).toBe("on");
    expect(stateVerb("binary_sensor.front", "on", null)).toBe("turns on");
    expect(stateVerb("binary_sensor.front", "off", "no_such_class")).toBe("turns off");
    expect(stateLabel("binary_sensor.front", "on", "toString")).toBe("on");
    expect(stateLabel("light.kitchen", "on", "door")).toBe("on");
    expect(stateVerb("light.kitchen", "on", "door")).toBe("turns on");
    expect(stateLabel("binary_sensor.front", "unavailable", "door")).toBe("unavailable");
    expect(stateVerb("cover.garage", "open", "garage")).toBe("opens");
    expect(stateVerb("climate.living", "eco", null)).toBe('changes to "eco"');
  });
});
