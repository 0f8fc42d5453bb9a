// Which InfluxDB the options describe, and a message naming what is missing when they describe none.
import { describe, expect, it } from "vitest";
import type { Options } from "../../../src/config/config.js";
import { influxSettings } from "../../../src/publish/influxdb/influx-settings.js";

const options = (o: Record<string, unknown>) => o as Options;

describe("influxSettings", () => {
  it("is off without a URL, whatever else is set", () => {
    expect(influxSettings(options({ influxdb_token: "t", influxdb_org: "o", influxdb_bucket: "b" }))).toBeUndefined();
    expect(influxSettings(options({ influxdb_url: "  " }))).toBeUndefined();
  });

  it("reads 2.x from token, organization and bucket", () => {
    expect(
      influxSettings(
        options({
          influxdb_url: "http://influx:8086",
          influxdb_token: "t",
          influxdb_org: "home",
          influxdb_bucket: "hp",
        }),
      ),
    ).toEqual({ settings: { version: 2, url: "http://influx:8086", token: "t", org: "home", bucket: "hp" } });
  });

  it("reads 1.x from the database, with or without a user", () => {
    expect(
      influxSettings(options({ influxdb_url: "http://a0d7b954-influxdb:8086", influxdb_database: "homeassistant" })),
    ).toEqual({
      settings: { version: 1, url: "http://a0d7b954-influxdb:8086", database: "homeassistant" },
    });
    expect(
      influxSettings(
        options({
          influxdb_url: "http://x:8086",
          influxdb_database: "ha",
          influxdb_username: "u",
          influxdb_password: "p",
        }),
      ),
    ).toEqual({ settings: { version: 1, url: "http://x:8086", database: "ha", username: "u", password: "p" } });
  });

  it("names what is missing", () => {
    expect(influxSettings(options({ influxdb_url: "http://x:8086", influxdb_token: "t" }))).toEqual({
      problem:
        "influxdb_url is set but the rest is missing: for InfluxDB 2.x also set influxdb_org, influxdb_bucket; for 1.x set influxdb_database instead",
    });
    expect(
      influxSettings(options({ influxdb_url: "http://x:8086", influxdb_database: "ha", influxdb_username: "u" })),
    ).toEqual({
      problem: "set both influxdb_username and influxdb_password, or neither (a database without authentication)",
    });
  });
});
