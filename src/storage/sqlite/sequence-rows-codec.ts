// A compact stored form for sequence_daily rows: numbers in arrays, entity ids and states once per blob.
import { hasExactKeys, isCounts, isFiniteNumber, StringTable, stringsOf } from "./compact-parts.js";

/** A stored sequence_daily row as the storage side knows it (src/layers/kinds/sequence-daily.ts). */
interface SequenceRow {
  steps: { entity: string; state: string }[];
  count: number;
  durationSumSec: number;
  durationSqSumSec: number;
  durationMinSec: number;
  durationMaxSec: number;
  gapSumSec: number[];
  startQuarter: Record<string, number>;
  days: string[];
  automated: number;
  users: Record<string, number>;
}

const FIELDS = [
  "steps",
  "count",
  "durationSumSec",
  "durationSqSumSec",
  "durationMinSec",
  "durationMaxSec",
  "gapSumSec",
  "startQuarter",
  "days",
  "automated",
  "users",
];
const STEP_FIELDS = ["entity", "state"];

/**
 * Most of a day's L2 is chains, and their JSON spelled every step's entity and state twice (in the
 * key and in the steps) with a field name before every number: 460 bytes a row, and a 30-day
 * window read spent most of its time parsing it. Here a row is
 * [steps as string ids (entity, state, ...), count, duration sum, sum of squares, min, max,
 * gap sums, start quarters, days as string ids, automated, users], and the key is rebuilt from
 * the steps: a third of the text. Count maps stay JSON objects (JSON.parse builds objects keyed
 * "42" cheaply; assigning such keys one by one makes sparse element stores).
 */
export const sequenceRowsCodec = {
  /** The rows in this form, or null when some row is not a chain as sequence_daily writes it. */
  encode(rows: readonly [string, unknown][]): { strings: string[]; rows: unknown[] } | null {
    const table = new StringTable();
    const id = (s: string) => table.id(s);
    const out: unknown[] = [];
    for (const [key, value] of rows) {
      if (!isSequenceRow(value) || key !== keyOf(value.steps)) return null;
      const steps: number[] = [];
      for (const s of value.steps) steps.push(id(s.entity), id(s.state));
      out.push([
        steps,
        value.count,
        value.durationSumSec,
        value.durationSqSumSec,
        value.durationMinSec,
        value.durationMaxSec,
        value.gapSumSec,
        value.startQuarter,
        value.days.map(id),
        value.automated,
        value.users,
      ]);
    }
    return { strings: table.strings(), rows: out };
  },

  decode(strings: readonly string[], rows: readonly unknown[]): [string, SequenceRow][] {
    const decode = sequenceRowsCodec.decoder(strings);
    const out: [string, SequenceRow][] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) out[r] = decode(rows[r]);
    return out;
  },

  /** Decodes the rows of one blob one at a time (its strings given), sharing step objects between them. */
  decoder(strings: readonly string[]): (row: unknown) => [string, SequenceRow] {
    // One object per step, shared by the chains it is part of, as computeDay shares them, and its
    // "entity|state" text for the keys, both made once per blob: indexed by entity id * strings +
    // state id in plain arrays, which a 30-day read looks up some 200,000 times (a Map keyed by
    // the same numbers, and a key joined from every entity, state and separator, took a third more
    // of the decoding's time).
    const stride = strings.length;
    const stepAt: { entity: string; state: string }[] = [];
    const textAt: string[] = [];
    // The first step's text with the key's "seq|" before it, so one join makes the whole key.
    const headAt: string[] = [];
    return (row) => {
      const x = row as CompactSequenceRow;
      const stepIds = x[0];
      const n = stepIds.length >> 1;
      const steps: { entity: string; state: string }[] = new Array(n);
      // Joined once, not concatenated: a concatenated key is a tree of string pieces that lives as
      // long as the window's map, and a 30-day window holds some 50,000 of them.
      const texts: string[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const e = stepIds[2 * i];
        const s = stepIds[2 * i + 1];
        const id = e * stride + s;
        let step = stepAt[id];
        if (step === undefined) {
          step = { entity: strings[e], state: strings[s] };
          stepAt[id] = step;
          textAt[id] = [step.entity, step.state].join("|");
          headAt[id] = ["seq|", step.entity, "|", step.state].join("");
        }
        steps[i] = step;
        texts[i] = i === 0 ? headAt[id] : textAt[id];
      }
      return [
        texts.join(">"),
        {
          steps,
          count: x[1],
          durationSumSec: x[2],
          durationSqSumSec: x[3],
          durationMinSec: x[4],
          durationMaxSec: x[5],
          gapSumSec: x[6],
          startQuarter: x[7],
          days: stringsOf(x[8], strings),
          automated: x[9],
          users: x[10],
        },
      ];
    };
  },
};

/** A row as the blob holds it: see sequenceRowsCodec. */
type CompactSequenceRow = [
  steps: number[],
  count: number,
  durationSumSec: number,
  durationSqSumSec: number,
  durationMinSec: number,
  durationMaxSec: number,
  gapSumSec: number[],
  startQuarter: Record<string, number>,
  days: number[],
  automated: number,
  users: Record<string, number>,
];

/** sequenceKey of src/layers/kinds/sequence-daily.ts: "seq|A|on>B|on". */
function keyOf(steps: readonly { entity: string; state: string }[]): string {
  return `seq|${steps.map((s) => `${s.entity}|${s.state}`).join(">")}`;
}

function isSequenceRow(v: unknown): v is SequenceRow {
  if (!hasExactKeys(v, FIELDS)) return false;
  const r = v as unknown as SequenceRow;
  return (
    Array.isArray(r.steps) &&
    r.steps.length > 0 &&
    r.steps.every((s) => hasExactKeys(s, STEP_FIELDS) && typeof s.entity === "string" && typeof s.state === "string") &&
    [r.count, r.durationSumSec, r.durationSqSumSec, r.durationMinSec, r.durationMaxSec, r.automated].every(
      isFiniteNumber,
    ) &&
    Array.isArray(r.gapSumSec) &&
    r.gapSumSec.every(isFiniteNumber) &&
    Array.isArray(r.days) &&
    r.days.every((d) => typeof d === "string") &&
    isCounts(r.startQuarter) &&
    isCounts(r.users)
  );
}
