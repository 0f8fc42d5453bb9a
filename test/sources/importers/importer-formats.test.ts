// Each import format on real-format fixtures, with the exact events and the malformed lines reported.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createImporter, importFormatFromName } from "../../../src/sources/importers/create-importer.js";
import { readLines } from "../../../src/sources/importers/line-reader.js";
import { collectingSink } from "../mqtt/collecting-sink.js";

const FIXTURES = path.join(import.meta.dirname, "../../fixtures/imports");
const dir = mkdtempSync(path.join(os.tmpdir(), "hp-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (iso: string) => Date.parse(iso);

describe("Home Assistant history CSV", () => {
  it("turns a history download into state changes: first row per entity has no previous, repeats are dropped", async () => {
    const sink = collectingSink();
    await createImporter("ha-history-csv", path.join(FIXTURES, "history.csv")).start(sink);
    const s = "import:csv";
    expect(sink.events).toEqual([
      { ts: at("2026-11-20T05:00:00.000Z"), entity: "climate.hallway_thermostat", state: "heat", source: s },
      {
        ts: at("2026-11-20T07:45:03.771Z"),
        entity: "climate.hallway_thermostat",
        state: "off",
        previous: "heat",
        source: s,
      },
      { ts: at("2026-11-20T05:00:00.000Z"), entity: "sensor.living_room_temperature", state: "20.9", source: s },
      {
        ts: at("2026-11-20T06:12:44.908Z"),
        entity: "sensor.living_room_temperature",
        state: "21.3",
        previous: "20.9",
        source: s,
      },
      { ts: at("2026-11-20T05:00:00.000Z"), entity: "binary_sensor.kitchen_motion", state: "off", source: s },
      {
        ts: at("2026-11-20T06:55:12.345Z"),
        entity: "binary_sensor.kitchen_motion",
        state: "on",
        previous: "off",
        source: s,
      },
      {
        ts: at("2026-11-20T06:58:40.002Z"),
        entity: "binary_sensor.kitchen_motion",
        state: "off",
        previous: "on",
        source: s,
      },
      { ts: at("2026-11-20T05:00:00.000Z"), entity: "light.kitchen_ceiling", state: "off", source: s },
      { ts: at("2026-11-20T06:55:13.120Z"), entity: "light.kitchen_ceiling", state: "on", previous: "off", source: s },
      { ts: at("2026-11-20T07:31:02.004Z"), entity: "light.kitchen_ceiling", state: "off", previous: "on", source: s },
      {
        ts: at("2026-11-20T05:00:00.000Z"),
        entity: "sensor.hallway_weather_summary",
        state: "Partly cloudy, 4 °C",
        source: s,
      },
      {
        ts: at("2026-11-20T07:10:00.051Z"),
        entity: "sensor.hallway_weather_summary",
        state: 'Rain "heavy", 3 °C',
        previous: "Partly cloudy, 4 °C",
        source: s,
      },
      { ts: at("2026-11-20T05:00:00.000Z"), entity: "switch.coffee_machine", state: "off", source: s },
      { ts: at("2026-11-20T06:57:01.880Z"), entity: "switch.coffee_machine", state: "on", previous: "off", source: s },
      {
        ts: at("2026-11-20T07:20:15.003Z"),
        entity: "switch.coffee_machine",
        state: "unavailable",
        previous: "on",
        source: s,
      },
      {
        ts: at("2026-11-20T07:20:45.410Z"),
        entity: "switch.coffee_machine",
        state: "off",
        previous: "unavailable",
        source: s,
      },
    ]);
  });

  it("counts and skips malformed rows with their line numbers, and keeps every good row (CRLF, quoted line breaks)", async () => {
    const sink = collectingSink();
    const importer = createImporter("ha-history-csv", path.join(FIXTURES, "history-with-errors.csv"), {
      maxReportedErrors: 4,
    });
    await importer.start(sink);
    expect(sink.events.map((e) => [new Date(e.ts).toISOString(), e.entity, e.previous, e.state])).toEqual([
      ["2026-11-20T05:00:00.000Z", "light.bedroom_lamp", undefined, "off"],
      ["2026-11-20T06:40:00.000Z", "light.bedroom_lamp", "off", "on"],
      ["2026-11-20T06:53:00.000Z", "sensor.bedroom_note", undefined, "multi\nline note"],
      ["2026-11-20T07:05:30.250Z", "light.bedroom_lamp", "on", "off"],
    ]);
    const report = importer.report();
    expect(report.malformed).toBe(5);
    expect(report.errors).toEqual([
      { line: 4, reason: 'last_changed is not an ISO 8601 time with a zone: "06:45"' },
      { line: 5, reason: 'not an entity id: "not-an-entity"' },
      { line: 6, reason: "expected 3 fields, got 2" },
      { line: 8, reason: 'last_changed is not an ISO 8601 time with a zone: "2026-11-20T06:52:00"' },
    ]);
    expect(sink.rejects.map((r) => r.reason)).toEqual([
      'line 4: last_changed is not an ISO 8601 time with a zone: "06:45"',
      'line 5: not an entity id: "not-an-entity"',
      "line 6: expected 3 fields, got 2",
      'line 8: last_changed is not an ISO 8601 time with a zone: "2026-11-20T06:52:00"',
      "line 12: quoted field opened on line 12 is never closed",
    ]);
    expect(importer.status()).toMatchObject({ state: "finished", eventsDelivered: 4 });
    expect(importer.status().detail).toContain("4 events, 5 malformed");
  });

  it("refuses a file that is not a history CSV at its first line instead of rejecting every row", async () => {
    const file = path.join(dir, "other.csv");
    writeFileSync(file, "time,temperature\n2026-11-20T05:00:00Z,20.5\n");
    const importer = createImporter("ha-history-csv", file);
    await expect(importer.start(collectingSink())).rejects.toThrow(
      `${file}: line 1: not a Home Assistant history CSV: expected the header entity_id,state,last_changed, got "time,temperature"`,
    );
    expect(importer.status().state).toBe("error");
  });
});

describe("state_changed JSONL", () => {
  it("reads websocket frames, coalesced arrays and bus events; keeps user and automation context", async () => {
    const sink = collectingSink();
    await createImporter("jsonl", path.join(FIXTURES, "state-changed.jsonl")).start(sink);
    const s = "import:jsonl";
    const user = "39fa47571b194a7b9d9c9272b5b4849b";
    expect(sink.events).toEqual([
      {
        ts: at("2026-11-23T10:54:14.519Z"),
        entity: "input_boolean.test_switch",
        state: "on",
        previous: "off",
        user,
        context: "01M840NJF9XRBW036ZAHQPK8HG",
        source: s,
      },
      {
        ts: at("2026-11-23T10:54:14.519Z"),
        entity: "sensor.switch_mirror",
        state: "on",
        previous: "off",
        user,
        context: "01M840NJF9XRBW036ZAHQPK8HG",
        source: s,
      },
      // Set by the automation the switch triggered: parent is the user's context.
      {
        ts: at("2026-11-23T10:54:14.524Z"),
        entity: "input_number.test_level",
        state: "42.0",
        previous: "0.0",
        parent: "01M840NJF9XRBW036ZAHQPK8HG",
        context: "01M840NJFRK93FYRP5NSNZSCQ2",
        source: s,
      },
      {
        ts: at("2026-11-23T10:54:16.031Z"),
        entity: "input_boolean.test_switch",
        state: "off",
        previous: "on",
        user,
        context: "01M840NKYYTYACEEK4RBDD746F",
        source: s,
      },
      {
        ts: at("2026-11-23T10:54:16.032Z"),
        entity: "sensor.switch_mirror",
        state: "off",
        previous: "on",
        user,
        context: "01M840NKYYTYACEEK4RBDD746F",
        source: s,
      },
      {
        ts: at("2026-11-23T10:54:17.036Z"),
        entity: "input_number.test_level",
        state: "17.0",
        previous: "42.0",
        user,
        context: "01M840NMYB9BKZG9NJZZ6R75X2",
        source: s,
      },
      // Created (old_state null): no previous.
      {
        ts: at("2026-11-23T10:54:21.882Z"),
        entity: "binary_sensor.home_patterns_problem",
        state: "unavailable",
        context: "01M840NSNTR0S51XT0X7G7MYG8",
        source: s,
        // Its attributes name a device class: how its states are put in words.
        deviceClass: "problem",
      },
      {
        ts: at("2026-11-23T10:54:25.708Z"),
        entity: "binary_sensor.home_patterns_problem",
        state: "on",
        previous: "unknown",
        context: "01M840NXDCC7ENV6DXFP5KX4WW",
        source: s,
        deviceClass: "problem",
      },
      {
        ts: at("2026-11-23T10:54:29.031Z"),
        entity: "input_boolean.living_room_light",
        state: "on",
        previous: "off",
        user,
        context: "01M840P0N6GW9N65BAQQ3K7T4A",
        source: s,
      },
    ]);
  });

  it("counts and skips malformed lines with their line numbers", async () => {
    const sink = collectingSink();
    const importer = createImporter("jsonl", path.join(FIXTURES, "state-changed-with-errors.jsonl"));
    await importer.start(sink);
    expect(sink.events.map((e) => `${e.entity}:${e.previous}->${e.state}`)).toEqual([
      "input_boolean.test_switch:off->on",
      "sensor.switch_mirror:off->on",
      "input_number.test_level:42.0->17.0",
    ]);
    const report = importer.report();
    expect(report.malformed).toBe(5);
    expect(report.errors.map((e) => e.line)).toEqual([2, 3, 5, 6, 7]);
    expect(report.errors[0].reason).toMatch(/^not valid JSON \(Unexpected token/);
    expect(report.errors.slice(2).map((e) => e.reason)).toEqual([
      "not an entity id: undefined",
      'new_state.last_changed is not an ISO 8601 time with a zone: "yesterday"',
      "expected a JSON object, got 42",
    ]);
    expect(report.entities).toEqual(["input_boolean.test_switch", "input_number.test_level", "sensor.switch_mirror"]);
    expect(report.firstEventAt).toBe(at("2026-11-23T10:54:14.519Z"));
    expect(report.lastEventAt).toBe(at("2026-11-23T10:54:17.036Z"));
  });
});

describe("state_changed JSONL with units", () => {
  it("carries each state's unit_of_measurement, and none for a state whose attributes name none", async () => {
    const file = path.join(dir, "units.jsonl");
    const change = (entity: string, from: string, to: string, at: string, attributes: Record<string, unknown>) =>
      JSON.stringify({
        event_type: "state_changed",
        data: {
          entity_id: entity,
          old_state: { entity_id: entity, state: from, attributes, last_changed: at },
          new_state: { entity_id: entity, state: to, attributes, last_changed: at },
        },
        origin: "LOCAL",
        time_fired: at,
        context: { id: "01M840NJF9XRBW036ZAHQPK8HG", parent_id: null, user_id: null },
      });
    writeFileSync(
      file,
      [
        change("sensor.kitchen_temperature", "21.0", "21.5", "2026-11-23T10:54:14.519365+00:00", {
          unit_of_measurement: "°C",
          device_class: "temperature",
          friendly_name: "Kitchen temperature",
        }),
        change("light.kitchen", "off", "on", "2026-11-23T10:54:15.519365+00:00", { friendly_name: "Kitchen" }),
      ].join("\n"),
    );
    const sink = collectingSink();
    await createImporter("jsonl", file).start(sink);
    expect(sink.events.map((e) => [e.entity, e.state, e.unit])).toEqual([
      ["sensor.kitchen_temperature", "21.5", "°C"],
      ["light.kitchen", "on", undefined],
    ]);
  });
});

describe("reading lines", () => {
  it("splits exactly at line breaks across chunk boundaries, multibyte characters intact, BOM dropped", async () => {
    const file = path.join(dir, "lines.txt");
    // 256 KiB chunks: put a 3-byte character and a CRLF right across the first boundary.
    const first = "x".repeat(256 * 1024 - 1);
    writeFileSync(file, `\uFEFF${first}€\r\nsecond line\nno final newline`);
    const lines = [];
    for await (const line of readLines(file)) lines.push(line);
    expect(lines.map((l) => [l.number, l.text.length, l.text.slice(-3)])).toEqual([
      [1, first.length + 1, "xx€"],
      [2, 11, "ine"],
      [3, 16, "ine"],
    ]);
    const bytes = 3 + first.length + 3 + 2;
    expect(lines.map((l) => l.bytesRead)).toEqual([bytes, bytes + 12, bytes + 12 + 16]);
  });

  it("guesses the format from the file name for the CLI", () => {
    expect(importFormatFromName("history.csv")).toBe("ha-history-csv");
    expect(importFormatFromName("events.JSONL")).toBe("jsonl");
    expect(importFormatFromName("events.ndjson")).toBe("jsonl");
    expect(importFormatFromName("events.json")).toBeUndefined();
  });
});
