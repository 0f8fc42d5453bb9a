// Reading the device class Home Assistant's influxdb integration wrote to InfluxDB 2.x: per row, and each entity's latest field.
import { describe, expect, it } from "vitest";
import type { FluxResultRow } from "../../../src/sources/importers/flux-result-row.js";
import { ownDeviceClass, readLatestDeviceClasses } from "../../../src/sources/importers/influxdb2-device-classes.js";

const LAST_COLUMNS = ["_start", "_stop", "_time", "_value", "_field", "_measurement", "domain", "entity_id"].map(
  (label) => ({ label }),
);

async function* lastRows(...rows: [time: string, deviceClass: string, measurement: string, entity: string][]) {
  for (const [time, deviceClass, measurement, entity] of rows) {
    const [domain, objectId] = entity.split(".");
    const values = ["1970-01-01T00:00:00Z", "2025-01-12T00:00:00Z", time, deviceClass, "device_class_str"];
    const row: FluxResultRow = { values: [...values, measurement, domain!, objectId!], columns: LAST_COLUMNS };
    yield row;
  }
}

describe("readLatestDeviceClasses", () => {
  it("takes, of an entity's several series (its unit changed), the class of the latest row", async () => {
    const classes = await readLatestDeviceClasses(
      lastRows(
        ["2025-01-08T06:00:00.000000002Z", "energy", "kWh", "sensor.washer"],
        ["2025-01-08T06:00:00.000000001Z", "power", "W", "sensor.washer"],
        ["2025-01-07T00:00:00Z", "door", "binary_sensor.front", "binary_sensor.front"],
        ["2025-01-09T00:00:00Z", "window", "binary_sensor.front", "binary_sensor.front"],
      ),
    );
    expect([...classes]).toEqual([
      ["sensor.washer", "energy"],
      ["binary_sensor.front", "window"],
    ]);
  });
});

describe("ownDeviceClass", () => {
  it("reads a device_class tag, else a <domain>__<class> measurement, else none", () => {
    expect(ownDeviceClass("binary_sensor", "binary_sensor.front_door", "door")).toBe("door");
    expect(ownDeviceClass("binary_sensor", "binary_sensor__motion", "")).toBe("motion");
    // measurement_attr domain__device_class without a class: the domain alone.
    expect(ownDeviceClass("binary_sensor", "binary_sensor", "")).toBeUndefined();
    expect(ownDeviceClass("sensor", "sensor__", "")).toBeUndefined();
    expect(ownDeviceClass("sensor", "binary_sensor__motion", "")).toBeUndefined();
    expect(ownDeviceClass("sensor", "°C", "")).toBeUndefined();
  });
});
