// A blob read straight into a map holds the rows unpackRows gives, in key order, in every stored form.
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { packRows, unpackRowMap, unpackRows } from "../../src/storage/sqlite/aggregate-codec.js";

const chain = (steps: [string, string][], quarter: string) => ({
  steps: steps.map(([entity, state]) => ({ entity, state })),
  count: 2,
  durationSumSec: 70,
  durationSqSumSec: 2500,
  durationMinSec: 20,
  durationMaxSec: 50,
  gapSumSec: steps.slice(1).map(() => 35),
  startQuarter: { [quarter]: 2 },
  days: ["2027-01-04"],
  automated: 0,
  users: {},
});

describe("unpackRowMap", () => {
  it("reads compact chains with their keys rebuilt, the same rows as unpackRows", () => {
    // A state with the separators in it: the key is still "seq|" + entity|state joined by ">".
    const rows = new Map([
      [
        "seq|light.hall|on>light.kitchen|on",
        chain(
          [
            ["light.hall", "on"],
            ["light.kitchen", "on"],
          ],
          "28",
        ),
      ],
      [
        "seq|light.hall|a>b|c>switch.fan|on",
        chain(
          [
            ["light.hall", "a>b|c"],
            ["switch.fan", "on"],
          ],
          "95",
        ),
      ],
      [
        "seq|binary_sensor.door|on>light.hall|on>light.kitchen|on",
        chain(
          [
            ["binary_sensor.door", "on"],
            ["light.hall", "on"],
            ["light.kitchen", "on"],
          ],
          "0",
        ),
      ],
    ]);
    const blob = packRows(rows, "sequence_daily");
    const map = unpackRowMap(blob);
    expect([...map]).toStrictEqual(unpackRows(blob));
    expect([...map.keys()]).toEqual([...rows.keys()].sort());
    expect(map).toEqual(rows);
  });

  it("reads compact pairs and entity-states, and a blob of the plain JSON list", () => {
    const pair = {
      type: "pair",
      a: "light.hall",
      aState: "on",
      b: "light.kitchen",
      bState: "on",
      hits: { "30": 1, "120": 2, "600": 3 },
      delaySumMs: 9000,
      blocked: 0,
      days: ["2027-01-04"],
      automated: 0,
      users: { u1: 1 },
    };
    const entity = {
      type: "entity",
      entity: "light.hall",
      state: "on",
      count: 4,
      coverageMs: { "30": 120000, "120": 480000, "600": 2400000 },
      activeDays: 1,
      automated: 1,
      users: {},
    };
    const rows = new Map<string, unknown>([
      ["pair|light.hall|on|light.kitchen|on", pair],
      ["entity|light.hall|on", entity],
      ["day", { type: "day", days: 1, dayMs: 86_400_000 }],
    ]);
    const blob = packRows(rows, "co_occurrence_daily");
    expect([...unpackRowMap(blob)]).toStrictEqual(unpackRows(blob));
    expect(unpackRowMap(blob)).toEqual(rows);
    const list = packRows(
      new Map([
        ["b", { n: 2 }],
        ["a", { n: 1 }],
      ]),
    );
    expect([...unpackRowMap(list)]).toStrictEqual([
      ["a", { n: 1 }],
      ["b", { n: 2 }],
    ]);
  });

  it("rejects a blob that is neither form, as unpackRows does", () => {
    const blob = deflateRawSync(Buffer.from('{"codec":"nope/1","strings":[],"rows":[]}'));
    expect(() => unpackRowMap(blob)).toThrow(/neither a list of rows nor a known compact form/);
  });
});
