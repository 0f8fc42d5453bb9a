// The device class in recorded state attributes: read once per shared row, and a bad row costs only the words.
import { describe, expect, it } from "vitest";
import {
  deviceClassInAttributes,
  sharedAttributesDeviceClass,
} from "../../../src/sources/importers/attributes-device-class.js";
import { recorderChunk } from "../../../src/sources/importers/recorder-rows.js";

describe("deviceClassInAttributes", () => {
  it("reads it from JSON text or an object, and nothing from anything else", () => {
    expect(deviceClassInAttributes('{"device_class":"door","friendly_name":"Front door"}')).toBe("door");
    expect(deviceClassInAttributes({ device_class: "motion" })).toBe("motion");
    expect(deviceClassInAttributes('{"friendly_name":"Kitchen light"}')).toBeUndefined();
    expect(deviceClassInAttributes('{"device_class":')).toBeUndefined();
    expect(deviceClassInAttributes('["device_class"]')).toBeUndefined();
    expect(deviceClassInAttributes('{"device_class":""}')).toBeUndefined();
    expect(deviceClassInAttributes('{"device_class":7}')).toBeUndefined();
    expect(deviceClassInAttributes(null)).toBeUndefined();
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

  it("gives each event the class of its attributes row", () => {
    const chunk = recorderChunk(
      [
        row(1, 7, '{"device_class":"occupancy"}'),
        row(2, 7, '{"device_class":"occupancy"}'),
        row(3, 8, '{"device_class":"motion"}'),
        row(4, null, null),
      ],
      sharedAttributesDeviceClass(),
    );
    expect(chunk.events.map((e) => e.deviceClass)).toEqual(["occupancy", "occupancy", "motion", undefined]);
  });

  it("reads a shared attributes row once: the same id gives what its first reading gave", () => {
    const read = sharedAttributesDeviceClass();
    expect(read(7, '{"device_class":"occupancy"}')).toBe("occupancy");
    expect(read(7, '{"device_class":"motion"}')).toBe("occupancy");
    // Rows without a shared id (schemas before 25) are each their own.
    expect(read(null, '{"device_class":"door"}')).toBe("door");
    expect(read(null, '{"device_class":"window"}')).toBe("window");
  });

  it("keeps a change whose attributes are not JSON, without a class", () => {
    const chunk = recorderChunk([row(1, null, '{"device_class": oops')], sharedAttributesDeviceClass());
    expect(chunk.events).toHaveLength(1);
    expect(chunk.events[0]!.deviceClass).toBeUndefined();
    expect(chunk.rejected).toEqual([]);
  });
});
