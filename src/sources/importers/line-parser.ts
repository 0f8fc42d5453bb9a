// What an import format is: a parser fed line by line, plus the checks all formats share.

import { InputError } from "../../core/errors.js";
import type { HomeEvent } from "../../core/home-event.js";
import { parseIsoWithZone } from "../../core/iso-time.js";
import { checkEntityText } from "../../ingest/normalize.js";

/**
 * What became of one line. Every line read ends as exactly one outcome, so an import summary
 * adds up: events (then stored, already stored or refused by ingest), skipped (not an event and
 * not an error: a header, a blank line, a repeated state) or malformed (counted with a reason).
 */
export type LineOutcome =
  | { kind: "events"; line: number; events: HomeEvent[] }
  | { kind: "skipped"; line: number; reason: string }
  | { kind: "malformed"; line: number; reason: string; detail: string };

/**
 * Turns lines into outcomes. `line` may settle earlier lines too (a quoted field that spans
 * lines, or one that never closes), so it returns a list. It may also throw InputError for the
 * current line (malformed, counted, skipped) and FatalImportError when the file is not of this
 * format at all (the import stops).
 */
export interface LineParser {
  line(text: string, lineNumber: number): LineOutcome[];
  /** End of file: anything still pending is returned or reported. */
  end(): LineOutcome[];
}

/** The whole file is unusable (wrong format, missing header): stop rather than reject every line. */
export class FatalImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FatalImportError";
  }
}

export const eventsOf = (line: number, events: HomeEvent[], emptyReason: string): LineOutcome =>
  events.length > 0 ? { kind: "events", line, events } : { kind: "skipped", line, reason: emptyReason };

export function checkEntityId(value: unknown): string {
  const refusal = checkEntityText(value);
  if (refusal) throw new InputError(refusal.detail, refusal.reason);
  return value as string;
}

/** Epoch ms of an ISO 8601 time with a zone (2026-11-20T06:55:12.345Z, ...+00:00); a missing zone would silently depend on where the import runs. */
export function parseIsoTime(value: unknown, what: string): number {
  const parsed = typeof value === "string" ? parseIsoWithZone(value) : undefined;
  if (parsed?.ok) return parsed.ms;
  if (parsed?.kind === "impossible")
    throw new InputError(`${what}: ${parsed.problem}: ${JSON.stringify(value)}`, "impossible time");
  throw new InputError(
    `${what} is not an ISO 8601 time with a zone: ${JSON.stringify(value)}`,
    "not an ISO 8601 time with a zone",
  );
}
