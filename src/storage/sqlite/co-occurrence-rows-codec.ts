// A compact stored form for co_occurrence_daily rows: pairs and entity-states as numbers in arrays.
import { hasExactKeys, isCounts, isFiniteNumber, StringTable, stringsOf } from "./compact-parts.js";

/** The rows as src/layers/kinds/co-occurrence-rows.ts writes them. */
interface DayRow {
  type: "day";
  days: number;
  dayMs: number;
}
interface EntityRow {
  type: "entity";
  entity: string;
  state: string;
  count: number;
  coverageMs: Record<string, number>;
  activeDays: number;
  automated: number;
  users: Record<string, number>;
}
interface PairRow {
  type: "pair";
  a: string;
  aState: string;
  b: string;
  bState: string;
  hits: Record<string, number>;
  delaySumMs: number;
  blocked: number;
  days: string[];
  automated: number;
  users: Record<string, number>;
}

const DAY_KEYS = ["type", "days", "dayMs"];
const ENTITY_KEYS = ["type", "entity", "state", "count", "coverageMs", "activeDays", "automated", "users"];
const PAIR_KEYS = ["type", "a", "aState", "b", "bState", "hits", "delaySumMs", "blocked", "days", "automated", "users"];

const DAY = 0;
const ENTITY = 1;
const PAIR = 2;

/**
 * A pair's JSON named both entity-states twice (key and fields), the windows' seconds and every
 * field: ~270 bytes a row, after the chains the most text a window read parses. Here a row is
 * [0, days, dayMs] for "day", [1, entity, state, count, coverage, active days, automated, users]
 * for "entity|…" and [2, a, aState, b, bState, hits, delay sum, blocked, days, automated, users]
 * for "pair|…", with entity ids, states and days as ids into the blob's table; keys are rebuilt
 * from the fields. Count maps stay JSON objects: JSON.parse builds objects keyed "30", "600"
 * cheaply, assigning such keys one by one makes sparse element stores and cost 5× the read.
 */
export const coOccurrenceRowsCodec = {
  /** The rows in this form, or null when some row is not one co_occurrence_daily writes. */
  encode(rows: readonly [string, unknown][]): { strings: string[]; rows: unknown[] } | null {
    const table = new StringTable();
    const out: unknown[] = [];
    for (const [key, value] of rows) {
      const row = encodeRow(key, value, table);
      if (row === null) return null;
      out.push(row);
    }
    return { strings: table.strings(), rows: out };
  },

  decode(strings: readonly string[], rows: readonly unknown[]): [string, DayRow | EntityRow | PairRow][] {
    const decode = coOccurrenceRowsCodec.decoder(strings);
    const out: [string, DayRow | EntityRow | PairRow][] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) out[r] = decode(rows[r]);
    return out;
  },

  /** Decodes the rows of one blob one at a time, its strings given. */
  decoder(strings: readonly string[]): (row: unknown) => [string, DayRow | EntityRow | PairRow] {
    // A pair key's halves, made once per entity-state of the blob (indexed by entity id * strings
    // + state id) and joined once per row: an entity-state is in tens of a day's pairs.
    const stride = strings.length;
    const headAt: string[] = [];
    const textAt: string[] = [];
    return (row) => {
      const x = row as unknown[];
      if (x[0] === DAY) return ["day", { type: "day", days: x[1] as number, dayMs: x[2] as number }];
      if (x[0] === ENTITY) {
        const entity = strings[x[1] as number];
        const state = strings[x[2] as number];
        return [
          ["entity|", entity, "|", state].join(""),
          {
            type: "entity",
            entity,
            state,
            count: x[3] as number,
            coverageMs: x[4] as Record<string, number>,
            activeDays: x[5] as number,
            automated: x[6] as number,
            users: x[7] as Record<string, number>,
          },
        ];
      }
      const aId = (x[1] as number) * stride + (x[2] as number);
      const bId = (x[3] as number) * stride + (x[4] as number);
      const a = strings[x[1] as number];
      const aState = strings[x[2] as number];
      const b = strings[x[3] as number];
      const bState = strings[x[4] as number];
      let head = headAt[aId];
      if (head === undefined) {
        head = ["pair|", a, "|", aState].join("");
        headAt[aId] = head;
      }
      let tail = textAt[bId];
      if (tail === undefined) {
        tail = [b, bState].join("|");
        textAt[bId] = tail;
      }
      return [
        [head, tail].join("|"),
        {
          type: "pair",
          a,
          aState,
          b,
          bState,
          hits: x[5] as Record<string, number>,
          delaySumMs: x[6] as number,
          blocked: x[7] as number,
          days: stringsOf(x[8] as number[], strings),
          automated: x[9] as number,
          users: x[10] as Record<string, number>,
        },
      ];
    };
  },
};

function encodeRow(key: string, v: unknown, table: StringTable): unknown[] | null {
  if (hasExactKeys(v, DAY_KEYS) && v.type === "day") {
    const r = v as unknown as DayRow;
    return key === "day" && isFiniteNumber(r.days) && isFiniteNumber(r.dayMs) ? [DAY, r.days, r.dayMs] : null;
  }
  if (hasExactKeys(v, ENTITY_KEYS) && v.type === "entity") {
    const r = v as unknown as EntityRow;
    if (typeof r.entity !== "string" || typeof r.state !== "string" || key !== `entity|${r.entity}|${r.state}`)
      return null;
    if (!isCounts(r.coverageMs) || !isCounts(r.users) || ![r.count, r.activeDays, r.automated].every(isFiniteNumber))
      return null;
    return [ENTITY, table.id(r.entity), table.id(r.state), r.count, r.coverageMs, r.activeDays, r.automated, r.users];
  }
  if (hasExactKeys(v, PAIR_KEYS) && v.type === "pair") {
    const r = v as unknown as PairRow;
    const names = [r.a, r.aState, r.b, r.bState];
    if (!names.every((s) => typeof s === "string") || key !== `pair|${names.join("|")}`) return null;
    const numbers = [r.delaySumMs, r.blocked, r.automated].every(isFiniteNumber);
    if (!isCounts(r.hits) || !numbers || !isCounts(r.users) || !Array.isArray(r.days)) return null;
    if (!r.days.every((d) => typeof d === "string")) return null;
    return [
      PAIR,
      ...names.map((s) => table.id(s)),
      r.hits,
      r.delaySumMs,
      r.blocked,
      r.days.map((d) => table.id(d)),
      r.automated,
      r.users,
    ];
  }
  return null;
}
