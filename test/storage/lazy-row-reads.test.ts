// A blob's rows read one at a time are the rows of the whole blob parsed at once, in either stored form.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { eachPackedRow, packRows, unpackRows } from "../../src/storage/sqlite/aggregate-codec.js";
import { arrayElementSpans, objectMemberSpans } from "../../src/storage/sqlite/json-spans.js";

const chain = (steps: [string, string][], users: Record<string, number> = {}) => ({
  steps: steps.map(([entity, state]) => ({ entity, state })),
  count: 3,
  durationSumSec: 40,
  durationSqSumSec: 600,
  durationMinSec: 10,
  durationMaxSec: 20,
  gapSumSec: steps.slice(1).map(() => 12),
  startQuarter: { "28": 2, "29": 1 },
  days: ["2026-03-10"],
  automated: 1,
  users,
});
const key = (steps: [string, string][]) => `seq|${steps.map(([e, s]) => `${e}|${s}`).join(">")}`;

/** Keys and values whose text holds what a naive bracket count trips on: quotes, escapes, brackets. */
const tricky: [string, string][] = [
  ["light.a", 'on "[{'],
  ["switch.b]", "off\\"],
  ["light.c", "}]\u00e9\n"],
];

describe("eachPackedRow", () => {
  it("gives the rows of a list blob one by one, the same as unpackRows", () => {
    const rows = new Map<string, unknown>([
      ['key "with" [brackets]', { n: 1, s: "}]", nested: [[1, { a: "\\" }], []] }],
      ["plain", 2],
      ["nothing", null],
      ["text", "a,b"],
      ["empty", {}],
    ]);
    const blob = packRows(rows);
    expect([...eachPackedRow(blob)]).toStrictEqual(unpackRows(blob));
    expect(new Map(eachPackedRow(blob))).toEqual(rows);
  });

  it("gives the rows of a compact sequence blob one by one, steps shared as unpackRows shares them", () => {
    const a: [string, string][] = [tricky[0], tricky[1], tricky[2]];
    const b: [string, string][] = [tricky[1], tricky[2], ["light.d", "on"]];
    const rows = new Map<string, unknown>([
      [key(a), chain(a, { 'user "x"]': 2 })],
      [key(b), chain(b)],
    ]);
    const blob = packRows(rows, "sequence_daily");
    expect(JSON.parse(inflate(blob)).codec).toBe("sequence/1");
    const lazy = [...eachPackedRow(blob)];
    expect(lazy).toStrictEqual(unpackRows(blob));
    expect(new Map(lazy)).toEqual(rows);
    const steps = lazy.map(([, v]) => (v as ReturnType<typeof chain>).steps);
    // switch.b] is the same object in both chains, as computeDay made it.
    expect(steps[0][1]).toBe(steps[1][0]);
  });

  it("reads the compact form's parts in any order, and an empty blob", () => {
    const text = JSON.stringify({ rows: [], strings: [], codec: "sequence/1" });
    expect([...eachPackedRow(deflateRawSync(Buffer.from(text)))]).toEqual([]);
    expect([...eachPackedRow(packRows(new Map()))]).toEqual([]);
  });

  it("rejects a blob that is neither form, with the same error as unpackRows", () => {
    for (const text of ['{"codec":"nope/1","strings":[],"rows":[]}', "42", '{"codec":"sequence/1","strings":[]}']) {
      const blob = deflateRawSync(Buffer.from(text));
      expect(() => unpackRows(blob)).toThrow(/neither a list of rows nor a known compact form/);
      expect(() => [...eachPackedRow(blob)]).toThrow(/neither a list of rows nor a known compact form/);
    }
  });

  it("throws on a blob whose text was cut short", () => {
    const text = JSON.stringify([
      ["a", { x: [1, 2] }],
      ["b", 1],
    ]);
    const blob = deflateRawSync(Buffer.from(text.slice(0, -8)));
    expect(() => [...eachPackedRow(blob)]).toThrow(SyntaxError);
  });
});

describe("json spans", () => {
  it("finds each element of an array without parsing it, blanks allowed", () => {
    const text = ' [ 1 , "a]\\"" ,{"k":[2,{"x":"}"}]}, [ ], true,null ] ';
    const parts = [...arrayElementSpans(text)].map(([s, e]) => JSON.parse(text.slice(s, e)));
    expect(parts).toEqual(JSON.parse(text));
  });

  it("finds each member of an object by name", () => {
    const text = '{"a" : [1,2], "b\\"":{"c":"]"} ,"d":3}';
    const members = objectMemberSpans(text);
    expect([...members.keys()]).toEqual(["a", 'b"', "d"]);
    expect(Object.fromEntries([...members].map(([k, [s, e]]) => [k, JSON.parse(text.slice(s, e))]))).toEqual(
      JSON.parse(text),
    );
  });
});

function inflate(blob: Uint8Array): string {
  return inflateRawSync(blob).toString("utf8");
}
