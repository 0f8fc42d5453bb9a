// The times MQTT events get: the arrival, kept apart per entity, and never far ahead of the clock.
import { describe, expect, it } from "vitest";
import { ArrivalStamps } from "../../../src/sources/mqtt/arrival-stamps.js";

const T0 = Date.UTC(2026, 10, 20, 6, 55, 0);
const HOUR = 3_600_000;

describe("MQTT arrival stamps", () => {
  it("moves an entity's changes read in one millisecond 1 ms apart, and leaves other entities alone", () => {
    const stamps = new ArrivalStamps();
    expect(
      [
        stamps.stamp("binary_sensor.kitchen", T0),
        stamps.stamp("binary_sensor.kitchen", T0),
        stamps.stamp("binary_sensor.hall", T0),
        stamps.stamp("binary_sensor.kitchen", T0),
        stamps.stamp("binary_sensor.kitchen", T0 + 500),
      ].map((ts) => ts - T0),
    ).toEqual([0, 1, 0, 2, 500]);
  });

  it("takes the arrival as it is after the clock was set back an hour", () => {
    const stamps = new ArrivalStamps();
    stamps.stamp("binary_sensor.kitchen", T0);
    expect(stamps.stamp("binary_sensor.kitchen", T0 - HOUR)).toBe(T0 - HOUR);
    expect(stamps.stamp("binary_sensor.kitchen", T0 - HOUR)).toBe(T0 - HOUR + 1);
  });
});
