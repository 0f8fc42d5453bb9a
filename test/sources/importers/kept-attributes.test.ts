// The device class and unit in recorded state attributes: read once per shared row, and a bad row costs only the words.
import { describe, expect, it } from "vitest";
import { keptAttributes, sharedKeptAttributes } from "../../../src/sources/importers/kept-attributes.js";
import { recorderChunk } from "../../../src/sources/importers/recorder-rows.js";

describe("keptAttributes", () => {
  it("reads the device class from JSON text or an object, and nothing from anything else", () => {
    expect(keptAttributes('{"device_class":"door","friendly_name":"Front door"}')).toEqual({ deviceClass: "door" });
    expect(keptAttributes({ device_class: "motion" })).toEqual({ deviceClass: "motion" });
    expect(keptAttributes('{"friendly_name":"Kitchen light"}')).toEqual({});
    expect(keptAttributes('{"device_class":')).toEqual({});
    expect(keptAttributes('["device_class"]')).toEqual({});
    expect(keptAttributes('{"device_class":""}')).toEqual({});
    expect(keptAttributes('{"device_class":7}')).toEqual({});
    expect(keptAttributes(null)).toEqual({});
  });

  it("reads the unit, with the class or without one", () => {
    expect(keptAttributes('{"state_class":"measurement","unit_of_measurement":"events/h"}')).toEqual({
      unit: "events/h",
    });
    expect(keptAttributes({ unit_of_measurement: "°C", device_class: "temperature" })).toEqual({
      deviceClass: "temperature",
      unit: "°C",
    });
    expect(keptAttributes('{"unit_of_measurement":""}')).toEqual({});
    expect(keptAttributes('{"unit_of_measurement":null}')).toEqual({});
  });
});

describe("recorder rows with attributes", () => {
  const row = (id: number, attributesId: number | null, attributes: string | null) => ({
    state_id: id,
    entity_id: "binary_sensor.hall",
    state: id % 2 ? "on" : "off",
    ts: 1_736_150_400 + id,
    changed: 1,
    previous: null,
    user_id: null,
    attributes_id: attributesId,
    attributes,
  });

  it("gives each event the class and unit of its attributes row", () => {
    const chunk = recorderChunk(
      [
        row(1, 7, '{"device_class":"occupancy"}'),
        row(2, 7, '{"device_class":"occupancy"}'),
        row(3, 8, '{"device_class":"motion"}'),
        row(4, null, null),
        row(5, 9, '{"unit_of_measurement":"lx"}'),
      ],
      sharedKeptAttributes(),
    );
    expect(chunk.events.map((e) => [e.deviceClass, e.unit])).toEqual([
      ["occupancy", undefined],
      ["occupancy", undefined],
      ["motion", undefined],
      [undefined, undefined],
      [undefined, "lx"],
    ]);
  });

  it("reads a shared attributes row once: the same id gives what its first reading gave", () => {
    const read = sharedKeptAttributes();
    expect(read(7, '{"device_class":"occupancy"}')).toEqual({ deviceClass: "occupancy" });
    expect(read(7, '{"device_class":"motion"}')).toEqual({ deviceClass: "occupancy" });
    // Rows without a shared id (schemas before 25) are each their own.
    expect(read(null, '{"device_class":"door"}')).toEqual({ deviceClass: "door" });
    expect(read(null, '{"device_class":"window"}')).toEqual({ deviceClass: "window" });
  });

  it("keeps a change whose attributes are not JSON, without a class or unit", () => {
    const chunk = recorderChunk([row(1, null, '{"unit_of_measurement": oops')], sharedKeptAttributes());
    expect(chunk.events).toHaveLength(1);
    expect(chunk.events[0]!.deviceClass).toBeUndefined();
    expect(chunk.events[0]!.unit).toBeUndefined();
    expect(chunk.rejected).toEqual([]);
  });
});
