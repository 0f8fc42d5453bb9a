// Home Assistant's history panel "download data" CSV (entity_id,state,last_changed) as state changes.

import { InputError } from "../../core/errors.js";
import type { HomeEvent } from "../../core/home-event.js";
import { checkEntityText, MAX_HA_TEXT, normalizeEvent } from "../../ingest/normalize.js";
import { parseCsvRecord } from "./csv-record.js";
import {
  checkEntityId,
  eventsOf,
  FatalImportError,
  type LineOutcome,
  type LineParser,
  parseIsoTime,
} from "./line-parser.js";

export const HISTORY_CSV_SOURCE = "import:csv";

/**
 * A quoted field may span lines, but a state is at most 255 characters: a record longer than
 * this is a quote that was never closed, not a long state.
 */
const MAX_RECORD_CHARS = 4 * MAX_HA_TEXT;
const UNCLOSED = "unclosed quote";

type Columns = { entity: number; state: number; changed: number; width: number };

/** `now` is the importing clock, for ingest's rules (no time more than a day ahead). */
export function createHistoryCsvParser(
  source = HISTORY_CSV_SOURCE,
  now: () => number = () => Number.POSITIVE_INFINITY,
): LineParser {
  let columns: Columns | undefined;
  // The lines of a record whose quoted field is still open.
  let pending: { text: string; line: number }[] = [];
  // Rows come grouped by entity, but a last state per entity also copes with files joined together.
  const lastState = new Map<string, string>();

  const record = (fields: string[], lineNumber: number): LineOutcome => {
    if (!columns) {
      const names = fields.map((f) => f.trim().toLowerCase());
      const entity = names.indexOf("entity_id");
      const state = names.indexOf("state");
      const changed = names.indexOf("last_changed");
      if (entity < 0 || state < 0 || changed < 0) {
        throw new FatalImportError(
          `line ${lineNumber}: not a Home Assistant history CSV: expected the header entity_id,state,last_changed, got ${JSON.stringify(fields.join(",").slice(0, 80))}`,
        );
      }
      columns = { entity, state, changed, width: Math.max(entity, state, changed) + 1 };
      return { kind: "skipped", line: lineNumber, reason: "header" };
    }
    if (fields.length === 1 && fields[0].trim() === "")
      return { kind: "skipped", line: lineNumber, reason: "blank line" };
    if (fields.length < columns.width)
      throw new InputError(`expected ${columns.width} fields, got ${fields.length}`, "wrong number of fields");
    // A header repeated where two downloads were joined.
    if (fields[columns.entity] === "entity_id" && fields[columns.state] === "state")
      return { kind: "skipped", line: lineNumber, reason: "header" };
    const entity = checkEntityId(fields[columns.entity].trim());
    const state = fields[columns.state];
    const ts = parseIsoTime(fields[columns.changed], "last_changed");
    const previous = lastState.get(entity);
    if (previous === state) return { kind: "skipped", line: lineNumber, reason: "same state as the row before" };
    // The first row of an entity is its state when the window opened: what came before is unknown.
    const event: HomeEvent = { ts, entity, state, source };
    if (previous !== undefined) event.previous = previous;
    // A refused row (a year 9999, a state over 255 characters) must not become the next row's previous state.
    const checked = normalizeEvent(event, now());
    if (!checked.ok) throw new InputError(checked.detail, checked.reason);
    lastState.set(entity, state);
    return eventsOf(lineNumber, [checked.event], "no state change");
  };

  /** Every line of the open record is lost: each one counted, under the line the quote opened on. */
  const abandon = (): LineOutcome[] => {
    const opened = pending[0]?.line;
    const out = pending.map(
      (p): LineOutcome => ({
        kind: "malformed",
        line: p.line,
        reason: UNCLOSED,
        detail: `quoted field opened on line ${opened} is never closed`,
      }),
    );
    pending = [];
    return out;
  };

  /** One record from `lines`: its outcome goes to the first line, the others continue it. */
  const settle = (fields: string[], lines: { line: number }[]): LineOutcome[] => {
    const first = lines[0].line;
    const rest = lines
      .slice(1)
      .map((l): LineOutcome => ({ kind: "skipped", line: l.line, reason: "continues a quoted field" }));
    try {
      return [record(fields, first), ...rest];
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const detail = lines.length > 1 ? `record from line ${first}: ${err.message}` : err.message;
      return [{ kind: "malformed", line: first, reason: err.reason, detail }, ...rest];
    }
  };

  /**
   * True when the line reads as the start of a new row: its entity column holds an entity id and it
   * has enough fields. A line inside a quoted state (which HA caps at 255 characters) hardly ever does.
   */
  const startsRow = (text: string): boolean => {
    if (!columns) return false;
    const naive = text.split(",");
    return naive.length >= columns.width && checkEntityText(naive[columns.entity]?.trim()) === null;
  };

  const fresh = (text: string, lineNumber: number): LineOutcome[] => {
    if (text.trim() === "") return [{ kind: "skipped", line: lineNumber, reason: "blank line" }];
    const fields = parseCsvRecord(text);
    if (fields === undefined) {
      pending = [{ text, line: lineNumber }];
      return [];
    }
    return settle(fields, [{ line: lineNumber }]);
  };

  return {
    line(text, lineNumber) {
      if (pending.length === 0) return fresh(text, lineNumber);
      // Resynchronise: a quote left open must not swallow the rows after it.
      if (startsRow(text)) return [...abandon(), ...fresh(text, lineNumber)];
      const joined = `${pending.map((p) => p.text).join("\n")}\n${text}`;
      const fields = parseCsvRecord(joined);
      const lines = [...pending, { text, line: lineNumber }];
      if (fields !== undefined) {
        pending = [];
        return settle(fields, lines);
      }
      pending = lines;
      return joined.length > MAX_RECORD_CHARS ? abandon() : [];
    },
    end() {
      const out = abandon();
      if (!columns) throw new FatalImportError("the file is empty: expected the header entity_id,state,last_changed");
      return out;
    },
  };
}
