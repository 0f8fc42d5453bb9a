// Home Assistant's history panel "download data" CSV (entity_id,state,last_changed) as state changes.

import { InputError } from "../../core/errors.js";
import type { HomeEvent } from "../../core/home-event.js";
import { parseCsvRecord } from "./csv-record.js";
import { checkEntityId, FatalImportError, type LineParser, parseIsoTime } from "./line-parser.js";

export const HISTORY_CSV_SOURCE = "import:csv";

/** A quoted field may span lines; past this it is a broken quote, not a long state. */
const MAX_RECORD_CHARS = 64 * 1024;

export function createHistoryCsvParser(source = HISTORY_CSV_SOURCE): LineParser {
  let columns: { entity: number; state: number; changed: number } | undefined;
  let pending: { text: string; line: number } | undefined;
  // Rows come grouped by entity, but a last state per entity also copes with files joined together.
  const lastState = new Map<string, string>();

  const record = (fields: string[], lineNumber: number): HomeEvent[] => {
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
      columns = { entity, state, changed };
      return [];
    }
    if (fields.length === 1 && fields[0].trim() === "") return [];
    const width = Math.max(columns.entity, columns.state, columns.changed) + 1;
    if (fields.length < width) throw new InputError(`expected ${width} fields, got ${fields.length}`);
    // A header repeated where two downloads were joined.
    if (fields[columns.entity] === "entity_id" && fields[columns.state] === "state") return [];
    const entity = checkEntityId(fields[columns.entity].trim());
    const state = fields[columns.state];
    const ts = parseIsoTime(fields[columns.changed], "last_changed");
    const previous = lastState.get(entity);
    if (previous === state) return [];
    lastState.set(entity, state);
    // The first row of an entity is its state when the window opened: what came before is unknown.
    const event: HomeEvent = { ts, entity, state, source };
    if (previous !== undefined) event.previous = previous;
    return [event];
  };

  return {
    line(text, lineNumber) {
      const start = pending ?? { text: "", line: lineNumber };
      const joined = pending ? `${pending.text}\n${text}` : text;
      if (!pending && text.trim() === "") return [];
      const fields = parseCsvRecord(joined);
      if (fields === undefined) {
        if (joined.length > MAX_RECORD_CHARS) {
          pending = undefined;
          throw new InputError(`quoted field opened on line ${start.line} is never closed`);
        }
        pending = { text: joined, line: start.line };
        return [];
      }
      pending = undefined;
      try {
        return record(fields, start.line);
      } catch (err) {
        if (err instanceof InputError && start.line !== lineNumber) {
          throw new InputError(`record from line ${start.line}: ${err.message}`);
        }
        throw err;
      }
    },
    end() {
      if (pending) {
        const line = pending.line;
        pending = undefined;
        throw new InputError(`quoted field opened on line ${line} is never closed`);
      }
      if (!columns) throw new FatalImportError("the file is empty: expected the header entity_id,state,last_changed");
      return [];
    },
  };
}
